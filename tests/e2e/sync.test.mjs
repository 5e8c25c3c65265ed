// Airplane mode: the app syncs with a separately started gateway, keeps
// everything readable when it goes away, queues a change with a visible
// "waiting" line, and sends it when the gateway is back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  startApp, startGateway, launchBrowser, openPhone, onScreen, waitForText, shot, screenProblems, tempDataDir, assertStopsCleanly,
} from './helpers.mjs';

test('offline: readable, actions wait, sent when the bank is back', { timeout: 120_000 }, async () => {
  const dbPath = join(tempDataDir(), 'gateway.db');
  let gateway = await startGateway({ dbPath });
  const app = await startApp({ dataDir: tempDataDir(), args: ['--server', gateway.url] });
  const browser = await launchBrowser();
  try {
    const page = await openPhone(browser, app.url);
    await waitForText(page, '[data-testid=freshness]', '已更新 · 今天 09:30');
    await waitForText(page, '[data-testid=greeting]', '王秀兰，上午好');

    await assertStopsCleanly(gateway, 'the gateway');
    await page.click('[data-testid=refresh]');
    await waitForText(page, '[data-testid=freshness]', '离线 · 数据更新于 今天 09:30');
    await page.click('[data-testid=tile-balance]');
    await page.waitForSelector('[data-testid=account] >> nth=3');

    await page.click('[data-testid=back]');
    await page.click('[data-testid=tile-settings]');
    await onScreen(page, 'settings');
    await page.click('[data-testid=text-bigger]');
    await waitForText(page, '[data-testid=pending]', '1 项操作等待联网后发送');
    assert.deepEqual(await screenProblems(page), []);
    await shot(page, '14-offline-pending');

    gateway = await startGateway({ dbPath, listen: gateway.listen });
    await page.click('[data-testid=refresh]');
    await waitForText(page, '[data-testid=freshness]', '已更新 · 今天 09:30');
    await page.waitForSelector('[data-testid=pending]', { state: 'detached' });
    await shot(page, '15-back-online');
    await page.close();
  } finally {
    await browser.close();
    await app.stop();
    await gateway.stop();
  }
});

test('a complaint written offline waits, then the bank receives it', { timeout: 120_000 }, async () => {
  const dbPath = join(tempDataDir(), 'gateway.db');
  let gateway = await startGateway({ dbPath });
  const app = await startApp({ dataDir: tempDataDir(), args: ['--server', gateway.url] });
  const browser = await launchBrowser();
  try {
    const page = await openPhone(browser, app.url);
    await waitForText(page, '[data-testid=freshness]', '已更新 · 今天 09:30');
    await assertStopsCleanly(gateway, 'the gateway');
    await page.click('[data-testid=tile-agent]');
    await page.click('[data-testid=open-complaints]');
    await onScreen(page, 'complaints');

    await page.click('[data-testid=complaint-submit]');
    await waitForText(page, '[data-testid=complaint-error]', '请选择投诉类别，并写下 1 到 2000 个字。');
    await page.click('[data-testid=category-fees]');
    await page.fill('[data-testid=complaint-text]', '存款到期没有人提醒我');
    await page.click('[data-testid=complaint-submit]');
    await waitForText(page, '[data-testid=complaint-status]', '等待联网后发送');
    await waitForText(page, '[data-testid=complaint] .what', '收费');
    assert.deepEqual(await screenProblems(page), []);
    await shot(page, '16-complaint-waiting');

    gateway = await startGateway({ dbPath, listen: gateway.listen });
    await page.click('[data-testid=refresh]');
    await waitForText(page, '[data-testid=complaint-status]', '银行已收到');
    assert.equal(await page.locator('[data-testid=complaint]').count(), 1, 'sent once, shown once');
    await shot(page, '17-complaint-received');
    await page.close();
  } finally {
    await browser.close();
    await app.stop();
    await gateway.stop();
  }
});
