// 防骗查询: a number, a pasted SMS and a clean number, answered in one big
// sentence with the list's date; and a list entry the bank published later,
// still found with the network gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  startApp, startGateway, OPERATOR_HEADERS, launchBrowser, openPhone, onScreen, waitForText, shot, screenProblems, tempDataDir, assertStopsCleanly,
} from './helpers.mjs';

async function check(page, text) {
  await page.fill('[data-testid=fraud-text]', text);
  // Typing clears the last answer; wait for that before asking again.
  await page.waitForSelector('[data-testid=fraud-verdict]', { state: 'detached' });
  await page.click('[data-testid=fraud-submit]');
  await page.waitForSelector('[data-testid=fraud-verdict]');
  return {
    listed: await page.getAttribute('[data-testid=fraud-verdict]', 'data-listed'),
    text: await page.textContent('[data-testid=fraud-verdict]'),
  };
}

test('a reported number, a pasted scam SMS and a clean number', { timeout: 120_000 }, async () => {
  const app = await startApp({ dataDir: tempDataDir() });
  const browser = await launchBrowser();
  try {
    const page = await openPhone(browser, app.url);
    await page.click('[data-testid=tile-fraud-check]');
    await onScreen(page, 'fraud-check');

    let v = await check(page, '+86 171-2345-6789');
    assert.equal(v.listed, 'true');
    assert.match(v.text, /这个号码已被多人举报为冒充客服退款诈骗，请不要转账/);
    assert.match(v.text, /真正的退款会原路退回/);
    assert.equal(await page.getAttribute('[data-testid=call-96110]', 'href'), 'tel:96110');
    assert.deepEqual(await screenProblems(page), []);
    await shot(page, '20-fraud-listed');

    v = await check(page, '【工行】您的账户已冻结，请登录 https://login.ICBC-safe.com/jd 解冻');
    assert.equal(v.listed, 'true');
    assert.match(v.text, /这个网址已被多人举报为钓鱼网站诈骗/);

    v = await check(page, '138 0013 8000');
    assert.equal(v.listed, 'false');
    assert.match(v.text, /这个号码未发现风险（防骗名单日期：\d{4}年\d{1,2}月\d{1,2}日）/);
    assert.deepEqual(await screenProblems(page), []);
    await shot(page, '21-fraud-clear');

    v = await check(page, '你好');
    assert.match(v.text, /没发现问题（防骗名单日期：\d{4}年\d{1,2}月\d{1,2}日）。这不代表一定安全/);
    await page.close();
  } finally {
    await browser.close();
    await app.stop();
  }
});

test('a pasted lookalike-bank SMS names the bank and its real site; a balance SMS stays clear', { timeout: 120_000 }, async () => {
  const app = await startApp({ dataDir: tempDataDir() });
  const browser = await launchBrowser();
  try {
    const page = await openPhone(browser, app.url);
    await page.click('[data-testid=tile-fraud-check]');
    await onScreen(page, 'fraud-check');

    let v = await check(page, '【工商银行】尊敬的客户：您的账户存在异常，将于今日冻结，请立即登录 icbc-verify.top 核实身份。');
    assert.equal(await page.getAttribute('[data-testid=fraud-verdict]', 'data-verdict'), 'suspicious');
    assert.equal(v.listed, 'false', 'not on the list: the app found it by itself');
    assert.match(v.text, /很可能是诈骗/);
    assert.match(v.text, /这个网址（icbc-verify\.top）冒充工商银行，工商银行的网址是 icbc\.com\.cn/);
    assert.match(v.text, /说您的账户异常、要冻结或停用/);
    assert.match(await page.textContent('[data-testid=fraud-report-hint]'), /举报/);
    assert.equal(await page.getAttribute('[data-testid=call-96110]', 'href'), 'tel:96110');
    assert.deepEqual(await screenProblems(page), []);
    await shot(page, '21b-fraud-suspicious');

    v = await check(page, '【工商银行】您尾号1234的卡于12月3日15:20支出(消费)500.00元，余额8,000.00元。');
    assert.equal(await page.getAttribute('[data-testid=fraud-verdict]', 'data-verdict'), 'clear');
    assert.match(v.text, /没发现问题/);
    assert.doesNotMatch(v.text, /安全。|很可能是诈骗|冒充/);
    assert.equal(await page.$('[data-testid=fraud-reasons]'), null, 'no reasons for a clear one');
    await shot(page, '21c-fraud-message-clear');
    await page.close();
  } finally {
    await browser.close();
    await app.stop();
  }
});

test('an entry the bank lists later is found offline', { timeout: 120_000 }, async () => {
  const gateway = await startGateway({ dbPath: join(tempDataDir(), 'gateway.db') });
  const app = await startApp({ dataDir: tempDataDir(), args: ['--server', gateway.url] });
  const browser = await launchBrowser();
  try {
    const published = await fetch(`${gateway.url}/v1/blocklist/entries`, {
      method: 'POST',
      headers: OPERATOR_HEADERS,
      body: JSON.stringify({ add: [{ value: '186 0000 1234', category: 'investment' }] }),
    });
    assert.equal(published.status, 201);
    const page = await openPhone(browser, app.url);
    await page.click('[data-testid=tile-fraud-check]');
    await onScreen(page, 'fraud-check');
    await page.click('[data-testid=refresh]');
    // 20,000 synthetic + 16 named (one of them also synthetic) + the one just published.
    await waitForText(page, '[data-testid=fraud-list-info]', '防骗名单日期：2026年11月25日，共 20,016 条。');
    await assertStopsCleanly(gateway, 'the gateway');

    const v = await check(page, '0086-186-0000-1234');
    assert.equal(v.listed, 'true');
    assert.match(v.text, /虚假投资理财诈骗/);
    await page.close();
  } finally {
    await browser.close();
    await app.stop();
    await gateway.stop();
  }
});
