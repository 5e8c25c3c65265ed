// 智能安全卫士 and 我被骗了 against a separately started gateway: an
// overseas lock set in the app declines a simulated overseas payment, and
// one tap on 我被骗了 freezes every card at the bank.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  startApp, startGateway, launchBrowser, openPhone, onScreen, waitForText, shot, screenProblems, tempDataDir,
} from './helpers.mjs';

async function authorize(gateway, body) {
  const r = await fetch(`${gateway.url}/v1/cards/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ channel: 'pos', country: 'CN', region: '310000', amount_fen: 12800, ...body }),
  });
  assert.equal(r.status, 200);
  return r.json();
}

test('overseas lock, then 我被骗了 freezes every card', { timeout: 120_000 }, async () => {
  const gateway = await startGateway({ dbPath: join(tempDataDir(), 'gateway.db') });
  const app = await startApp({ dataDir: tempDataDir(), args: ['--server', gateway.url] });
  const browser = await launchBrowser();
  try {
    const page = await openPhone(browser, app.url);
    await waitForText(page, '[data-testid=freshness]', '已更新 · 今天 09:30');
    assert.deepEqual(await authorize(gateway, { card_id: 1, country: 'JP' }), { approved: true, reason: null });

    await page.click('[data-testid=tile-card-guard]');
    await onScreen(page, 'card-guard');
    await page.click('[data-testid=lock-1-overseas] [data-testid=lock-toggle]');
    await waitForText(page, '[data-testid=lock-1-overseas] [data-testid=lock-state]', '状态：已锁定');
    assert.deepEqual(
      await authorize(gateway, { card_id: 1, country: 'JP' }),
      { approved: false, reason: 'overseas_locked' },
    );
    assert.deepEqual(await authorize(gateway, { card_id: 1 }), { approved: true, reason: null }, 'at home it works');
    assert.deepEqual(await screenProblems(page), []);
    await shot(page, '22-card-guard');

    await page.click('[data-testid=back]');
    await onScreen(page, 'home');
    await page.click('[data-testid=scammed]');
    await onScreen(page, 'scammed');
    // Asked once more, on a screen of its own.
    await page.click('[data-testid=scammed-confirm]');
    await waitForText(page, '[data-testid=scammed-status]', '银行已收到，所有银行卡已冻结。');
    for (const card of [1, 4]) {
      assert.deepEqual(
        await authorize(gateway, { card_id: card, channel: 'atm' }),
        { approved: false, reason: 'card_frozen' },
        `card ${card}`,
      );
    }
    assert.equal(await page.getAttribute('[data-testid=call-96110]', 'href'), 'tel:96110');
    assert.deepEqual(await screenProblems(page), []);
    await shot(page, '23-scammed');

    await page.click('[data-testid=back]');
    await page.click('[data-testid=tile-card-guard]');
    await onScreen(page, 'card-guard');
    // The cards load after the screen opens: wait for both before counting.
    await page.waitForSelector('[data-testid=card-frozen] >> nth=1');
    assert.equal(await page.locator('[data-testid=card-frozen]').count(), 2);
    assert.equal(await page.locator('[data-testid=lock-toggle]').count(), 0, 'a frozen card offers no unlock');
    await page.close();
  } finally {
    await browser.close();
    await app.stop();
    await gateway.stop();
  }
});
