// Elder services in the browser, against the sandbox gateway: 缴费 (pay
// through 请核对, sign and cancel auto-pay), 提醒 (newest first, one tap
// each, the count on home), 理财 (risk levels in words, at 65 and over nothing
// above PR2, the questionnaire, a purchase), 防骗课堂 (cards, tip of the
// day, the quiz) and a complaint answered by the bank.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  startApp, startGateway, OPERATOR_HEADERS, launchBrowser, openPhone, onScreen, waitForText, texts, shot, screenProblems,
  tempDataDir, debitBalance, assertStopsCleanly, backHome,
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

async function reminderCount(page) {
  const label = (await page.textContent('[data-testid=tile-reminders]')).trim();
  const m = label.match(/（(\d+)）/);
  return m ? Number(m[1]) : 0;
}

test('bills: pay the water bill once through 请核对, sign and cancel auto-pay', { timeout: 120_000 }, async () => {
  const page = await openPhone(browser, app.url);
  await page.waitForSelector('[data-testid=tile-reminders]');
  await page.waitForFunction(() => /（\d+）/.test(document.querySelector('[data-testid=tile-reminders]').textContent));
  const remindersBefore = await reminderCount(page);
  const before = await debitBalance(page);

  await page.click('[data-testid=tile-bills]');
  await onScreen(page, 'bills');
  await page.waitForSelector('[data-testid=bill-account-water] [data-testid=bill-amount]');
  assert.deepEqual(
    await texts(page, '.cards > li h2'),
    ['水费', '电费', '燃气费', '话费'],
  );
  assert.equal(await page.textContent('[data-testid=bill-account-water] [data-testid=bill-amount]'), '¥38.50');
  assert.match(await page.textContent('[data-testid=bill-account-electricity] [data-testid=autopay-on]'), /已签代扣.*¥300\.00/);
  assert.deepEqual(await screenProblems(page), []);
  await shot(page, '90-bills');

  await page.click('[data-testid=pay-water]');
  await onScreen(page, 'bill-pay');
  await waitForText(page, '[data-testid=confirm-figures]', '¥38.50');
  await waitForText(page, '[data-testid=confirm-words]', '叁拾捌元伍角整');
  await waitForText(page, '[data-testid=confirm-payee]', '北京自来水集团');
  await waitForText(page, '[data-testid=confirm-cancel]', '取消，不交了');
  assert.deepEqual(await screenProblems(page), []);
  await shot(page, '91-bill-confirm');
  // Two quick taps: one payment.
  await page.dblclick('[data-testid=confirm-send]');
  await onScreen(page, 'live-result');
  await waitForText(page, '[data-testid=live-result] h2', '已交费 ¥38.50');
  await shot(page, '92-bill-paid');
  await page.click('[data-testid=result-back]');
  await onScreen(page, 'bills');
  await page.waitForSelector('[data-testid=bill-account-water] [data-testid=bill-none]');
  await backHome(page);
  assert.equal(await debitBalance(page), before - 3850, 'taken once');
  await page.waitForFunction((n) => {
    const m = document.querySelector('[data-testid=tile-reminders]').textContent.match(/（(\d+)）/);
    return m && Number(m[1]) === n;
  }, remindersBefore - 1);

  // Auto-pay for gas: the limit, then 请核对, then it shows on 缴费.
  await page.click('[data-testid=tile-bills]');
  await page.click('[data-testid=autopay-setup-gas]');
  await onScreen(page, 'autopay-setup');
  assert.deepEqual(await screenProblems(page), []);
  await page.click('[data-testid=limit-20000]');
  await page.waitForSelector('[data-testid=limit-20000][aria-pressed=true]');
  await page.click('[data-testid=autopay-next]');
  await onScreen(page, 'autopay-confirm');
  await waitForText(page, '[data-testid=confirm-figures]', '¥200.00');
  await waitForText(page, '[data-testid=confirm-words]', '贰佰元整');
  assert.deepEqual(await screenProblems(page), []);
  await shot(page, '93-autopay-confirm');
  await page.click('[data-testid=confirm-send]');
  await waitForText(page, '[data-testid=live-result] h2', '代扣已签好');
  await page.click('[data-testid=result-back]');
  await onScreen(page, 'bills');
  await page.waitForSelector('[data-testid=bill-account-gas] [data-testid=autopay-on]');
  await page.click('[data-testid=autopay-cancel-gas]');
  await page.waitForSelector('[data-testid=autopay-cancelled]');
  await page.waitForSelector('[data-testid=autopay-setup-gas]');
  await page.close();
});

test('reminders: newest first, one tap each, put away; the ID card steps', { timeout: 90_000 }, async () => {
  const page = await openPhone(browser, app.url);
  await page.click('[data-testid=tile-reminders]');
  await onScreen(page, 'reminders');
  await page.waitForSelector('[data-testid=reminder]');
  const kinds = await page.locator('[data-testid=reminder]').evaluateAll((els) => els.map((e) => e.dataset.kind));
  for (const k of ['bill_due', 'card_due', 'deposit_matures', 'id_expiring', 'pension_credited']) {
    assert.ok(kinds.includes(k), `${k} in ${kinds}`);
  }
  assert.deepEqual(await screenProblems(page), []);
  await shot(page, '94-reminders');

  const id = page.locator('[data-testid=reminder][data-kind=id_expiring]');
  await id.locator('[data-testid=reminder-act]').click();
  await onScreen(page, 'id-update');
  assert.deepEqual(await screenProblems(page), []);
  await page.click('[data-testid=back]');
  await onScreen(page, 'reminders');

  const card = page.locator('[data-testid=reminder][data-kind=card_due]');
  await card.locator('[data-testid=reminder-act]').click();
  await onScreen(page, 'bill-pay');
  await waitForText(page, '[data-testid=confirm-name]', '信用卡还款');
  await page.click('[data-testid=confirm-cancel]');
  await onScreen(page, 'reminders');

  const n = kinds.length;
  await page.locator('[data-testid=reminder][data-kind=pension_credited] [data-testid=reminder-done]').click();
  await page.waitForFunction((want) => document.querySelectorAll('[data-testid=reminder]').length === want, n - 1);
  await page.close();
});

test('savings: risk levels in words, at 65 and over nothing above PR2, nothing at all before the questionnaire, a purchase', { timeout: 120_000 }, async () => {
  const page = await openPhone(browser, app.url);
  await page.click('[data-testid=tile-wealth]');
  await onScreen(page, 'wealth');
  await page.waitForSelector('[data-testid=product]');
  await page.waitForSelector('[data-testid=age-cap-note]');
  assert.match(await page.textContent('[data-testid=product][data-risk="3"] [data-testid=product-risk]'), /PR3 · 中风险/);
  assert.match(await page.textContent('[data-testid=product][data-risk="3"] [data-testid=why-not]'), /65 岁及以上/);
  assert.equal(await page.locator('[data-testid=product][data-risk="3"] [data-testid=buy]').count(), 0);
  assert.ok(await page.locator('[data-testid=elder-only]').count() >= 1, 'the 60+ deposit is offered to her');
  assert.match(await page.textContent('[data-testid=product][data-risk="2"] [data-testid=why-not]'), /风险测评/);
  // 百分百落实风险测评: not even the lowest risk before the questionnaire.
  assert.equal(await page.locator('[data-testid=product][data-risk="1"] [data-testid=buy]').count(), 0);
  assert.match(await page.textContent('[data-testid=product][data-risk="1"] [data-testid=why-not] >> nth=0'), /风险测评/);
  assert.deepEqual(await screenProblems(page), []);
  await shot(page, '95-wealth');

  await page.click('[data-testid=open-questionnaire]');
  await onScreen(page, 'risk-quiz');
  assert.deepEqual(await screenProblems(page), []);
  await shot(page, '96-questionnaire');
  for (let q = 1; q <= 5; q += 1) {
    await waitForText(page, '[data-testid=questionnaire-step]', `第 ${q} 题，共 5 题`);
    await page.click('[data-testid=answer-2]');
  }
  await onScreen(page, 'wealth');
  await page.waitForFunction(() => /稳健型/.test(document.querySelector('[data-testid=risk-profile]')?.textContent));
  const before = await page.locator('[data-testid=holding]').count();
  await page.locator('[data-testid=product][data-risk="2"] [data-testid=buy]').click();
  await onScreen(page, 'wealth-buy');
  await page.click('[data-testid=amount-1000000]');
  await onScreen(page, 'wealth-confirm');
  await waitForText(page, '[data-testid=confirm-figures]', '¥10,000.00');
  await waitForText(page, '[data-testid=confirm-words]', '壹万元整');
  assert.deepEqual(await screenProblems(page), []);
  await page.click('[data-testid=confirm-send]');
  await waitForText(page, '[data-testid=live-result] h2', '已买入 ¥10,000.00');
  await page.click('[data-testid=result-back]');
  await onScreen(page, 'wealth');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=holding]').length === n + 1, before);
  await page.close();
});

test('classroom: the tip of the day opens its card; the quiz says why and scores', { timeout: 90_000 }, async () => {
  const page = await openPhone(browser, app.url);
  await page.click('[data-testid=tip-of-day]');
  await onScreen(page, 'lesson');
  assert.ok((await page.textContent('[data-testid=lesson-do]')).length > 5);
  assert.equal(await page.locator('.big-art svg').count(), 1);
  assert.deepEqual(await screenProblems(page), []);
  await shot(page, '97-lesson');
  await backHome(page);

  await page.click('[data-testid=tile-classroom]');
  await onScreen(page, 'classroom');
  assert.equal(await page.locator('.lesson').count(), 10, 'one card per scam type');
  assert.deepEqual(await screenProblems(page), []);
  await shot(page, '98-classroom');
  await page.click('[data-testid=open-quiz]');
  await onScreen(page, 'quiz');
  // The key is b c a c b: the first answer is wrong, the rest right.
  const answers = ['a', 'c', 'a', 'c', 'b'];
  for (const [i, a] of answers.entries()) {
    await waitForText(page, '[data-testid=quiz-step]', `第 ${i + 1} 题，共 5 题`);
    await page.click(`[data-testid=quiz-answer-${a}]`);
    await page.waitForSelector('[data-testid=quiz-feedback]');
    if (i === 0) {
      assert.equal((await page.textContent('[data-testid=quiz-feedback] h2')).trim(), '这道题答错了。');
      assert.deepEqual(await screenProblems(page), []);
      await shot(page, '99-quiz-why');
    }
    await page.click('[data-testid=quiz-next]');
  }
  await waitForText(page, '[data-testid=quiz-score] h2', '答对 4 道，共 5 道');
  assert.deepEqual(await texts(page, '[data-testid=quiz-missed]'), ['冒充公检法诈骗']);
  await page.close();
});

test('a complaint shows the bank\'s answer when it comes', { timeout: 90_000 }, async () => {
  const page = await openPhone(browser, app.url);
  await page.click('[data-testid=tile-agent]');
  await page.click('[data-testid=open-complaints]');
  await onScreen(page, 'complaints');
  await page.click('[data-testid=category-fees]');
  await page.fill('[data-testid=complaint-text]', '短信提醒费没有提前告知');
  await page.click('[data-testid=complaint-submit]');
  await page.waitForSelector('[data-testid=complaint-saved]');
  await page.waitForFunction(() => document.querySelector('[data-testid=complaint-status]')?.textContent === '银行已收到');
  const ids = await (await fetch(`${gateway.url}/v1/operator/complaints/1/answer`, {
    method: 'POST', headers: OPERATOR_HEADERS,
    body: JSON.stringify({ status: 'answered', reply: '已为您退还 2 元短信费，感谢您的提醒。' }),
  })).status;
  assert.equal(ids, 200);
  for (let i = 0; i < 20 && !(await page.locator('[data-testid=complaint-reply]').count()); i += 1) {
    await page.click('[data-testid=refresh]');
    await page.waitForTimeout(500);
  }
  await waitForText(page, '[data-testid=complaint-status]', '银行已回复');
  assert.match(await page.textContent('[data-testid=complaint-reply]'), /已为您退还 2 元短信费/);
  assert.deepEqual(await screenProblems(page), []);
  await page.close();
});

test('the standard layout: 长辈版 / 关怀版 / 亲情版 / 大字版 find it, and at 55+ it is offered once on login', { timeout: 120_000 }, async () => {
  const dataDir = tempDataDir();
  let own = await startApp({ dataDir });
  try {
    let page = await openPhone(browser, own.url);
    for (const q of ['长辈版', '关怀版', '亲情版', '大字版']) {
      await page.click('[data-testid=tile-search]');
      await onScreen(page, 'search');
      await page.fill('[data-testid=search-text]', q);
      await page.waitForSelector('[data-testid=search-result]');
      assert.equal(await page.getAttribute('[data-testid=search-result] >> nth=0', 'data-dest'), 'elder_mode', q);
      if (q === '长辈版') {
        assert.deepEqual(await screenProblems(page), []);
        await shot(page, '88-search');
      }
      await page.click('[data-testid=search-result] >> nth=0');
      await onScreen(page, 'settings');
      await page.waitForSelector('[data-testid=elder-mode]');
      assert.match(await page.textContent('[data-testid=elder-mode]'), new RegExp(q));
      await backHome(page);
    }
    // She chooses the standard layout: smaller text.
    await page.click('[data-testid=tile-settings]');
    await page.click('[data-testid=layout-standard]');
    await page.waitForSelector('.app.standard');
    // Her choice stands: a sync in this session does not bring the offer
    // back over it (it is for the next login).
    await page.click('[data-testid=back]');
    await onScreen(page, 'home');
    await page.click('[data-testid=refresh]');
    await page.waitForTimeout(2_000);
    assert.equal(await page.getAttribute('.app', 'data-screen'), 'home');
    assert.ok(await page.locator('.app.standard').count(), 'still the standard layout');
    await page.close();
    await assertStopsCleanly(own, 'the app');

    // Next login: she is 72, so the offer comes, once, on a screen of its own.
    own = await startApp({ dataDir });
    page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await page.goto(own.url);
    await onScreen(page, 'mode-offer');
    assert.equal(await page.locator('[role=dialog], dialog').count(), 0, 'not a pop-up');
    assert.deepEqual(await screenProblems(page), []);
    await shot(page, '89-mode-offer');
    await page.click('[data-testid=mode-offer-yes]');
    await onScreen(page, 'home');
    await page.waitForSelector('.app:not(.standard)');
    await page.close();
    await assertStopsCleanly(own, 'the app');

    own = await startApp({ dataDir });
    page = await openPhone(browser, own.url);
    assert.equal(await page.locator('.app[data-screen=mode-offer]').count(), 0, 'asked only once');
    await page.close();
  } finally {
    await own.stop();
  }
});

test('said aloud, "交燃气费" opens 请核对 for her gas bill; nothing is paid until she confirms', { timeout: 60_000 }, async () => {
  const page = await openPhone(browser, app.url);
  const before = await debitBalance(page);
  await page.click('[data-testid=tile-voice]');
  await onScreen(page, 'voice');
  await page.fill('[data-testid=voice-text]', '帮我交一下燃气费');
  await page.click('[data-testid=voice-submit]');
  await page.click('[data-testid=voice-yes]');
  await onScreen(page, 'bill-pay');
  await waitForText(page, '[data-testid=confirm-name]', '燃气费');
  await waitForText(page, '[data-testid=confirm-figures]', '¥65.00');
  await page.click('[data-testid=confirm-cancel]');
  await backHome(page);
  assert.equal(await debitBalance(page), before, 'cancelled: nothing moved');
  await page.close();
});
