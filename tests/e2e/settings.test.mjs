// Settings: language, text size and high contrast change every screen at
// once and survive a restart of the app on the same data directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  startApp, launchBrowser, openPhone, onScreen, waitForText, texts, shot, screenProblems, tempDataDir, assertStopsCleanly,
} from './helpers.mjs';

test('language, text size and contrast survive a restart', { timeout: 120_000 }, async () => {
  const dataDir = tempDataDir();
  const browser = await launchBrowser();
  let app = await startApp({ dataDir });
  try {
    let page = await openPhone(browser, app.url);
    await page.click('[data-testid=tile-settings]');
    await onScreen(page, 'settings');
    assert.deepEqual(await screenProblems(page), []);
    await shot(page, '07-settings');

    await page.click('[data-testid=lang-zh-TW]');
    await waitForText(page, '[data-testid=title]', '設定');
    assert.equal(await page.getAttribute('[data-testid=lang-zh-TW]', 'aria-pressed'), 'true');
    await page.click('[data-testid=back]');
    await onScreen(page, 'home');
    assert.deepEqual((await texts(page, '.tiles .tile')).slice(0, 2), ['餘額', '明細']);
    await shot(page, '08-home-zh-TW');

    await page.click('[data-testid=tile-settings]');
    await page.click('[data-testid=lang-en]');
    await waitForText(page, '[data-testid=title]', 'Settings');
    for (let i = 0; i < 3; i += 1) await page.click('[data-testid=text-bigger]');
    await waitForText(page, '[data-testid=text-size-value]', 'Now 130%');
    const size = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.app')).fontSize));
    assert.ok(Math.abs(size - 24 * 1.3) < 0.01, `body text ${size}px at 130 %`);
    await page.click('[data-testid=contrast-toggle]');
    await waitForText(page, '[data-testid=contrast-state]', 'On');
    const bg = await page.evaluate(() => getComputedStyle(document.querySelector('.app')).backgroundColor);
    assert.equal(bg, 'rgb(0, 0, 0)');
    assert.deepEqual(await screenProblems(page), []);
    await shot(page, '09-settings-en-130-contrast');
    await page.close();

    await assertStopsCleanly(app, 'the app');
    app = await startApp({ dataDir });
    page = await openPhone(browser, app.url);
    assert.deepEqual((await texts(page, '.tiles .tile')).slice(0, 3), ['Balance', 'History', 'Transfer']);
    assert.equal(await page.getAttribute('.app', 'data-text-scale'), '130');
    assert.equal(await page.getAttribute('.app', 'class'), 'app hc');
    assert.equal(await page.getAttribute('.app', 'lang'), 'en');
    assert.deepEqual(await screenProblems(page), []);
    await shot(page, '10-home-after-restart');
    await page.close();
  } finally {
    await browser.close();
    await app.stop();
  }
});

test('at 200 % every screen still meets the elder-mode numbers', { timeout: 120_000 }, async () => {
  const browser = await launchBrowser();
  const app = await startApp({ dataDir: tempDataDir() });
  try {
    const page = await openPhone(browser, app.url);
    await page.click('[data-testid=tile-settings]');
    await onScreen(page, 'settings');
    for (let i = 0; i < 10; i += 1) await page.click('[data-testid=text-bigger]');
    await waitForText(page, '[data-testid=text-size-value]', '现在是 200%');
    assert.ok(await page.isDisabled('[data-testid=text-bigger]'), 'cannot go past 200 %');
    assert.deepEqual(await screenProblems(page), []);
    await page.click('[data-testid=back]');
    await onScreen(page, 'home');
    assert.deepEqual(await screenProblems(page), []);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    assert.equal(overflow, false, 'no sideways scrolling at 200 %');
    await shot(page, '11-home-200');
    await page.click('[data-testid=tile-balance]');
    await page.waitForSelector('[data-testid=account] >> nth=3');
    assert.deepEqual(await screenProblems(page), []);
    await page.click('[data-testid=open-account] >> nth=3');
    await page.waitForSelector('[data-testid=txn]');
    assert.deepEqual(await screenProblems(page), []);
    await shot(page, '12-card-history-200');
    await page.close();
  } finally {
    await browser.close();
    await app.stop();
  }
});
