// Whoever holds the liveview's websocket drives her app: the page and
// /ws need the secret made at this launch (part of the printed address),
// and /ws refuses another origin (a web page elsewhere in her browser) and
// another Host (DNS rebinding).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, tempDataDir, upgrade } from './helpers.mjs';

let app;
before(async () => {
  app = await startApp({ dataDir: tempDataDir() });
});
after(async () => {
  await app?.stop();
});

test('only the printed address opens the app, and only from its own page', { timeout: 60_000 }, async () => {
  const page = new URL(app.url);
  const secret = page.searchParams.get('s');
  assert.match(secret, /^[0-9a-f]{64}$/);
  const own = `http://${page.host}`;
  const ws = (s) => `${own}/ws${s === undefined ? '' : `?s=${s}`}`;

  // The page itself: with the secret, and only with it.
  const opened = await fetch(app.url);
  assert.equal(opened.status, 200);
  assert.equal((await fetch(`${own}/`)).status, 403);
  assert.equal((await fetch(`${own}/?s=${'0'.repeat(64)}`)).status, 403);
  // A reload (the page's history has moved it to /) is let in by the
  // cookie the page set: kept from scripts, sent only by this site's pages.
  const cookie = opened.headers.get('set-cookie');
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  const jar = cookie.split(';')[0];
  assert.equal((await fetch(`${own}/`, { headers: { cookie: jar } })).status, 200);
  assert.equal((await fetch(`${own}/`, { headers: { cookie: `happylife_launch=${'0'.repeat(64)}` } })).status, 403);
  assert.equal(await upgrade(ws(undefined), { origin: own, cookie: jar }), 101);

  // The websocket: its own page's origin and the secret.
  assert.equal(await upgrade(ws(secret), { origin: own }), 101);
  assert.equal(await upgrade(ws(secret), { origin: 'http://evil.example' }), 403, 'another site in her browser');
  assert.equal(await upgrade(ws(secret)), 403, 'no Origin: not a page of ours');
  assert.equal(await upgrade(ws(undefined), { origin: own }), 403, 'no secret');
  assert.equal(await upgrade(ws('0'.repeat(64)), { origin: own }), 403, 'a guessed secret');
  assert.equal(
    await upgrade(ws(secret), { origin: `http://evil.example:${page.port}`, host: `evil.example:${page.port}` }),
    403,
    'a name that points at this machine (DNS rebinding)',
  );
});
