// 我的手机: her phones as the bank lists them; a phone she does not know is
// removed from another of hers (that it is logged out at the bank at once
// is tests/sync/attacks.rs's).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  startApp, startGateway, launchBrowser, openPhone, onScreen, waitForText, shot, screenProblems, tempDataDir,
} from './helpers.mjs';

let gateway;
let mine;
let other;
let browser;
before(async () => {
  gateway = await startGateway({ dbPath: join(tempDataDir(), 'bank.db') });
  mine = await startApp({ dataDir: tempDataDir(), args: ['--server', gateway.url] });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await Promise.all([mine?.stop(), other?.stop()]);
  await gateway?.stop();
});

test('her phones are listed, and one she removes is logged out at once', { timeout: 120_000 }, async () => {
  const page = await openPhone(browser, mine.url);
  await waitForText(page, '[data-testid=freshness]', '已更新 · 今天 09:30');
  // A second phone on her account (bound by the testers' shortcut, as
  // somebody "helping" her would).
  other = await startApp({ dataDir: tempDataDir(), args: ['--server', gateway.url] });
  const second = await openPhone(browser, other.url);
  await waitForText(second, '[data-testid=freshness]', '已更新 · 今天 09:30');
  await second.close();

  await page.click('[data-testid=tile-settings]');
  await page.click('[data-testid=open-phones]');
  await onScreen(page, 'phones');
  await page.waitForSelector('[data-testid=phone-this]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=phone]').length === 2);
  assert.deepEqual(await screenProblems(page), []);
  await shot(page, '80-phones');

  await page.click('[data-testid=phone-remove]');
  await page.waitForSelector('[data-testid=phone-remove-ask]');
  assert.deepEqual(await screenProblems(page), []);
  await shot(page, '81-phone-remove-ask');
  await page.click('[data-testid=phone-remove-yes]');
  await waitForText(page, '[data-testid=phone-removed]', '已移除「HappyLife」。');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=phone]').length === 1);
  await page.close();
});
