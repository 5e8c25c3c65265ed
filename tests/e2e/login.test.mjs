// 登录密码 in the browser, checked by the bank: the testers' shortcut logs
// the demo elder in with the sandbox's demo PIN; she changes it on a big
// keypad (the old one first; a guessable one and a mismatch are refused in
// words). Opened again without the shortcut, the app shows the lock screen
// with nothing private on it; the old PIN is wrong at the bank, the new one
// opens it, and five wrong ones lock it until a time shown in words, even
// for the right PIN.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startApp, launchBrowser, openPhone, onScreen, waitForText, shot, screenProblems, tempDataDir, PHONE,
} from './helpers.mjs';

const DEMO_PIN = '583920';
const NEW_PIN = '770412';

let app;
let browser;
let dataDir;
before(async () => {
  dataDir = tempDataDir();
  app = await startApp({ dataDir });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await app?.stop();
});

async function typePin(page, digits) {
  for (const d of digits) await page.click(`[data-testid="pin-${d}"]`);
}

async function openLocked() {
  const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 1, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(app.url);
  await onScreen(page, 'pin-lock');
  return page;
}

test('change the PIN at the bank, then the app opens locked; wrong PINs count and lock', { timeout: 180_000 }, async () => {
  const page = await openPhone(browser, app.url);
  await page.click('[data-testid=tile-settings]');
  await onScreen(page, 'settings');
  await waitForText(page, '[data-testid=pin-state]', '已设置：打开时要输入密码。');
  await page.click('[data-testid=pin-setup]');
  await onScreen(page, 'pin-setup');
  await waitForText(page, '[data-testid=pin-ask]', '请先输入现在的 6 位密码');
  assert.deepEqual(await screenProblems(page), []);
  await shot(page, '60-pin-change');

  await typePin(page, DEMO_PIN);
  await waitForText(page, '[data-testid=pin-ask]', '请输入 6 位新密码');
  await typePin(page, '123456');
  await waitForText(page, '[data-testid=pin-error]', '这个密码太容易被猜到（比如 123456、111111）。请换一个。');
  await typePin(page, '77041');
  // The dots follow the taps (liveview renders after each one).
  await page.waitForFunction(
    () => document.querySelector('[data-testid=pin-dots]')?.getAttribute('aria-label') === '已输入 5 位',
    null,
    { timeout: 10_000 },
  );
  await page.click('[data-testid=pin-del]');
  await typePin(page, '22');
  await waitForText(page, '[data-testid=pin-ask]', '请再输入一次，确认密码');
  await typePin(page, '770413');
  await waitForText(page, '[data-testid=pin-error]', '两次输入的不一样，请重新输入新密码。');
  await waitForText(page, '[data-testid=pin-ask]', '请输入 6 位新密码');
  await typePin(page, NEW_PIN);
  await typePin(page, NEW_PIN);
  await page.waitForSelector('[data-testid=pin-set]');
  await shot(page, '61-pin-set');
  await page.close();

  // Opened again as a phone is (no testers' shortcut): the lock screen,
  // and nothing private on it.
  await app.stop();
  app = await startApp({ dataDir, args: ['--bind-by-hand'] });
  const locked = await openLocked();
  assert.equal(await locked.locator('[data-testid=tile-balance]').count(), 0);
  assert.equal(await locked.locator('[data-testid=greeting]').count(), 0);
  assert.deepEqual(await screenProblems(locked), []);
  await shot(locked, '62-pin-lock');
  // The old PIN: the bank no longer takes it.
  await typePin(locked, DEMO_PIN);
  await waitForText(locked, '[data-testid=pin-error]', '密码不对。还可以再试 4 次。');
  await typePin(locked, NEW_PIN);
  await onScreen(locked, 'home');
  await locked.waitForSelector('[data-testid=tile-balance]');
  // The bank opened a session: her data is fresh.
  await waitForText(locked, '[data-testid=freshness]', '已更新 · 今天 09:30');
  await locked.close();

  // Five wrong tries lock it at the bank; then even the right PIN waits.
  const again = await openLocked();
  for (const left of [4, 3, 2, 1]) {
    await typePin(again, '111112');
    await waitForText(again, '[data-testid=pin-error]', `密码不对。还可以再试 ${left} 次。`);
  }
  await typePin(again, '111112');
  await waitForText(again, '[data-testid=pin-error]', '输错太多次，密码已暂时锁定。请在 今天 09:31 之后再试。');
  await typePin(again, NEW_PIN);
  await waitForText(again, '[data-testid=pin-error]', '输错太多次，密码已暂时锁定。请在 今天 09:31 之后再试。');
  await onScreen(again, 'pin-lock');
  await shot(again, '63-pin-locked');
  await again.close();
});
