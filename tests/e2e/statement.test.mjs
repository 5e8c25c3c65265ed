// 打印流水 at phone size: from her debit card's history, a year's statement
// is made on the phone (offline too), saved, and read back with pdftotext:
// every transaction the screen counts, the balances the screen says. Dates
// in the wrong order are refused in words.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  startApp, launchBrowser, openPhone, onScreen, waitForText, shot, screenProblems, tempDataDir,
} from './helpers.mjs';

let app;
let browser;
before(async () => {
  app = await startApp({ dataDir: tempDataDir() });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await app?.stop();
});

test('a year of her debit card as a PDF she can save, read back with pdftotext', { timeout: 120_000 }, async () => {
  const page = await openPhone(browser, app.url);
  await page.waitForSelector('[data-testid=greeting]');
  await page.click('[data-testid=tile-history]');
  await onScreen(page, 'account-detail');
  await page.click('[data-testid=statement-open]');
  await onScreen(page, 'statement');
  assert.deepEqual(await screenProblems(page), []);

  // Dates the wrong way round: said in words, nothing made.
  await page.click('[data-testid=period-dates]');
  await page.fill('[data-testid=statement-from]', '2026-06-01');
  await page.fill('[data-testid=statement-to]', '2026-05-01');
  await page.click('[data-testid=statement-make]');
  await waitForText(page, '[data-testid=statement-error]', '这段日期做不了流水：开始日期要早于结束日期，不能晚于今天，最长五年。');

  await page.click('[data-testid=period-last-year]');
  await page.waitForSelector('[data-testid=period-last-year][aria-pressed=true]');
  await page.click('[data-testid=statement-make]');
  await page.waitForSelector('[data-testid=statement-done]');
  const done = await page.textContent('[data-testid=statement-done] p');
  const m = done.match(/共 (\d+) 笔交易。期初余额 (¥[\d,.]+)，期末余额 (¥[\d,.]+)。/);
  assert.ok(m, done);
  assert.match(done, /^2025年1月1日 至 2025年12月31日/);
  assert.deepEqual(await screenProblems(page), []);
  await shot(page, '120-statement-made');

  // The saved file, as the browser would save it.
  const link = page.locator('[data-testid=statement-save]');
  assert.equal(await link.getAttribute('download'), '流水-尾号7182-2025-01-01至2025-12-31.pdf');
  const href = await link.getAttribute('href');
  assert.ok(href.startsWith('data:application/pdf;base64,'));
  const file = join(tempDataDir(), 'statement.pdf');
  writeFileSync(file, Buffer.from(href.slice(href.indexOf(',') + 1), 'base64'));
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  assert.ok(text.includes(`共 ${m[1]} 笔交易`), 'the count the screen said');
  assert.ok(text.includes(`期初余额：${m[2]}`) && text.includes(`期末余额：${m[3]}`), 'the balances the screen said');
  const rows = text.split('\n').filter((l) => /^\s*2025-\d\d-\d\d\s/.test(l));
  assert.equal(rows.length, Number(m[1]), 'one line per transaction');
  assert.ok(rows.at(-1).includes(m[3]), `the last row ends on the closing balance: ${rows.at(-1)}`);
  await page.close();
});
