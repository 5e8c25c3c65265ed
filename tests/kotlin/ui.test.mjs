// The elder UI hosted from Kotlin on the JVM, as the Android activity
// hosts it: Main.kt in `ui` mode loads the real library through the
// generated Kotlin bindings, registers a P-256 key as the biometric
// hardware and starts the UI; headless Chromium at phone size is the
// WebView. On a new phone she binds it with the SMS code, gives her PIN,
// turns on fingerprint login, locks the app and opens it with one touch.
// Run by tests/kotlin/run.sh, which builds Main.kt and passes the command
// that starts it in HAPPYLIFE_KOTLIN_SHELL (a JSON array).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startGateway, spawnReady, launchBrowser, onScreen, waitForText, shot, screenProblems, tempDataDir, PHONE,
} from '../e2e/helpers.mjs';
import { join } from 'node:path';

const COMMAND = process.env.HAPPYLIFE_KOTLIN_SHELL ? JSON.parse(process.env.HAPPYLIFE_KOTLIN_SHELL) : null;
let gateway;
let shell;
let browser;
before(async () => {
  if (!COMMAND) return;
  gateway = await startGateway({ dbPath: join(tempDataDir(), 'bank.db') });
  const [bin, ...args] = COMMAND;
  shell = await spawnReady('kotlin shell', bin, [...args, 'ui', gateway.url, tempDataDir(), gateway.listKey],
    /UI at (http:\/\/127\.0\.0\.1:\d+\/\?s=[0-9a-f]{64})/);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  const stopped = await shell?.stop();
  await gateway?.stop();
  if (shell) assert.equal(stopped, 0, `the Kotlin shell should stop cleanly; its stderr ends:\n${shell.stderr().slice(-4000)}`);
});

const asked = () => shell.stdout().split('\n').filter((l) => l.startsWith('CAP ')).map((l) => JSON.parse(l.slice(4)));

test('from Kotlin: bind, PIN, fingerprint on, lock, fingerprint login', { timeout: 180_000, skip: !COMMAND && 'run by tests/kotlin/run.sh' }, async () => {
  const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 1, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(shell.match[1]);
  await onScreen(page, 'bind');
  const idNumber = (await (await fetch(`${gateway.url}/v1/sandbox/customers/demo-elder-0001`)).json()).id_number;
  await page.fill('[data-testid=bind-id]', idNumber);
  await page.click('[data-testid=bind-send]');
  await waitForText(page, '[data-testid=bind-sent]', '验证码已经发到 138****6688。');
  const sms = await page.locator('[data-testid=bind-sandbox-sms] p').textContent();
  await page.fill('[data-testid=bind-code]', sms.match(/(?<!\d)\d{6}(?!\d)/)[0]);
  await page.click('[data-testid=bind-submit]');
  await onScreen(page, 'pin-first-run');
  for (const d of '583920') await page.click(`[data-testid="pin-${d}"]`);
  await onScreen(page, 'home');
  await page.waitForSelector('[data-testid=tile-balance]');
  assert.deepEqual(await screenProblems(page), []);

  await page.click('[data-testid=tile-settings]');
  await onScreen(page, 'settings');
  await waitForText(page, '[data-testid=biometric-state]', '没有开通');
  await page.click('[data-testid=biometric-toggle]');
  await waitForText(page, '[data-testid=biometric-state]', '已开通');
  assert.ok(asked().some(([what]) => what === 'biometric_key'), 'a key was made in the "hardware"');
  await page.click('[data-testid=lock-now]');
  await onScreen(page, 'pin-lock');
  await page.click('[data-testid=pin-biometric]');
  await onScreen(page, 'settings');
  assert.ok(asked().some(([what, reason]) => what === 'biometric_prompt' && reason === '用指纹或面容登录幸福生活'),
    `the prompt said why, in her language: ${JSON.stringify(asked())}`);
  assert.deepEqual(await screenProblems(page), []);
  await shot(page, '99-kotlin-shell-after-biometric-login');
  await context.close();
});
