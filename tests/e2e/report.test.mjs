// 举报 closes the loop: the elder checks a site in 防骗查询 (nothing known
// yet), reports it from there with what happened; staff confirm it in the
// console (a second browser context); it is published into the signed
// list, her report says so without 刷新, and her daughter's phone finds the
// site after its next sync with the bank gone.
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

const SITE = 'https://yanglao-buzhu.top/lingqu?id=7';

async function check(page, text) {
  await page.fill('[data-testid=fraud-text]', text);
  await page.click('[data-testid=fraud-submit]');
  await page.waitForSelector('[data-testid=fraud-verdict]');
}

test('a report made in the app is confirmed in the console and found offline by another phone', { timeout: 240_000 }, async () => {
  const elder = await openPhone(browser, elderApp.url);
  await elder.waitForSelector('[data-testid=greeting]');
  await elder.click('[data-testid=tile-fraud-check]');
  await onScreen(elder, 'fraud-check');
  await check(elder, SITE);
  assert.equal(await elder.getAttribute('[data-testid=fraud-verdict]', 'data-listed'), 'false');
  await elder.click('[data-testid=open-report]');
  await onScreen(elder, 'report');
  assert.equal(await elder.inputValue('[data-testid=report-target]'), SITE, 'what she checked goes with her');
  await elder.fill('[data-testid=report-note]', '短信说领养老补贴，点进去要填银行卡和验证码');
  await elder.click('[data-testid=report-send]');
  await elder.waitForSelector('[data-testid=report-saved]');
  await waitForText(elder, '[data-testid=my-report-status]', '银行已收到，正在核实');
  assert.deepEqual(await screenProblems(elder), []);
  await shot(elder, '140-report-received');

  const consoleContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const staff = await consoleContext.newPage();
  await staff.goto(`${gateway.url}/agent`);
  const report = staff.locator('[data-testid=agent-report]', { hasText: SITE });
  await report.waitFor();
  assert.match(await report.textContent(), /1 人举报/);
  await report.locator('[data-testid=agent-report-kind]').selectOption('elder_care');
  await shot(staff, '141-console-report');
  await report.locator('[data-testid=agent-report-confirm]').click();
  await staff.waitForSelector('[data-testid=agent-report]', { state: 'detached' });

  // Her report says so, without 刷新 (the event stream wakes her sync).
  await waitForText(elder, '[data-testid=my-report-status]', '已核实，已加入防骗名单');

  // Her daughter's phone: its next sync brings the new list; then offline.
  const daughter = await openPhone(browser, daughterApp.url);
  await daughter.waitForSelector('[data-testid=greeting]');
  await daughter.click('[data-testid=tile-fraud-check]');
  await onScreen(daughter, 'fraud-check');
  for (let i = 0; i < 20; i += 1) {
    await check(daughter, SITE);
    if ((await daughter.getAttribute('[data-testid=fraud-verdict]', 'data-listed')) === 'true') break;
    await daughter.click('[data-testid=refresh]');
    await daughter.waitForTimeout(300);
  }
  await gateway.stop();
  gateway = null;
  // A fresh screen, with the bank gone.
  await backHome(daughter);
  await daughter.click('[data-testid=tile-fraud-check]');
  await onScreen(daughter, 'fraud-check');
  await check(daughter, SITE);
  assert.equal(await daughter.getAttribute('[data-testid=fraud-verdict]', 'data-listed'), 'true');
  await waitForText(daughter, '[data-testid=fraud-verdict] h2', '有风险');
  await shot(daughter, '142-report-found-offline');
  await consoleContext.close();
});
