// 人工客服 in writing with two browsers: the elder and a younger customer
// (her daughter, on her own phone) write to the bank; an agent in the
// console (a second browser context, the gateway's own page) sees the
// elder at the top of the queue, takes her conversation and answers; she
// reads the answer without pressing 刷新; the conversation survives a
// restart of her app; a line written while the gateway is down waits on
// her phone, marked so, and reaches the agent once when it is back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  startApp, startGateway, launchBrowser, openPhone, onScreen, waitForText, shot, screenProblems,
  tempDataDir, refreshUntil,
} from './helpers.mjs';

let gateway;
let elderApp;
let daughterApp;
let browser;
const dbPath = join(tempDataDir(), 'bank.db');
const elderDir = tempDataDir();
before(async () => {
  gateway = await startGateway({ dbPath });
  elderApp = await startApp({ dataDir: elderDir, args: ['--server', gateway.url] });
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

async function write(page, text) {
  await page.fill('[data-testid=chat-text]', text);
  await page.click('[data-testid=chat-send]');
}

test('the elder first in the queue, an answer in writing, kept, and sent once after an outage', { timeout: 240_000 }, async () => {
  const daughter = await openPhone(browser, daughterApp.url);
  await daughter.waitForSelector('[data-testid=greeting]');
  await daughter.click('[data-testid=tile-agent]');
  await onScreen(daughter, 'agent');
  await write(daughter, '信用卡的年费怎么算？');
  await waitForText(daughter, '[data-testid=chat-queue]', '您在排队：前面还有 0 位，大约 3 分钟后有客服回复您。');

  const elder = await openPhone(browser, elderApp.url);
  await elder.waitForSelector('[data-testid=greeting]');
  await elder.click('[data-testid=tile-agent]');
  await onScreen(elder, 'agent');
  assert.deepEqual(await screenProblems(elder), []);
  await write(elder, '我想问问养老金到账了没有');
  // She is 72: she goes before the daughter, who wrote first.
  await waitForText(elder, '[data-testid=chat-queue]', '您在排队：前面还有 0 位，大约 3 分钟后有客服回复您。');
  await waitForText(elder, '[data-testid=chat-mine] .what', '我想问问养老金到账了没有');
  await daughter.click('[data-testid=refresh]');
  await waitForText(daughter, '[data-testid=chat-queue]', '您在排队：前面还有 1 位，大约 6 分钟后有客服回复您。');
  assert.deepEqual(await screenProblems(elder), []);
  await shot(elder, '130-chat-waiting');

  // The agent's console: her first, marked 长辈; masked names, age bands.
  const consoleContext = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'zh-CN' });
  const agent = await consoleContext.newPage();
  await agent.goto(`${gateway.url}/agent`);
  await agent.waitForFunction(() => document.querySelectorAll('[data-testid=agent-chat]').length === 2);
  const queue = await agent.locator('[data-testid=agent-chat] > div:first-child').allTextContents();
  assert.match(queue[0], /^王\*兰 · 70-79岁 · 排队中 · .*长辈$/);
  assert.match(queue[1], /^李\* · 40-49岁 · 排队中/);
  assert.ok(!(await agent.content()).includes('王秀兰'), 'never her full name');
  await shot(agent, '131-agent-console-queue');
  await agent.locator('[data-testid=agent-chat]').first().locator('[data-testid=agent-take]').click();
  await agent.waitForFunction(() => document.querySelector('[data-testid=agent-line-customer]')?.textContent.endsWith('我想问问养老金到账了没有'));
  await agent.fill('[data-testid=agent-text]', '您好，养老金每月15日到账，本月的已经到了。');
  await agent.click('[data-testid=agent-send]');

  // She reads it without 刷新: the bank's event stream wakes her sync.
  await elder.waitForSelector('[data-testid=chat-agent]', { timeout: 5_000 });
  await waitForText(elder, '[data-testid=chat-agent] .what', '您好，养老金每月15日到账，本月的已经到了。');
  await waitForText(elder, '[data-testid=chat-queue]', '客服人员正在为您服务，回复会显示在下面。');
  assert.deepEqual(await screenProblems(elder), []);
  await shot(elder, '132-chat-answered');
  await elder.close();

  // Her app restarted: the conversation is still there.
  await elderApp.stop();
  elderApp = await startApp({ dataDir: elderDir, args: ['--server', gateway.url] });
  const again = await openPhone(browser, elderApp.url);
  await again.click('[data-testid=tile-agent]');
  await onScreen(again, 'agent');
  await waitForText(again, '[data-testid=chat-agent] .what', '您好，养老金每月15日到账，本月的已经到了。');
  assert.equal(await again.locator('[data-testid=chat-lines] > li').count(), 2);

  // The gateway goes down: her line waits on the phone, marked so.
  const listen = gateway.listen;
  await gateway.stop();
  await write(again, '那下个月呢？');
  await waitForText(again, '[data-testid=chat-waiting]', '等待联网后发送');
  assert.deepEqual(await screenProblems(again), []);
  await shot(again, '133-chat-offline');
  // Back: sent once, and the agent sees it once.
  gateway = await startGateway({ dbPath, listen });
  await refreshUntil(again, '[data-testid=chat-mine]:last-child:not(:has([data-testid=chat-waiting]))');
  await agent.waitForFunction(
    () => [...document.querySelectorAll('[data-testid=agent-line-customer]')].filter((l) => l.textContent.endsWith('那下个月呢？')).length === 1,
  );
  await again.click('[data-testid=refresh]');
  await agent.waitForTimeout(1_000);
  const sent = await agent.locator('[data-testid=agent-line-customer]').allTextContents();
  assert.equal(sent.filter((l) => l.endsWith('那下个月呢？')).length, 1, sent.join(' | '));
  await consoleContext.close();
  await again.close();
  await daughter.close();
});
