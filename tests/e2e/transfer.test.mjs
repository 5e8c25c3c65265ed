// 转账 in the browser: a normal transfer to her daughter moves the balance;
// a transfer to a listed account is blocked with its explanation; a warned
// transfer waits before it can go on, arrives late, and can be cancelled.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startAppBoundEarlier, launchBrowser, openPhone, onScreen, waitForText, shot, screenProblems, tempDataDir,
  debitBalance,
} from './helpers.mjs';

let app;
let browser;
before(async () => {
  // Her phone, bound two days ago: the warning below is the scam's, not a new phone's.
  app = await startAppBoundEarlier({ dataDir: tempDataDir() });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await app?.stop();
});

async function typeAmount(page, digits) {
  for (const d of digits) await page.click(`[data-testid="key-${d}"]`);
}

test('a transfer to her daughter: keypad, words, confirmation, balance', { timeout: 120_000 }, async () => {
  const page = await openPhone(browser, app.url);
  await waitForText(page, '[data-testid=freshness]', '已更新 · 今天 09:30');
  const before = await debitBalance(page);

  await page.click('[data-testid=tile-transfer]');
  await onScreen(page, 'transfer');
  await page.waitForSelector('[data-testid=payee-1]');
  assert.deepEqual(await screenProblems(page), []);
  await shot(page, '30-transfer-payees');
  await page.click('[data-testid=payee-1]');
  await onScreen(page, 'transfer-amount');
  await typeAmount(page, ['1', '2', '0', '0']);
  await waitForText(page, '[data-testid=amount-figures]', '¥1,200.00');
  await waitForText(page, '[data-testid=amount-words]', '壹仟贰佰元整');
  assert.deepEqual(await screenProblems(page), []);
  await shot(page, '31-transfer-keypad');
  await page.click('[data-testid=amount-next]');

  await onScreen(page, 'transfer-confirm');
  await waitForText(page, '[data-testid=confirm-name]', '李娜 (女儿)');
  await waitForText(page, '[data-testid=confirm-account]', '**** 5678');
  await waitForText(page, '[data-testid=confirm-figures]', '¥1,200.00');
  await waitForText(page, '[data-testid=confirm-words]', '壹仟贰佰元整');
  // Confirm and cancel: different colours, sizes and places.
  const look = await page.evaluate(() => {
    const box = (s) => {
      const e = document.querySelector(s);
      const r = e.getBoundingClientRect();
      return { top: r.top, height: r.height, bg: getComputedStyle(e).backgroundColor };
    };
    return { go: box('[data-testid=confirm-send]'), cancel: box('[data-testid=confirm-cancel]') };
  });
  assert.notEqual(look.go.bg, look.cancel.bg);
  assert.ok(look.go.height > look.cancel.height, 'confirm is the bigger button');
  assert.ok(look.go.top > look.cancel.top + 100, 'and far from cancel');
  assert.deepEqual(await screenProblems(page), []);
  await shot(page, '32-transfer-confirm');
  await page.click('[data-testid=confirm-send]');

  await onScreen(page, 'transfer-result');
  await waitForText(page, '[data-testid=transfer-result] h2', '转账成功');
  await shot(page, '33-transfer-done');
  await page.click('[data-testid=result-home]');
  await onScreen(page, 'home');
  assert.equal(await debitBalance(page), before - 120000, 'the balance moved by the amount, once');
  await page.close();
});

test('a transfer to a listed account is blocked with its explanation', { timeout: 120_000 }, async () => {
  const page = await openPhone(browser, app.url);
  await page.click('[data-testid=tile-transfer]');
  await page.click('[data-testid=new-payee]');
  await onScreen(page, 'transfer-new-payee');
  await page.fill('[data-testid=payee-name]', '张经理');
  await page.fill('[data-testid=payee-account]', '6228 4800 1234 5678 901');
  await page.click('[data-testid=payee-next]');
  await onScreen(page, 'transfer-amount');
  await typeAmount(page, ['2', '0', '0', '0']);
  await page.click('[data-testid=amount-next]');
  await onScreen(page, 'transfer-check');
  assert.equal(await page.getAttribute('[data-testid=risk]', 'data-decision'), 'block');
  await waitForText(page, '[data-testid=risk-scam]', '这很像虚假贷款诈骗。');
  await waitForText(page, '[data-testid=reason-payee_listed]', '收款账户已被多人举报为诈骗账户。');
  assert.equal(await page.locator('[data-testid=check-continue]').count(), 0, 'no way on');
  assert.equal(await page.getAttribute('[data-testid=call-96110]', 'href'), 'tel:96110');
  assert.deepEqual(await screenProblems(page), []);
  await shot(page, '34-transfer-blocked');
  await page.click('[data-testid=check-stop]');
  await onScreen(page, 'home');
  await page.close();
});

test('a warned transfer waits, arrives late, and can be cancelled', { timeout: 120_000 }, async () => {
  const page = await openPhone(browser, app.url);
  await page.click('[data-testid=tile-transfer]');
  await page.click('[data-testid=new-payee]');
  await page.fill('[data-testid=payee-name]', '淘宝客服');
  await page.fill('[data-testid=payee-account]', '6230 5555 6666 7777');
  await page.click('[data-testid=payee-save]');
  await page.click('[data-testid=payee-next]');
  await onScreen(page, 'transfer-amount');
  await typeAmount(page, ['1', '0', '0']);
  await page.fill('[data-testid=note]', '退款手续费');
  assert.equal(await page.getAttribute('[data-testid=delay-2h]', 'aria-pressed'), 'true', 'a new payee gets a delay by default');
  await page.click('[data-testid=amount-next]');
  await onScreen(page, 'transfer-check');
  assert.equal(await page.getAttribute('[data-testid=risk]', 'data-decision'), 'warn');
  await waitForText(page, '[data-testid=risk-scam]', '这很像冒充客服退款诈骗。');
  assert.equal(await page.isDisabled('[data-testid=check-continue]'), true, 'the wait is enforced');
  assert.deepEqual(await screenProblems(page), []);
  await shot(page, '35-transfer-warn');
  await page.waitForSelector('[data-testid=check-continue]:not([disabled])', { timeout: 30_000 });
  await page.click('[data-testid=check-continue]');
  await onScreen(page, 'transfer-confirm');
  await waitForText(page, '[data-testid=confirm-delay]', '2 小时后到账');
  await page.click('[data-testid=confirm-send]');
  await waitForText(page, '[data-testid=transfer-result] h2', '已提交，延时到账');
  await page.click('[data-testid=result-transfers]');
  await onScreen(page, 'transfer');
  await waitForText(page, '[data-testid=recent-transfer]:first-child [data-testid=transfer-status]', '预计 今天 11:30 到账，之前可以撤销');
  await page.click('[data-testid=cancel-transfer]');
  await waitForText(page, '[data-testid=recent-transfer]:first-child [data-testid=transfer-status]', '已撤销，钱已退回');
  await shot(page, '36-transfer-cancelled');
  await page.close();
});
