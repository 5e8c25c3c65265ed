// 绑定这台手机 in the browser: a phone the bank does not know yet opens on
// the binding screen. A typing slip in the ID number is named; the bank
// sends a code by SMS (the sandbox bank shows its SMS on the screen); a
// wrong code says how many tries are left; the right one binds the phone.
// Nothing of hers is shown until she gives the PIN she has at the bank
// (the bank checks it: a wrong one is counted there), then her accounts
// arrive.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startApp, startGateway, launchBrowser, onScreen, waitForText, shot, screenProblems, tempDataDir, PHONE,
} from './helpers.mjs';
import { join } from 'node:path';

let gateway;
let app;
let browser;
before(async () => {
  const bank = tempDataDir();
  gateway = await startGateway({ dbPath: join(bank, 'bank.db') });
  app = await startApp({ dataDir: tempDataDir(), args: ['--server', gateway.url, '--bind-by-hand'] });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await app?.stop();
  await gateway?.stop();
});

test('a new phone is bound with her ID number and the code from the SMS', { timeout: 180_000 }, async () => {
  const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 1, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(app.url);
  await onScreen(page, 'bind');
  assert.equal(await page.locator('[data-testid=tile-balance]').count(), 0, 'nothing of hers before binding');
  assert.deepEqual(await screenProblems(page), []);
  await shot(page, '70-bind-id');

  const idNumber = (await (await fetch(`${gateway.url}/v1/sandbox/customers/demo-elder-0001`)).json()).id_number;
  const slip = idNumber.slice(0, 17) + (idNumber[17] === '1' ? '2' : '1');
  await page.fill('[data-testid=bind-id]', slip);
  await page.click('[data-testid=bind-send]');
  await waitForText(page, '[data-testid=bind-error]', '身份证号有一位不对。请对照身份证，一位一位再输入一次。');

  // Typed with spaces, as people do.
  await page.fill('[data-testid=bind-id]', `${idNumber.slice(0, 6)} ${idNumber.slice(6, 14)} ${idNumber.slice(14)}`);
  await page.click('[data-testid=bind-send]');
  await waitForText(page, '[data-testid=bind-sent]', '验证码已经发到 138****6688。');
  const sms = await page.locator('[data-testid=bind-sandbox-sms] p').textContent();
  assert.match(sms, /银行工作人员不会向您要验证码/);
  const code = sms.match(/(?<!\d)\d{6}(?!\d)/)[0];
  assert.deepEqual(await screenProblems(page), []);
  await shot(page, '71-bind-code');

  const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  await page.fill('[data-testid=bind-code]', wrong);
  await page.click('[data-testid=bind-submit]');
  await waitForText(page, '[data-testid=bind-error]', '验证码不对。请看清短信里的 6 位数字再输入。 还可以再试 4 次。');

  await page.fill('[data-testid=bind-code]', `${code.slice(0, 3)} ${code.slice(3)}`);
  await page.click('[data-testid=bind-submit]');
  await onScreen(page, 'pin-first-run');
  assert.equal(await page.locator('[data-testid=tile-balance]').count(), 0, 'nothing of hers before her PIN');
  await waitForText(page, '[data-testid=pin-lock-ask]', '这台手机第一次登录。请输入您的 6 位登录密码，就是您在别的手机上用的那个。');
  assert.deepEqual(await screenProblems(page), []);
  await shot(page, '72-bind-pin');
  for (const d of '111112') await page.click(`[data-testid="pin-${d}"]`);
  await waitForText(page, '[data-testid=pin-error]', '密码不对。还可以再试 4 次。');
  for (const d of '583920') await page.click(`[data-testid="pin-${d}"]`);
  await onScreen(page, 'home');
  // Her data arrives by sync once the phone is bound.
  await page.waitForSelector('[data-testid=tile-balance]');
  await page.waitForFunction(
    () => document.querySelector('[data-testid=greeting]')?.textContent.includes('王秀兰'),
    null,
    { timeout: 30_000 },
  );
  await shot(page, '73-bound-home');
  await context.close();
});
