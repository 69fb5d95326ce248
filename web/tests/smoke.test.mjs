// The server side of the web application in a real browser: every page path answers the app shell, its assets
// load (precompressed, cached for good), the live-update stream delivers a committed change to fetch and to the
// browser's EventSource, and the stream refuses callers without a session.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { WEB_DIR, apiSession, launchBrowser, login, startServer } from './support/index.mjs';

const PAGES = ['/', '/giris', '/konsol', '/birim', '/birim/talep/1', '/panel', '/yonetim', '/takip'];

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A request body for POST /api/v1/requests (SU.ARIZA goes to SASKI). */
function newRequest(description) {
  return {
    type: 'complaint',
    channel: 'phone',
    category: 'SU.ARIZA',
    description,
    location: { district: 'ILKADIM', street: 'Cumhuriyet Caddesi' },
    citizen: { phone: '0532 111 22 33', first_name: 'Ayşe', kvkk_consent: true },
  };
}

/** Reads an SSE response until `predicate(text)` holds or `ms` pass; returns the text read. */
async function readStream(res, predicate, ms = 5000) {
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + ms;
  try {
    while (!predicate(text) && Date.now() < deadline) {
      const chunk = await Promise.race([
        reader.read(),
        new Promise((resolve) => setTimeout(() => resolve({ timeout: true }), deadline - Date.now())),
      ]);
      if (chunk.timeout || chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return text;
}

describe('app shell and assets', () => {
  test('every page path answers the same app shell, never cached', async () => {
    const shell = await (await fetch(`${server.url}/`)).text();
    assert.match(shell, /<div id="app"><\/div>/);
    for (const path of PAGES) {
      const res = await fetch(`${server.url}${path}`);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8', path);
      assert.equal(res.headers.get('cache-control'), 'no-cache', path);
      assert.match(res.headers.get('content-security-policy'), /default-src 'self'/, path);
      assert.equal(await res.text(), shell, path);
    }
    // Unknown API paths stay problems, not the shell.
    const api = await fetch(`${server.url}/api/v1/yok`);
    assert.equal(api.status, 404);
    assert.equal(api.headers.get('content-type'), 'application/problem+json');
  });

  test('the browser loads every asset of every page, gzipped and cached for good', async (t) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const failures = [];
    const assets = new Map();
    page.on('response', async (res) => {
      const url = new URL(res.url());
      if (url.pathname.startsWith('/assets/')) {
        assets.set(url.pathname, res.headers());
        if (res.status() !== 200) failures.push(`${url.pathname} ${res.status()}`);
      }
    });
    page.on('pageerror', (e) => failures.push(`page error: ${e.message}`));
    await login(page, 'admin');
    for (const path of PAGES) {
      await page.goto(`${server.url}${path}`, { waitUntil: 'networkidle' });
      // The application rendered something into its root.
      assert.ok(await page.$eval('#app', (el) => el.childElementCount > 0), `${path} rendered nothing`);
    }
    assert.deepEqual(failures, []);
    assert.ok(assets.size >= 2, 'scripts and styles were loaded');
    let gzipped = 0;
    for (const [asset, headers] of assets) {
      assert.equal(headers['cache-control'], 'public, max-age=31536000, immutable', asset);
      // `make web` writes a .gz beside each file; the server must send it (a bare `npm run build` writes none).
      if (existsSync(path.join(WEB_DIR, `${asset}.gz`))) {
        assert.equal(headers['content-encoding'], 'gzip', asset);
        gzipped += 1;
      }
    }
    if (gzipped === 0) t.diagnostic('web/dist has no .gz siblings (built without `make web`): gzip not checked');
    await context.close();
  });
});

describe('live-update stream', () => {
  test('without a session the stream answers 401', async () => {
    const res = await fetch(`${server.url}/api/v1/stream`);
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('content-type'), 'application/problem+json');
  });

  test('a create made through the API arrives on the stream', async () => {
    const supervisor = await apiSession(server.url, 'supervisor');
    const agent = await apiSession(server.url, 'agent');
    const res = await fetch(`${server.url}/api/v1/stream`, { headers: { Cookie: supervisor.cookie } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/event-stream');
    const reading = readStream(res, (text) => /"kind":"routed"/.test(text));
    await new Promise((r) => setTimeout(r, 200)); // the subscription is open once the head has come
    const created = await agent.post('/api/v1/requests', newRequest('Akışta görünmesi gereken su arızası'));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const text = await reading;
    const events = [...text.matchAll(/id: ([0-9.]+)\nevent: request\ndata: (.*)\n\n/g)].map((m) => ({
      id: m[1],
      data: JSON.parse(m[2]),
    }));
    const mine = events.filter((e) => e.data.tracking_number === created.body.tracking_number);
    assert.deepEqual(mine.map((e) => e.data.kind), ['created', 'routed']);
    assert.equal(mine[1].data.unit, 'SASKI');
    assert.equal(mine[1].data.status, 'routed');
    assert.equal(mine[1].data.request_id, created.body.id);
  });

  test("the browser's EventSource gets changes with the session cookie", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await login(page, 'unit_staff'); // saski.personel: SASKI's changes only
    await page.goto(`${server.url}/takip`);
    // Open the stream in the page and wait until it is connected; the first `request` event is kept.
    await page.evaluate(
      () =>
        new Promise((resolve) => {
          const source = new EventSource('/api/v1/stream');
          window.firstRequest = new Promise((done) => {
            source.addEventListener('request', (e) => {
              source.close();
              done({ id: e.lastEventId, data: JSON.parse(e.data) });
            });
          });
          source.addEventListener('open', () => resolve(), { once: true });
        }),
    );
    const agent = await apiSession(server.url, 'agent');
    const road = await agent.post('/api/v1/requests', { ...newRequest('FEN için yol çukuru'), category: 'YOL.CUKUR' });
    assert.equal(road.status, 201);
    const water = await agent.post('/api/v1/requests', newRequest('SASKİ için su arızası'));
    assert.equal(water.status, 201);
    const first = await page.evaluate(() =>
      Promise.race([window.firstRequest, new Promise((_, reject) => setTimeout(() => reject(new Error('no event in 5 s')), 5000))]),
    );
    // The road request (FEN) came first but is not SASKI's: the first event this user hears is the water one.
    assert.equal(first.data.tracking_number, water.body.tracking_number);
    assert.match(first.id, /^\d+\.\d+\.\d+$/);
    await context.close();
  });
});
