// 语音 in the browser (a text box stands in for the microphone): what she
// says is read back; a transfer waits for 对, opens the amount screen filled
// in, and ends on the normal confirmation; a question comes back when
// something is missing; 人工 goes to a person; 再说一遍 reads the screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startApp, launchBrowser, openPhone, onScreen, waitForText, shot, screenProblems, tempDataDir,
  debitBalance,
} from './helpers.mjs';

let app;
let browser;
before(async () => {
  app = await startApp({ dataDir: tempDataDir() });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await app?.stop();
});

async function say(page, text) {
  await page.fill('[data-testid=voice-text]', text);
  await page.click('[data-testid=voice-submit]');
}

test('say a transfer, confirm it on the normal screens, the money moves once', { timeout: 120_000 }, async () => {
  const page = await openPhone(browser, app.url);
  await waitForText(page, '[data-testid=freshness]', '已更新 · 今天 09:30');
  const before = await debitBalance(page);

  await page.click('[data-testid=tile-voice]');
  await onScreen(page, 'voice');
  assert.deepEqual(await screenProblems(page), []);
  await shot(page, '80-voice');

  // Something missing: a question, then the answer fills it in.
  await say(page, '我要转账');
  await waitForText(page, '[data-testid=voice-say]', '要转给谁？');
  await say(page, '给女儿');
  await waitForText(page, '[data-testid=voice-say]', '要转多少钱？');
  await say(page, '五百块');
  await waitForText(page, '[data-testid=voice-say]', '给女儿 李娜转账 ¥500.00，对吗？接下来还要在转账页面核对一次。');
  await waitForText(page, '[data-testid=voice-heard]', '我听到的是：我要转账，给女儿，五百块');
  assert.deepEqual(await screenProblems(page), []);
  await shot(page, '81-voice-readback');
  // Nothing has moved yet.
  await page.click('[data-testid=voice-yes]');

  await onScreen(page, 'transfer-amount');
  await waitForText(page, '[data-testid=amount-figures]', '¥500.00');
  await waitForText(page, '[data-testid=amount-words]', '伍佰元整');
  await page.click('[data-testid=amount-next]');
  await onScreen(page, 'transfer-confirm');
  await waitForText(page, '[data-testid=confirm-name]', '李娜 (女儿)');
  await waitForText(page, '[data-testid=confirm-figures]', '¥500.00');
  await page.click('[data-testid=confirm-send]');
  await onScreen(page, 'transfer-result');
  await waitForText(page, '[data-testid=transfer-result] h2', '转账成功');
  await page.click('[data-testid=result-home]');
  await onScreen(page, 'home');
  assert.equal(await debitBalance(page), before - 50_000, 'the money moved once');
  await page.close();
});

test('人工 goes to a person, 再说一遍 reads the screen, 不对 starts again', { timeout: 120_000 }, async () => {
  const page = await openPhone(browser, app.url);
  await page.click('[data-testid=tile-voice]');
  await onScreen(page, 'voice');
  await say(page, '我要人工');
  await onScreen(page, 'agent');
  await page.click('[data-testid=back]');
  await onScreen(page, 'home');

  await page.click('[data-testid=tile-voice]');
  await onScreen(page, 'voice');
  await say(page, '把卡冻结');
  await waitForText(page, '[data-testid=voice-say]', '把您的卡全部锁上，对吗？');
  await page.click('[data-testid=voice-no]');
  // Nothing done, nothing waiting: the read-back is gone.
  await page.waitForFunction(() => !document.querySelector('[data-testid=voice-say]'));
  assert.equal(await page.locator('[data-testid=voice-yes]').count(), 0);

  await say(page, '今天天气怎么样');
  await page.waitForFunction(() => document.querySelector('[data-testid=voice-say]')?.textContent.startsWith('没听明白'));

  await say(page, '再说一遍');
  await onScreen(page, 'home');
  await page.waitForSelector('[data-testid=speech]');
  await page.close();
});

test('字大一点 by voice makes the text bigger at once; a lock turned on is on after 对', { timeout: 120_000 }, async () => {
  const page = await openPhone(browser, app.url);
  await page.click('[data-testid=tile-voice]');
  await onScreen(page, 'voice');
  const scale = async () => Number(await page.getAttribute('.app', 'data-text-scale'));
  const was = await scale();

  // A setting moves no money: done at once, and said.
  await say(page, '字大一点');
  await waitForText(page, '[data-testid=voice-say]', '好的，字大一点了。');
  await page.waitForFunction((w) => Number(document.querySelector('.app').dataset.textScale) === w + 10, was);
  // Said the way she would say it: once more.
  await say(page, '哎呀，字太小了看不清');
  await page.waitForFunction((w) => Number(document.querySelector('.app').dataset.textScale) === w + 20, was);
  assert.equal(await page.locator('[data-testid=voice-yes]').count(), 0, 'no 对 asked for a setting');
  await onScreen(page, 'voice');
  assert.deepEqual(await screenProblems(page), []);
  await shot(page, '83-voice-text-bigger');

  // Turning a lock ON: read back with the lock and the direction, then on.
  await say(page, '帮我把境外锁加上');
  await waitForText(page, '[data-testid=voice-say]', '锁上境外使用，对吗？');
  await page.click('[data-testid=voice-yes]');
  await onScreen(page, 'card-guard');
  const overseasOn = () => page.waitForFunction(() => {
    const states = [...document.querySelectorAll('[data-testid$=-overseas] [data-testid=lock-state]')];
    return states.length > 0 && states.every((e) => /已锁定/.test(e.textContent));
  });
  await overseasOn();
  const states = await page.locator('[data-testid$=-overseas] [data-testid=lock-state]').allTextContents();
  assert.ok(states.length >= 1 && states.every((s) => /已锁定|等待/.test(s)), `every card's overseas lock on: ${states}`);
  await shot(page, '84-voice-lock-overseas-on');

  // Which locks are on, in words.
  await page.click('[data-testid=back]');
  await onScreen(page, 'home');
  await page.click('[data-testid=tile-voice]');
  await onScreen(page, 'voice');
  await say(page, '我的卡都锁了哪些');
  await waitForText(page, '[data-testid=voice-say]', '您的卡现在开着这些锁：境外锁。');
  assert.deepEqual(await screenProblems(page), []);
  await page.click('[data-testid=voice-open-card-guard]');
  await onScreen(page, 'card-guard');

  // Turning it OFF the other way round: named, and left to her hand.
  await page.click('[data-testid=back]');
  await onScreen(page, 'voice');
  await say(page, '把境外锁关掉');
  await page.waitForFunction(() => document.querySelector('[data-testid=voice-say]')?.textContent.startsWith('把境外锁关掉，在国外又能用这张卡了。'));
  await page.click('[data-testid=voice-yes]');
  await onScreen(page, 'card-guard');
  await overseasOn();

  // A recogniser's sound-alike (鱼额 for 余额): asked back, not guessed.
  await page.click('[data-testid=back]');
  await page.click('[data-testid=tile-voice]');
  await onScreen(page, 'voice');
  await say(page, '查一下鱼额');
  await waitForText(page, '[data-testid=voice-say]', '您是想查余额吗？');
  await page.click('[data-testid=voice-yes]');
  await onScreen(page, 'accounts');

  // Every tile by voice: search with what she asked for filled in.
  await page.click('[data-testid=back]');
  await page.click('[data-testid=tile-voice]');
  await onScreen(page, 'voice');
  await say(page, '搜一下养老金怎么领');
  await onScreen(page, 'search');
  assert.equal(await page.inputValue('[data-testid=search-text]'), '养老金怎么领');
  await page.close();
});
