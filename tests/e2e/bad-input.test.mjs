// Bad input at start-up: a damaged database file, an unknown language.
// The app still starts, says what happened in plain words, loses nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  startApp, launchBrowser, openPhone, shot, screenProblems, tempDataDir, assertStopsCleanly,
} from './helpers.mjs';

test('a damaged database is kept aside and the elder is told', { timeout: 60_000 }, async () => {
  const dataDir = tempDataDir();
  const junk = 'not a database '.repeat(500);
  writeFileSync(join(dataDir, 'companion.db'), junk);
  const browser = await launchBrowser();
  const app = await startApp({ dataDir });
  try {
    const page = await openPhone(browser, app.url);
    const notice = await page.textContent('[data-testid=notices]');
    assert.match(notice, /原来的数据文件无法读取/);
    assert.match(notice, /没有被删除/);
    const kept = readdirSync(dataDir).find((f) => f.startsWith('companion.db.damaged-'));
    assert.ok(kept, 'the damaged file is still there');
    assert.ok(notice.includes(kept), 'the notice names the kept file');
    assert.equal(readFileSync(join(dataDir, kept), 'utf8'), junk);
    assert.deepEqual(await screenProblems(page), []);
    await shot(page, '13-notice-damaged-store');
    await page.close();
  } finally {
    await browser.close();
    await app.stop();
  }
});

test('an unknown language starts in 简体中文 and says so', { timeout: 60_000 }, async () => {
  const browser = await launchBrowser();
  const app = await startApp({ dataDir: tempDataDir(), args: ['--lang', 'xx-YY'] });
  try {
    const page = await openPhone(browser, app.url);
    const notice = await page.textContent('[data-testid=notices]');
    assert.match(notice, /不认识语言“xx-YY”，已使用简体中文/);
    assert.equal(await page.textContent('[data-testid=tile-balance]'), '余额');
    // Stopping the app while a tab is still connected ends it cleanly.
    await assertStopsCleanly(app, 'the app');
    await page.close();
  } finally {
    await browser.close();
    await app.stop();
  }
});
