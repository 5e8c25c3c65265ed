// Shared helpers for the browser tests: start the real liveview binary on
// 127.0.0.1 with its own data directory, drive Debian's Chromium through
// playwright-core at phone size, and check elder-mode rules on every screen.
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const require = createRequire(import.meta.url);
export const AXE_PATH = require.resolve('axe-core/axe.min.js');
export const ARTIFACTS = process.env.HAPPYLIFE_ARTIFACTS ?? join(here, 'artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

const targetDir = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
export const LIVEVIEW_BIN = process.env.HAPPYLIFE_LIVEVIEW_BIN ?? join(targetDir, 'debug', 'happylife-liveview');

/** A fixed demo moment, so greetings and freshness lines are repeatable. */
export const DEMO_CLOCK = '2026-11-25T09:30:00+08:00';

export const PHONE = { width: 390, height: 844 };

export function tempDataDir() {
  return mkdtempSync(join(tmpdir(), 'happylife-e2e-'));
}

/** How long a stopped process may take to exit before it is killed. */
const STOP_GRACE_MS = 15_000;

/**
 * Spawns `bin` and resolves once its stdout matches `ready`, with
 * `{ match, stderr(), stop() }`. `stop()` may be called any number of times,
 * also after the process died on its own; it resolves with the exit code, or
 * with a sentence naming the signal that killed it (a crash is never read as
 * a clean stop, and never leaves the test waiting for an exit already seen).
 */
export function spawnReady(name, bin, args, ready, env = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    let started = false;
    let stopping = false;
    const exited = new Promise((done) => {
      child.once('exit', (code, signal) => done(code ?? `killed by ${signal}`));
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start in 30 s\nstdout: ${out}\nstderr: ${err}`));
    }, 30_000);
    const stop = async () => {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      let late;
      const overdue = new Promise((done) => {
        late = setTimeout(() => {
          child.kill('SIGKILL');
          done(`did not stop within ${STOP_GRACE_MS / 1000} s of SIGTERM`);
        }, STOP_GRACE_MS);
      });
      try {
        return await Promise.race([exited, overdue]);
      } finally {
        clearTimeout(late);
      }
    };
    child.stderr.on('data', (d) => { err += d; });
    child.stdout.on('data', (d) => {
      out += d;
      const match = started ? null : out.match(ready);
      if (match) {
        started = true;
        clearTimeout(timer);
        resolvePromise({ match, pid: child.pid, stdout: () => out, stderr: () => err, stop });
      }
    });
    exited.then((how) => {
      clearTimeout(timer);
      if (!started) {
        reject(new Error(`${name} exited (${how}) before starting\nstderr: ${err}`));
      } else if (!stopping) {
        // Whatever the test fails on next, say first that this process died.
        console.error(`${name} ended on its own (${how}); its stderr ends:\n${err.slice(-4000)}`);
      }
    });
  });
}

/**
 * Stops a started app or gateway and asserts it exited with 0, naming how it
 * ended and the end of its stderr if not.
 */
export async function assertStopsCleanly(proc, what) {
  const how = await proc.stop();
  assert.equal(how, 0, `${what} should stop cleanly but ended with ${how}; its stderr ends:\n${proc.stderr().slice(-4000)}`);
}

/** Starts the liveview server; resolves when it prints its address. */
export async function startApp({ dataDir, args = [], clock = DEMO_CLOCK }) {
  // An app on a gateway of its own is configured with that bank's scam-list
  // key, as a phone of that bank would be (the built-in gateway hands its own).
  const server = args[args.indexOf('--server') + 1];
  const listKey = args.includes('--server') ? LIST_KEYS.get(server) : undefined;
  const { match, stderr, stop } = await spawnReady(
    'liveview',
    LIVEVIEW_BIN,
    ['--data-dir', dataDir, '--listen', '127.0.0.1:0', '--clock', clock, ...args,
      ...(listKey ? ['--list-key', listKey] : [])],
    /running at (http:\/\/127\.0\.0\.1:\d+\/\?s=[0-9a-f]{64})/,
  );
  return { url: match[1], stderr, stop };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.HAPPYLIFE_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
    ],
  });
}

export async function openPhone(browser, url) {
  const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 1, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('[data-screen=home] [data-testid=tile-balance]');
  return page;
}

/** Asks the app to sync now (its 刷新 button) until `selector` is there. */
export async function refreshUntil(page, selector) {
  for (let i = 0; i < 30; i += 1) {
    if (await page.locator(selector).count()) return;
    await page.click('[data-testid=refresh]');
    await page.waitForTimeout(400);
  }
  await page.waitForSelector(selector, { timeout: 5_000 });
}

/** Waits until the screen with this id is shown. */
export async function onScreen(page, id) {
  await page.waitForSelector(`.app[data-screen="${id}"]`);
}

/**
 * Back to her home screen: 返回 (or a result screen's 回首页) until home.
 * Each click waits only briefly and the screen is asked again after it: a
 * screen may change between two questions (the click that went home lands
 * after the first), and waiting long for a button the new screen does not
 * have would hang. With `pin`, a lock screen on the way is opened with it.
 */
export async function backHome(page, { pin } = {}) {
  for (let i = 0; i < 15; i += 1) {
    if (await page.locator('.app[data-screen=home]').count()) return;
    if (pin && (await page.locator('.app[data-screen=pin-lock]').count())) {
      // Out of a PIN reset first: its new-PIN step has a keypad of its own,
      // so a digit typed before the lock screen is back would go there.
      if (await page.locator('[data-testid=reset-cancel]').count()) {
        await page.click('[data-testid=reset-cancel]', { timeout: 5_000 }).catch(() => {});
        await page.waitForSelector('[data-testid=reset-cancel]', { state: 'detached', timeout: 5_000 }).catch(() => {});
      }
      // The lock screen's own keypad, emptied of any digit left from before.
      await page.waitForSelector('[data-testid=pin-lock-ask]', { timeout: 5_000 }).catch(() => {});
      const typed = await page.evaluate(() => [...document.querySelectorAll('[data-testid=pin-dots] span')]
        .filter((s) => s.textContent === '●').length).catch(() => 0);
      for (let k = 0; k < typed; k += 1) await page.click('[data-testid=pin-del]', { timeout: 5_000 }).catch(() => {});
      for (const d of pin) await page.click(`[data-testid="pin-${d}"]`, { timeout: 5_000 }).catch(() => {});
    } else {
      await page.locator('[data-testid=back], [data-testid=result-home]').first()
        .click({ timeout: 2_000 }).catch(() => {});
    }
    await page.waitForTimeout(200);
  }
  await onScreen(page, 'home');
}

/** Waits until `selector` has exactly `text` (trimmed). */
export async function waitForText(page, selector, text) {
  await page.waitForFunction(
    ([sel, want]) => document.querySelector(sel)?.textContent.trim() === want,
    [selector, text],
    { timeout: 10_000 },
  ).catch(async () => {
    const got = await page.locator(selector).first().textContent().catch(() => '(missing)');
    throw new Error(`${selector}: wanted "${text}", got "${got?.trim()}"`);
  });
}

export async function texts(page, selector) {
  return (await page.locator(selector).allTextContents()).map((t) => t.trim());
}

/** From home: the first account's balance in fen (her debit card), back on home. */
export async function debitBalance(page) {
  await page.click('[data-testid=tile-balance]');
  await onScreen(page, 'accounts');
  await page.waitForSelector('[data-testid=balance]');
  const text = await page.textContent('[data-testid=balance] >> nth=0');
  await page.click('[data-testid=back]');
  await onScreen(page, 'home');
  return Math.round(parseFloat(text.replace(/[¥,]/g, '')) * 100);
}

export async function shot(page, name) {
  // From the top, so the sticky back bar sits where the elder first sees it.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** axe-core with the AAA contrast rule (7:1) on; returns serious/critical violations. */
export async function axeSerious(page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
    await page.addScriptTag({ path: AXE_PATH });
  }
  const result = await page.evaluate(async () => window.axe.run(document, {
    rules: { 'color-contrast-enhanced': { enabled: true } },
    resultTypes: ['violations'],
  }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

/**
 * Elder-mode numbers from computed styles: text >= 24 px x scale, line
 * height >= 1.5, every control at least 64 x 64 px. Returns the failures.
 */
export async function elderModeFailures(page) {
  return page.evaluate(() => {
    const app = document.querySelector('.app');
    const scale = Number(app.dataset.textScale) / 100;
    const minText = 24 * scale - 0.01;
    const failures = [];
    const visible = (el) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
    };
    const name = (el) => `${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ''} "${el.textContent.trim().slice(0, 20)}"`;
    for (const el of app.querySelectorAll('*')) {
      if (!visible(el) || ['STYLE', 'SCRIPT'].includes(el.tagName)) continue;
      const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
      if (ownText) {
        const s = getComputedStyle(el);
        const size = parseFloat(s.fontSize);
        if (size < minText) failures.push(`${name(el)}: font ${size}px < ${minText.toFixed(1)}px`);
        const lh = s.lineHeight === 'normal' ? NaN : parseFloat(s.lineHeight);
        if (!(lh / size >= 1.5 - 0.001)) failures.push(`${name(el)}: line-height ${s.lineHeight} for ${size}px`);
      }
      if (el.matches('button, a[href], [role=button], input, select')) {
        const r = el.getBoundingClientRect();
        if (r.width < 64 || r.height < 64) failures.push(`${name(el)}: control ${r.width}x${r.height}px`);
      }
    }
    if (document.documentElement.scrollWidth > window.innerWidth) {
      failures.push(`page scrolls sideways: ${document.documentElement.scrollWidth}px wide in ${window.innerWidth}px`);
    }
    return failures;
  });
}

/** Both checks, as one assertion-friendly list. */
export async function screenProblems(page) {
  return [...(await axeSerious(page)), ...(await elderModeFailures(page))];
}

export const SERVER_BIN = process.env.HAPPYLIFE_SERVER_BIN ?? join(targetDir, 'debug', 'happylife-server');

/** The scam-list key each gateway started here printed, by its URL. */
const LIST_KEYS = new Map();

/**
 * The app on `dataDir`, its phone bound (and her data synced) two days
 * before the demo moment: not a new phone to the risk check, for tests
 * about other risks. (A phone bound less than a day ago makes every new
 * payee a warning.)
 */
export async function startAppBoundEarlier({ dataDir, args = [] }) {
  const first = await startApp({ dataDir, args, clock: '2026-11-23T09:30:00+08:00' });
  const browser = await launchBrowser();
  try {
    const page = await openPhone(browser, first.url);
    await page.waitForFunction(
      () => document.querySelector('[data-testid=greeting]')?.textContent.includes('王秀兰'),
      null,
      { timeout: 30_000 },
    );
  } finally {
    await browser.close();
    await first.stop();
  }
  return startApp({ dataDir, args });
}

/** The operator credential the tests' gateways are started with. */
export const OPERATOR_TOKEN = 'e2e-operator-credential';

/** Headers of an operator's JSON request (publishing, answering complaints). */
export const OPERATOR_HEADERS = {
  'content-type': 'application/json',
  authorization: `Bearer ${OPERATOR_TOKEN}`,
};

/** Starts the gateway binary on its own, as the sandbox (SQLite file `dbPath`). */
export async function startGateway({ dbPath, listen = '127.0.0.1:0' }) {
  const { match, stderr, stop } = await spawnReady(
    'gateway',
    SERVER_BIN,
    ['--sandbox', '--database-url', `sqlite://${dbPath}?mode=rwc`, '--listen', listen, '--clock', DEMO_CLOCK,
      '--blocklist-size', '20000'],
    /gateway at (http:\/\/127\.0\.0\.1:(\d+))\nscam-list key ([0-9a-f]{64})/,
    { HAPPYLIFE_OPERATOR_TOKEN: OPERATOR_TOKEN },
  );
  LIST_KEYS.set(match[1], match[3]);
  return { url: match[1], listen: `127.0.0.1:${match[2]}`, listKey: match[3], stderr, stop };
}

/**
 * The Python shell (tests/ffi/shell.py) on `dataDir`: the real mobile
 * library, loaded through its generated Python bindings, serving the elder
 * UI for the shell's WebView, syncing with the bank at `server`. Needs
 * `HAPPYLIFE_PYTHON` (with the FFI tests' packages) and
 * `HAPPYLIFE_PY_BINDINGS` (`cargo xtask test` sets both); in a session
 * keyring of its own, as the FFI tests run.
 */
export const SHELL_READY = Boolean(process.env.HAPPYLIFE_PYTHON && process.env.HAPPYLIFE_PY_BINDINGS);
export async function startShell({ server, dataDir, callFlag, wordsFile, noVoiceModel }) {
  assert.ok(SHELL_READY, 'HAPPYLIFE_PYTHON and HAPPYLIFE_PY_BINDINGS are needed (cargo xtask test sets them)');
  const listKey = LIST_KEYS.get(server);
  const { match, pid, stdout, stderr, stop } = await spawnReady(
    'shell',
    'keyctl',
    ['session', '-', process.env.HAPPYLIFE_PYTHON, join(here, '..', 'ffi', 'shell.py'),
      '--server', server, '--data-dir', dataDir, ...(listKey ? ['--list-key', listKey] : []),
      // The phone's clock where the bank's stands: a transfer made after
      // 22:00 on the test machine must not meet the night-time check.
      '--clock', DEMO_CLOCK,
      ...(callFlag ? ['--call-flag', callFlag] : []), ...(wordsFile ? ['--words-file', wordsFile] : []),
      // A phone built without the speaker encoder's weights.
      ...(noVoiceModel ? ['--no-voice-model'] : [])],
    /UI at (http:\/\/127\.0\.0\.1:\d+\/\?s=[0-9a-f]{64})/,
  );
  // What the shell's capabilities were asked, in order: ['dial', '96110'].
  const asked = () => stdout().split('\n').filter((l) => l.startsWith('CAP ')).map((l) => JSON.parse(l.slice(4)));
  // A shake of the phone (the shell's accelerometer).
  const shake = () => process.kill(pid, 'SIGUSR1');
  // Someone adds a fingerprint in the phone's settings.
  const newFingerprint = () => process.kill(pid, 'SIGUSR2');
  return { url: match[1], asked, shake, newFingerprint, stderr, stop };
}

/** A websocket upgrade by hand: the status the app answered (101: opened). */
export function upgrade(url, { origin, host, cookie } = {}) {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({
      host: u.hostname,
      port: u.port,
      path: u.pathname + u.search,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
        'Sec-WebSocket-Version': '13',
        ...(origin ? { Origin: origin } : {}),
        ...(host ? { Host: host } : {}),
        ...(cookie ? { Cookie: cookie } : {}),
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', reject);
    req.end();
  });
}
