// 家人 with two phones: the elder and her daughter each run their own app
// (two liveview processes, two data directories) against one gateway.
// Invite → code → the elder's consent; a risky transfer waits for the
// daughter, she approves in her browser and the elder's screen shows it
// done, by whom and when; the elder sees every look in her audit list;
// removing the daughter ends her access at once, and her open page says so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  startApp, startGateway, launchBrowser, openPhone, onScreen, waitForText, shot, screenProblems,
  tempDataDir, backHome,
} from './helpers.mjs';

let gateway;
let elderApp;
let daughterApp;
let browser;
before(async () => {
  gateway = await startGateway({ dbPath: join(tempDataDir(), 'bank.db') });
  elderApp = await startApp({ dataDir: tempDataDir(), args: ['--server', gateway.url] });
  daughterApp = await startApp({
    dataDir: tempDataDir(),
    args: ['--server', gateway.url, '--customer', 'demo-daughter-0001'],
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await elderApp?.stop();
  await daughterApp?.stop();
  await gateway?.stop();
});

/** Asks the app to sync now and waits for `selector`. */
async function refreshUntil(page, selector) {
  for (let i = 0; i < 20; i += 1) {
    if (await page.locator(selector).count()) return;
    await page.click('[data-testid=refresh]');
    await page.waitForTimeout(500);
  }
  await page.waitForSelector(selector, { timeout: 5_000 });
}

test('invite, consent, a co-signed transfer approved by the daughter, audit, removal', { timeout: 240_000 }, async () => {
  const elder = await openPhone(browser, elderApp.url);
  const daughter = await openPhone(browser, daughterApp.url);
  await waitForText(daughter, '[data-testid=greeting]', '李娜，上午好');

  // The elder invites her daughter as guardian.
  await elder.click('[data-testid=tile-family]');
  await onScreen(elder, 'family');
  assert.deepEqual(await screenProblems(elder), []);
  await shot(elder, '40-family-empty');
  await elder.click('[data-testid=family-invite]');
  await onScreen(elder, 'family-invite');
  assert.deepEqual(await screenProblems(elder), []);
  await shot(elder, '41-family-invite-roles');
  await elder.click('[data-testid=invite-role-guardian]');
  await elder.waitForSelector('[data-testid=invite-code]');
  const code = await elder.getAttribute('[data-testid=invite-code]', 'aria-label');
  assert.match(code, /^\d{6}$/);
  await waitForText(elder, '[data-testid=invite-code]', `${code.slice(0, 3)} ${code.slice(3)}`);
  await waitForText(elder, '[data-testid=invite-expires]', '今天 09:40 前有效，只能用一次。');
  assert.equal(await elder.locator('[data-testid=invite-qr] svg').count(), 1, 'a QR is shown');
  assert.deepEqual(await screenProblems(elder), []);
  await shot(elder, '42-family-invite-code');

  // The daughter, on her own phone: 我是家属 → the code. A wrong code first.
  await daughter.click('[data-testid=tile-family]');
  await onScreen(daughter, 'family');
  await daughter.click('[data-testid=family-join]');
  await onScreen(daughter, 'family-join');
  const wrong = String((Number(code) + 1) % 1000000).padStart(6, '0');
  await daughter.fill('[data-testid=join-code]', wrong);
  await daughter.click('[data-testid=join-send]');
  await waitForText(daughter, '[data-testid=family-error]', '这个邀请码不对，或者已经过期、已经用过。请长辈重新生成一个。');
  await daughter.fill('[data-testid=join-code]', `${code.slice(0, 3)} ${code.slice(3)}`);
  await daughter.click('[data-testid=join-send]');
  await daughter.waitForSelector('[data-testid=join-sent]');
  assert.deepEqual(await screenProblems(daughter), []);
  await shot(daughter, '43-family-join-sent');

  // The elder's home says something needs her; she consents.
  await backHome(elder);
  await refreshUntil(elder, '[data-testid=family-needs-you]');
  await waitForText(elder, '[data-testid=family-needs-you]', '家人：有 1 件事需要您处理');
  await shot(elder, '44-home-family-needs-you');
  await elder.click('[data-testid=family-needs-you]');
  await onScreen(elder, 'family');
  await waitForText(elder, '[data-testid=consent-request] .big', '李娜 请求以“监护人”的身份和您绑定。');
  // Her daughter's number as the bank has it, masked, to check who asks.
  await waitForText(elder, '[data-testid=consent-phone]', '对方在银行留的手机号：139****1234。和您知道的号码对得上再同意。');
  assert.deepEqual(await screenProblems(elder), []);
  await shot(elder, '45-family-consent');
  await elder.click('[data-testid=consent-yes]');
  await waitForText(elder, '[data-testid=family-member]', '李娜 · 监护人');

  // The daughter now looks after her mother.
  await backHome(daughter);
  await daughter.click('[data-testid=tile-family]');
  await refreshUntil(daughter, '[data-testid=family-elder]:not([disabled])');
  await waitForText(daughter, '[data-testid=family-elder]', '王秀兰 · 我是监护人');

  // The daughter's app is open on her home; its notifications are
  // recorded (the page's Notification API, faked).
  await backHome(daughter);
  await daughter.evaluate(() => {
    window.shown = [];
    window.Notification = class {
      constructor(title, options) { window.shown.push({ title, body: options?.body }); }
      static permission = 'granted';
      static requestPermission() { return Promise.resolve('granted'); }
    };
  });

  // 我被骗了 on the elder's phone; then a transfer to her grandson needs a co-sign.
  await backHome(elder);
  await elder.click('[data-testid=scammed]');
  await onScreen(elder, 'scammed');
  // Asked once more, on a screen of its own.
  await elder.click('[data-testid=scammed-confirm]');
  await waitForText(elder, '[data-testid=scammed-status]', '银行已收到，所有银行卡已冻结。');
  // The bank has it: her daughter's open app shows it within 2 seconds,
  // without 刷新 (the bank's event stream wakes its sync), and notifies.
  const told = Date.now();
  await daughter.waitForSelector('[data-testid=family-urgent]', { timeout: 2_000 });
  console.log(`# the daughter's app showed the alert ${Date.now() - told} ms after the bank had it`);
  await waitForText(daughter, '[data-testid=family-urgent-what]', '王秀兰 按了“我被骗了”，所有卡已冻结。请马上给她打电话。');
  assert.deepEqual(await daughter.evaluate(() => window.shown), [
    { title: '王秀兰', body: '王秀兰 按了“我被骗了”，所有卡已冻结。请马上给她打电话。' },
  ]);
  await backHome(elder);
  await elder.click('[data-testid=tile-transfer]');
  await onScreen(elder, 'transfer');
  await elder.click('[data-testid=payee-2]');
  await onScreen(elder, 'transfer-amount');
  for (const d of ['8', '0', '0']) await elder.click(`[data-testid="key-${d}"]`);
  await elder.click('[data-testid=amount-next]');
  await onScreen(elder, 'transfer-check');
  assert.equal(await elder.getAttribute('[data-testid=risk]', 'data-decision'), 'cosign');
  await elder.click('[data-testid=check-continue]');
  await onScreen(elder, 'transfer-confirm');
  await elder.click('[data-testid=confirm-send]');
  await onScreen(elder, 'transfer-result');
  await waitForText(elder, '[data-testid=transfer-result] h2', '已提交，等待家人同意');
  await elder.click('[data-testid=result-transfers]');
  await onScreen(elder, 'transfer');
  const first = '[data-testid=recent-transfer]:first-child';
  await waitForText(elder, `${first} [data-testid=transfer-status]`, '等待家人同意，还没有转出');
  await waitForText(elder, `${first} [data-testid=transfer-decided]`, '今天 10:00 前没人处理，会自动取消，钱不会转出。');

  // The daughter's home says so first, in words, with what to do: her
  // mother pressed 我被骗了, and a transfer waits for her.
  await daughter.waitForSelector('[data-testid=family-urgent] >> nth=1', { timeout: 2_000 });
  const urgent = await daughter.locator('[data-testid=family-urgent-what]').allTextContents();
  assert.ok(urgent.some((a) => a.includes('王秀兰 按了“我被骗了”')), urgent.join(' | '));
  assert.ok(urgent.some((a) => a.includes('有一笔转账等监护人同意')), urgent.join(' | '));
  await waitForText(daughter, '[data-testid=family-urgent] h2', '王秀兰 需要您');
  assert.deepEqual(await screenProblems(daughter), []);
  await shot(daughter, '45b-family-urgent-home');
  // 知道了 takes one off her home; the other still leads to her mother.
  const scamBox = daughter.locator('[data-testid=family-urgent]', { hasText: '我被骗了' });
  await scamBox.locator('[data-testid=family-urgent-seen]').click();
  await daughter.waitForFunction(() => document.querySelectorAll('[data-testid=family-urgent]').length === 1);
  // One tap calls her mother: her number from the bank, in the dialer.
  assert.equal(await daughter.getAttribute('[data-testid=family-urgent] [data-testid=family-urgent-call]', 'href'), 'tel:13800006688');
  await daughter.click('[data-testid=family-urgent-open]');
  await onScreen(daughter, 'family-elder');
  await waitForText(daughter, '[data-testid=elder-call]', '给 王秀兰 打电话（138****6688）');
  assert.equal(await daughter.getAttribute('[data-testid=elder-call]', 'href'), 'tel:13800006688');
  await refreshUntil(daughter, '[data-testid=approval]');
  await waitForText(daughter, '[data-testid=approval-line]', '王秀兰 要转 ¥800.00 给 李小明（尾号 7890）');
  const alerts = await daughter.locator('[data-testid=alert] .what').allTextContents();
  assert.ok(alerts.some((a) => a.includes('王秀兰 按了“我被骗了”')), alerts.join(' | '));
  assert.ok(alerts.some((a) => a.includes('有一笔转账等监护人同意')), alerts.join(' | '));
  assert.deepEqual(await screenProblems(daughter), []);
  await shot(daughter, '46-family-approval');
  await daughter.click('[data-testid=approval-approve]');
  await waitForText(daughter, '[data-testid=approval-outcome]', '李娜 在 今天 09:30 同意了，已转出');

  // The elder's screen shows it done, who decided and when.
  await refreshUntil(elder, `${first} [data-testid=transfer-decided]:has-text("同意了")`);
  await waitForText(elder, `${first} [data-testid=transfer-status]`, '已到账');
  await waitForText(elder, `${first} [data-testid=transfer-decided]`, '李娜 在 今天 09:30 同意了，已转出');
  await shot(elder, '47-transfer-approved-by-daughter');

  // She looks at her mother's balances; her mother sees that she did.
  await daughter.click('[data-testid=see-balances]');
  await daughter.waitForSelector('[data-testid=elder-balance]');
  assert.deepEqual(await screenProblems(daughter), []);
  await shot(daughter, '48-family-elder-balances');

  // She pays her mother's water bill from her mother's account, through
  // the same 请核对 card; a double tap pays once.
  await daughter.click('[data-testid=see-bills]');
  const water = daughter.locator('[data-testid=elder-bill]', { hasText: '北京自来水集团' });
  await water.waitFor();
  assert.equal(await water.locator('[data-testid=elder-bill-amount]').textContent(), '¥38.50');
  await shot(daughter, '48a-family-elder-bills');
  assert.deepEqual(await screenProblems(daughter), []);
  await water.locator('[data-testid=elder-bill-pay]').click();
  await onScreen(daughter, 'family-bill-pay');
  await waitForText(daughter, '[data-testid=confirm-elder]', '王秀兰');
  await waitForText(daughter, '[data-testid=confirm-payee]', '北京自来水集团');
  await waitForText(daughter, '[data-testid=confirm-figures]', '¥38.50');
  await waitForText(daughter, '[data-testid=confirm-words]', '叁拾捌元伍角整');
  assert.deepEqual(await screenProblems(daughter), []);
  await shot(daughter, '48b-family-bill-confirm');
  await daughter.dblclick('[data-testid=confirm-send]');
  await onScreen(daughter, 'live-result');
  await waitForText(daughter, '[data-testid=live-result] h2', '已从长辈的账户交费 ¥38.50');
  await daughter.click('[data-testid=result-back]');
  await onScreen(daughter, 'family-elder');
  await daughter.click('[data-testid=see-bills]');
  await daughter.waitForSelector('[data-testid=elder-bill]');
  assert.equal(await daughter.locator('[data-testid=elder-bill]', { hasText: '北京自来水集团' }).count(), 0, 'paid: gone from her list');
  // Her mother's 缴费 says family paid it.
  await backHome(elder);
  await elder.click('[data-testid=tile-bills]');
  await onScreen(elder, 'bills');
  await refreshUntil(elder, '[data-testid=bill-paid]:has-text("家人替您交了")');
  await shot(elder, '48c-bill-paid-by-family');

  // She prints her mother's statement for last year (written in her list).
  await daughter.click('[data-testid=family-statement-open]');
  await onScreen(daughter, 'family-statement');
  await waitForText(daughter, '[data-testid=statement-intro]', '为王秀兰打印借记卡的流水：要联网，从银行读取，会记在长辈的“家人做过什么”里。');
  await daughter.click('[data-testid=period-last-year]');
  await daughter.waitForSelector('[data-testid=period-last-year][aria-pressed=true]');
  await daughter.click('[data-testid=statement-make]');
  await daughter.waitForSelector('[data-testid=statement-done]');
  assert.match(await daughter.textContent('[data-testid=statement-done] p'), /^2025年1月1日 至 2025年12月31日，共 \d+ 笔交易/);
  assert.deepEqual(await screenProblems(daughter), []);
  await shot(daughter, '48d-family-statement');
  await daughter.click('[data-testid=back]');
  await onScreen(daughter, 'family-elder');
  await backHome(elder);
  await elder.click('[data-testid=tile-family]');
  await elder.click('[data-testid=family-audit]');
  await onScreen(elder, 'family-audit');
  await refreshUntil(elder, '[data-testid=audit-line]:has-text("看了您的余额")');
  const audit = await elder.locator('[data-testid=audit-line] .what').allTextContents();
  assert.deepEqual(audit, [
    '李娜 为您打印了流水（2025-01-01 – 2025-12-31）',
    '李娜 看了您要交的费',
    '李娜 从您的账户替您交了 北京自来水集团 ¥38.50',
    '李娜 看了您要交的费',
    '李娜 看了您的交易记录',
    '李娜 看了您的余额',
    '李娜 同意了转给 李小明 的 ¥800.00',
    '李娜 输入了邀请码，申请绑定',
  ]);
  assert.deepEqual(await screenProblems(elder), []);
  await shot(elder, '49-family-audit');

  // The elder removes her; the daughter's very next request is refused.
  await elder.click('[data-testid=back]');
  await onScreen(elder, 'family');
  await elder.click('[data-testid=family-member]');
  await onScreen(elder, 'family-member');
  await waitForText(elder, '[data-testid=member-call]', '给 李娜 打电话（139****1234）');
  assert.equal(await elder.getAttribute('[data-testid=member-call]', 'href'), 'tel:13900001234');
  assert.deepEqual(await screenProblems(elder), []);
  await shot(elder, '50-family-member');

  // 给女儿打个电话, said: the button dials her daughter's number.
  await backHome(elder);
  await elder.click('[data-testid=tile-voice]');
  await onScreen(elder, 'voice');
  await elder.fill('[data-testid=voice-text]', '给女儿打个电话');
  await elder.click('[data-testid=voice-submit]');
  await waitForText(elder, '[data-testid=voice-say]', '给李娜打电话，请按下面的按钮。');
  assert.equal(await elder.getAttribute('[data-testid=voice-call-member]', 'href'), 'tel:13900001234');
  assert.deepEqual(await screenProblems(elder), []);
  await shot(elder, '50b-voice-call-daughter');
  await backHome(elder);
  await elder.click('[data-testid=tile-family]');
  await elder.click('[data-testid=family-member]');
  await onScreen(elder, 'family-member');
  await elder.click('[data-testid=member-remove]');
  await elder.click('[data-testid=remove-yes]');
  await elder.waitForSelector('[data-testid=member-removed]');
  // Her open page hears it at once (the bank's event stream): her mother is
  // gone from it without 刷新 (the bank refusing her next request is in
  // tests/sync/family.rs).
  await daughter.waitForSelector('[data-testid=elder-gone]', { timeout: 5_000 });
  await backHome(daughter);
  await daughter.click('[data-testid=tile-family]');
  await onScreen(daughter, 'family');
  assert.equal(await daughter.locator('[data-testid=family-elder]').count(), 0, 'her mother is gone from her phone');
  await elder.close();
  await daughter.close();
});
