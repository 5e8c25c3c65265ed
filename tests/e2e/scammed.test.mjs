// 我被骗了 done like a bank would: one more tap on a screen of its own, then
// every card frozen and a transfer still on its delay cancelled with the
// money back; the way back is an unfreeze asked for with her ID number and
// an SMS code, cancellable, and done only after a day (the sandbox bank's
// clock moved on by its tester shortcut).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  startApp, startGateway, launchBrowser, openPhone, onScreen, waitForText, shot, screenProblems, tempDataDir,
  debitBalance, backHome,
} from './helpers.mjs';

let gateway;
let app;
let browser;
before(async () => {
  gateway = await startGateway({ dbPath: join(tempDataDir(), 'bank.db') });
  app = await startApp({ dataDir: tempDataDir(), args: ['--server', gateway.url] });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await app?.stop();
  await gateway?.stop();
});

async function refreshUntil(page, selector) {
  for (let i = 0; i < 30; i += 1) {
    if (await page.locator(selector).count()) return;
    await page.click('[data-testid=refresh]');
    await page.waitForTimeout(400);
  }
  await page.waitForSelector(selector, { timeout: 5_000 });
}

async function unfreeze(page, idNumber) {
  await page.click('[data-testid=unfreeze-start]');
  await page.fill('[data-testid=unfreeze-id]', idNumber);
  await page.click('[data-testid=unfreeze-send]');
  const sms = await page.locator('[data-testid=unfreeze-sandbox-sms] p').textContent({ timeout: 10_000 });
  await page.fill('[data-testid=unfreeze-code]', sms.match(/(?<!\d)\d{6}(?!\d)/)[0]);
  await page.click('[data-testid=unfreeze-submit]');
}

test('我被骗了 asks once more, stops delayed money, and the way back waits a day', { timeout: 180_000 }, async () => {
  const page = await openPhone(browser, app.url);
  await waitForText(page, '[data-testid=freshness]', '已更新 · 今天 09:30');
  const before = await debitBalance(page);

  // A transfer to someone new, arriving in 24 hours (on a new phone, a
  // warning to read first).
  await page.click('[data-testid=tile-transfer]');
  await page.click('[data-testid=new-payee]');
  await page.fill('[data-testid=payee-name]', '王师傅');
  await page.fill('[data-testid=payee-account]', '6222 0200 1234 5678 901');
  await page.click('[data-testid=payee-next]');
  await onScreen(page, 'transfer-amount');
  for (const d of ['3', '0', '0']) await page.click(`[data-testid="key-${d}"]`);
  await page.click('[data-testid=delay-24h]');
  await page.click('[data-testid=amount-next]');
  await onScreen(page, 'transfer-check');
  await page.waitForSelector('[data-testid=check-continue]:not([disabled])', { timeout: 30_000 });
  await page.click('[data-testid=check-continue]');
  await onScreen(page, 'transfer-confirm');
  await page.click('[data-testid=confirm-send]');
  await waitForText(page, '[data-testid=transfer-result] h2', '已提交，延时到账');
  await backHome(page);
  assert.equal(await debitBalance(page), before - 30_000, 'the money left at once');

  // One more tap on a screen of its own: a slip of the finger changes nothing.
  await page.click('[data-testid=scammed]');
  await onScreen(page, 'scammed');
  await page.waitForSelector('[data-testid=scammed-ask]');
  assert.deepEqual(await screenProblems(page), []);
  await shot(page, '90-scammed-ask');
  await page.click('[data-testid=scammed-back]');
  await onScreen(page, 'home');
  await page.click('[data-testid=scammed]');
  await page.click('[data-testid=scammed-confirm]');
  await waitForText(page, '[data-testid=scammed-status]', '银行已收到，所有银行卡已冻结。');

  // The delayed transfer is cancelled and the money is back.
  await backHome(page);
  await page.click('[data-testid=tile-transfer]');
  await refreshUntil(page, '[data-testid=recent-transfer]:first-child [data-testid=transfer-status]');
  await waitForText(page, '[data-testid=recent-transfer]:first-child [data-testid=transfer-status]', '已撤销，钱已退回');
  await backHome(page);
  assert.equal(await debitBalance(page), before, 'the money is back');

  // The way back: asked, cancelled, asked again, done a day later.
  const idNumber = (await (await fetch(`${gateway.url}/v1/sandbox/customers/demo-elder-0001`)).json()).id_number;
  await page.click('[data-testid=scammed]');
  await waitForText(page, '[data-testid=scammed-status]', '银行已收到，所有银行卡已冻结。');
  await page.waitForSelector('[data-testid=unfreeze-start]');
  await unfreeze(page, idNumber);
  await waitForText(page, '[data-testid=unfreeze-waiting]', '解冻申请已提交，11月26日 09:30 之后生效。在这之前您可以取消。');
  assert.deepEqual(await screenProblems(page), []);
  await shot(page, '91-unfreeze-waiting');
  await page.click('[data-testid=unfreeze-cancel]');
  await page.waitForSelector('[data-testid=unfreeze-start]');
  // (The bank lets one code go per minute.)
  await fetch(`${gateway.url}/v1/sandbox/clock`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance_secs: 120 }),
  });
  await unfreeze(page, idNumber);
  await page.waitForSelector('[data-testid=unfreeze-waiting]');

  // A day passes at the bank: the next sync finds her cards unfrozen.
  const moved = await fetch(`${gateway.url}/v1/sandbox/clock`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance_secs: 24 * 3600 }),
  });
  assert.equal(moved.status, 200);
  await backHome(page);
  await page.click('[data-testid=tile-card-guard]');
  await onScreen(page, 'card-guard');
  for (let i = 0; i < 30 && (await page.locator('[data-testid=card-frozen]').count()); i += 1) {
    await page.click('[data-testid=refresh]');
    await page.waitForTimeout(500);
  }
  assert.equal(await page.locator('[data-testid=card-frozen]').count(), 0, 'no card frozen after the day');
  await page.close();
});
