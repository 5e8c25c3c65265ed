// 我的手机: her phones as the bank lists them; a new phone bound to her
// account is announced on her other phone, which asks whether it is hers;
// one she does not know is removed from there (that it is logged out at the
// bank at once is tests/sync/attacks.rs's).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  startApp, startGateway, launchBrowser, openPhone, onScreen, waitForText, shot, screenProblems, tempDataDir,
  refreshUntil, backHome, texts,
} from './helpers.mjs';

let gateway;
let mine;
let other;
let third;
let browser;
before(async () => {
  gateway = await startGateway({ dbPath: join(tempDataDir(), 'bank.db') });
  mine = await startApp({ dataDir: tempDataDir(), args: ['--server', gateway.url] });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await Promise.all([mine?.stop(), other?.stop(), third?.stop()]);
  await gateway?.stop();
});

/** Another phone bound to her account (by the testers' shortcut, as somebody "helping" her would). */
async function bindAnother() {
  const app = await startApp({ dataDir: tempDataDir(), args: ['--server', gateway.url] });
  const page = await openPhone(browser, app.url);
  await waitForText(page, '[data-testid=freshness]', '已更新 · 今天 09:30');
  assert.equal(await page.locator('[data-testid=new-phone-notice]').count(), 0,
    'a new phone is not told of the phones bound before it');
  await page.close();
  return app;
}

test('a new phone is announced on hers; one she does not know is removed and logged out at once', { timeout: 180_000 }, async () => {
  const page = await openPhone(browser, mine.url);
  await waitForText(page, '[data-testid=freshness]', '已更新 · 今天 09:30');
  assert.equal(await page.locator('[data-testid=new-phone-notice]').count(), 0);
  other = await bindAnother();

  // Her phone hears of it at its next sync, and asks.
  await refreshUntil(page, '[data-testid=new-phone-notice]');
  const [notice] = await texts(page, '[data-testid=new-phone-notice]');
  assert.match(notice, /有一台新手机绑定了您的账户/);
  assert.match(notice, /「HappyLife」在今天 09:30绑定了您的账户/);
  assert.deepEqual(await screenProblems(page), []);
  await shot(page, '79-new-phone-notice');
  // 朗读本页 reads it first.
  await page.evaluate(() => { speechSynthesis.speak = () => {}; speechSynthesis.cancel = () => {}; });
  await page.click('[data-testid=read-aloud]');
  const speech = await page.textContent('[data-testid=speech]');
  assert.ok(speech.includes('有一台新手机绑定了您的账户 「HappyLife」在今天 09:30绑定了您的账户'), speech);
  await page.click('[data-testid=read-aloud]');

  // Not hers: it takes her to her phones.
  await page.click('[data-testid=new-phone-not-mine]');
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
  // Removed, the notice is answered.
  await backHome(page);
  assert.equal(await page.locator('[data-testid=new-phone-notice]').count(), 0);

  // A phone that is hers: she says so, and the notice goes for good.
  third = await bindAnother();
  await refreshUntil(page, '[data-testid=new-phone-notice]');
  await page.click('[data-testid=new-phone-mine]');
  await page.waitForSelector('[data-testid=new-phone-notice]', { state: 'detached' });
  await page.click('[data-testid=refresh]');
  await page.waitForTimeout(1_000);
  assert.equal(await page.locator('[data-testid=new-phone-notice]').count(), 0);
  await page.close();
});
