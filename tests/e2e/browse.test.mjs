// The elder's main path at phone size: home → accounts → history → back,
// with axe-core and the elder-mode numbers checked on every screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startApp, launchBrowser, openPhone, onScreen, waitForText, texts, shot, screenProblems, tempDataDir, assertStopsCleanly,
} from './helpers.mjs';

let app;
let browser;
before(async () => {
  app = await startApp({ dataDir: tempDataDir() });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  if (app) await assertStopsCleanly(app, 'the app');
});

test('home shows the greeting, freshness, today\'s tip, the twelve big tiles (提醒 with its count) and 我被骗了 in 简体中文', { timeout: 60_000 }, async () => {
  const page = await openPhone(browser, app.url);
  await waitForText(page, '[data-testid=title]', '幸福生活');
  await waitForText(page, '[data-testid=greeting]', '王秀兰，上午好');
  await waitForText(page, '[data-testid=freshness]', '已更新 · 今天 09:30');
  await page.waitForFunction(() => /（\d+）/.test(document.querySelector('[data-testid=tile-reminders]')?.textContent));
  assert.deepEqual(await texts(page, '.tiles .tile'), [
    '余额', '明细', '转账', '缴费', '提醒（7）', '防骗查询', '安全卫士', '防骗课堂', '理财', '家人', '语音', '人工客服',
  ], 'four bills to pay, the deposit, the ID card, the pension');
  assert.match(await page.textContent('[data-testid=tip-of-day]'), /^今日防骗提示.+/);
  await waitForText(page, '[data-testid=scammed]', '我被骗了');
  assert.equal(await page.locator('[data-testid=back]').count(), 0, 'home has no back button');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.deepEqual(await screenProblems(page), []);
  await shot(page, '01-home');
  await page.close();
});

test('accounts, then two pages of history, then back twice to home', { timeout: 60_000 }, async () => {
  const page = await openPhone(browser, app.url);
  await page.click('[data-testid=tile-balance]');
  await onScreen(page, 'accounts');
  await page.waitForSelector('[data-testid=account] >> nth=3');
  const names = await texts(page, '[data-testid=account] h2');
  assert.deepEqual(names, ['借记卡', '养老金账户', '定期存款', '信用卡']);
  for (const balance of await texts(page, '[data-testid=balance]')) {
    assert.match(balance, /^¥\d{1,3}(,\d{3})*\.\d{2}$/, 'grouped amount with fen');
  }
  for (const n of await texts(page, '[data-testid=masked-number]')) {
    assert.match(n, /^尾号 \d{4}$/, 'only the last four digits are shown');
  }
  assert.deepEqual(await screenProblems(page), []);
  await shot(page, '02-accounts');

  await page.click('[data-testid=open-account] >> nth=0');
  await onScreen(page, 'account-detail');
  await page.waitForSelector('[data-testid=txn]');
  const count = await page.textContent('[data-testid=txn-count]');
  const total = Number(count.match(/共 (\d+) 笔/)[1]);
  assert.ok(total >= 1000, `debit card has ${total} transactions`);
  assert.equal(await page.locator('[data-testid=txn]').count(), 10, 'one page, not the whole history');
  assert.ok(await page.evaluate(() => document.querySelectorAll('*').length) < 800, 'the page stays small');
  await waitForText(page, '[data-testid=page-info]', `第 1 页，共 ${Math.ceil(total / 10)} 页`);
  assert.ok(await page.isDisabled('[data-testid=page-newer]'), 'no newer page on page 1');
  const firstOfPage1 = await page.textContent('[data-testid=txn] >> nth=0');
  for (const line of await texts(page, '[data-testid=txn] .amount')) {
    assert.match(line, /^(收入 \+|支出 -)¥[\d,]+\.\d{2}$/, 'direction in words, not only colour');
  }
  assert.deepEqual(await screenProblems(page), []);
  await shot(page, '03-history-page1');

  await page.click('[data-testid=page-older]');
  await waitForText(page, '[data-testid=page-info]', `第 2 页，共 ${Math.ceil(total / 10)} 页`);
  assert.notEqual(await page.textContent('[data-testid=txn] >> nth=0'), firstOfPage1);
  assert.equal(await page.locator('[data-testid=txn]').count(), 10);

  // What the page's voice is given, and when it is stopped.
  await page.evaluate(() => {
    window.__said = [];
    speechSynthesis.speak = (u) => window.__said.push({ text: u.text, lang: u.lang, rate: Math.round(u.rate * 100) / 100 });
    speechSynthesis.cancel = () => window.__said.push('stop');
  });
  await page.click('[data-testid=read-aloud]');
  const speech = await page.textContent('[data-testid=speech]');
  const balance = await page.textContent('.summary [data-testid=balance]');
  assert.ok(speech.includes(balance), `read-aloud says the balance ${balance}: ${speech}`);
  assert.ok(speech.includes('借记卡'), speech);
  await page.waitForFunction(() => window.__said.some((s) => s.text));
  const spoken = await page.evaluate(() => window.__said.filter((s) => s.text));
  const script = await page.textContent('[data-testid=speech] p');
  assert.deepEqual(spoken.at(-1), { text: script, lang: 'zh-CN', rate: 0.85 },
    'what is shown is what is said, in her language, slowly');
  await shot(page, '04-history-read-aloud');
  await page.click('[data-testid=read-aloud]');
  await page.waitForFunction(() => window.__said.at(-1) === 'stop');

  await page.click('[data-testid=back]');
  await onScreen(page, 'accounts');
  await page.click('[data-testid=back]');
  await onScreen(page, 'home');
  await page.close();
});

test('every other tile opens a screen with a back button that says what it is', { timeout: 60_000 }, async () => {
  const page = await openPhone(browser, app.url);
  await page.click('[data-testid=tile-agent]');
  await onScreen(page, 'agent');
  await waitForText(page, '[data-testid=hotline]', '客服电话 400-800-9555');
  assert.equal(await page.getAttribute('[data-testid=call]', 'href'), 'tel:4008009555');
  assert.deepEqual(await screenProblems(page), []);
  await shot(page, '05-agent');
  await page.click('[data-testid=back]');
  await onScreen(page, 'home');

  await page.click('[data-testid=tile-bills]');
  await onScreen(page, 'bills');
  await waitForText(page, '[data-testid=title]', '缴费');
  await page.waitForSelector('[data-testid=bill-account-water]');
  assert.deepEqual(await screenProblems(page), []);
  await page.click('[data-testid=back]');
  await onScreen(page, 'home');

  // 明细 opens her debit card once home has loaded it (the greeting comes with it).
  await page.waitForSelector('[data-testid=greeting]');
  await page.click('[data-testid=tile-history]');
  await onScreen(page, 'account-detail');
  await waitForText(page, '.summary h2', '借记卡');
  await page.close();
});

test('the elder-mode checks catch small text, tight lines, small buttons and low contrast', { timeout: 60_000 }, async () => {
  // Guards the guard: the checks above must be able to fail.
  const page = await openPhone(browser, app.url);
  await page.evaluate(() => {
    const probe = document.createElement('div');
    probe.innerHTML = '<p style="font-size:14px">小字</p><p style="line-height:1.1">挤在一起</p>'
      + '<button style="min-height:0;height:30px;width:30px">x</button>'
      + '<p style="color:#999;background:#fff">浅灰色</p>';
    document.querySelector('.app main').append(probe);
  });
  const problems = (await screenProblems(page)).join('\n');
  assert.match(problems, /font 14px/);
  assert.match(problems, /line-height/);
  assert.match(problems, /control \d+x30px/);
  assert.match(problems, /color-contrast/);
  await page.close();
});
