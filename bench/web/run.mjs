// The web figures of issue 4 (docs/benchmarks.md, "Web application"), on the 1M-request demo database:
//   - from typing the last digit of a phone number in /konsol to the rendered caller history (≤ 150 ms),
//   - the /birim inbox rendered after navigation (≤ 300 ms),
//   - JavaScript per page, gzipped (≤ 300 KB),
//   - layout shift on /panel and /birim while live updates arrive (none).
// Uses web/node_modules' playwright-core and Debian's Chromium; works on a copy of the database (it writes).
// Usage: node bench/web/run.mjs [--db build/bench-data/demo-1M.db] [--runs 15]
import { copyFile, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { ROOT, apiSession, launchBrowser, login, startServer } from '../../web/tests/support/index.mjs';

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const SOURCE_DB = path.resolve(ROOT, arg('--db', 'build/bench-data/demo-1M.db'));
const RUNS = Number(arg('--runs', '15'));
const WORK_DB = path.join(path.dirname(SOURCE_DB), 'web-bench-work.db');
const DESKTOP = { viewport: { width: 1366, height: 800 }, locale: 'tr-TR', timezoneId: 'Europe/Istanbul' };
const PAGES = ['/', '/takip', '/giris', '/konsol', '/birim', '/panel', '/yonetim'];
const ROLE_OF = { '/konsol': 'agent', '/birim': 'unit_staff', '/panel': 'supervisor', '/yonetim': 'admin' };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Sums the layout-shift entries without recent input from the moment the page loads. */
const LAYOUT_SHIFT_PROBE = () => {
  window.__cls = 0;
  window.__shifts = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (!e.hadRecentInput) {
        window.__cls += e.value;
        window.__shifts.push({ at: e.startTime, value: e.value });
      }
    }
  }).observe({ type: 'layout-shift', buffered: true });
};

/** Records when the inbox list is first marked ready (and painted), relative to the navigation's start. */
const INBOX_PROBE = () => {
  window.__inboxReady = null;
  const check = () => {
    if (window.__inboxReady === null && document.querySelector('[data-testid=inbox-list][data-ready=true]')) {
      window.__inboxReady = -1;
      requestAnimationFrame(() => (window.__inboxReady = performance.now()));
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
};

async function phonesWithHistory(supervisor, n) {
  const phones = new Set();
  let cursor = '';
  while (phones.size < n) {
    const page = await supervisor.get(`/api/v1/requests?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    for (const r of page.body.items) {
      if (!r.citizen_id || phones.size >= n) continue;
      const c = await supervisor.get(`/api/v1/citizens/${r.citizen_id}?reveal=true&reason=performans-olcumu`);
      if (c.status === 200 && c.body.phone?.startsWith('+905')) phones.add(c.body.phone);
    }
    cursor = page.body.next_cursor;
    if (!cursor) break;
  }
  return [...phones];
}

async function main() {
  if (!existsSync(SOURCE_DB)) throw new Error(`${SOURCE_DB} is missing (bench/run.sh makes it; or copy one there)`);
  console.error(`copying ${SOURCE_DB} (${round((await stat(SOURCE_DB)).size / 2 ** 30, 2)} GB) to ${WORK_DB}`);
  await rm(WORK_DB, { force: true });
  await rm(`${WORK_DB}-wal`, { force: true });
  await copyFile(SOURCE_DB, WORK_DB);
  if (existsSync(`${SOURCE_DB}-wal`)) await copyFile(`${SOURCE_DB}-wal`, `${WORK_DB}-wal`);

  const server = await startServer({ db: WORK_DB, env: { ALO153_LOG_LEVEL: 'error' } });
  const browser = await launchBrowser();
  const results = { machine_load_at_start: loadavg().map((x) => round(x, 2)), runs: RUNS };
  try {
    const supervisor = await apiSession(server.url, 'supervisor');
    const agent = await apiSession(server.url, 'agent');

    // 1. JavaScript per page, gzipped as served (the script responses' bodies, i.e. their Content-Length).
    results.js_gzip_kb = {};
    for (const p of PAGES) {
      const context = await browser.newContext(DESKTOP);
      const page = await context.newPage();
      if (ROLE_OF[p]) await login(page, ROLE_OF[p], server.url);
      const sizes = new Map();
      page.on('response', async (res) => {
        if (res.request().resourceType() === 'script') {
          // The body as gzip -9 makes it (what `make web` writes beside each file and the server sends).
          const body = await res.body();
          sizes.set(new URL(res.url()).pathname, {
            length: gzipSync(body, { level: 9 }).length,
            encoding: res.headers()['content-encoding'] ?? 'identity',
          });
        }
      });
      await page.goto(`${server.url}${p}`, { waitUntil: 'networkidle' });
      await sleep(500);
      const total = [...sizes.values()].reduce((a, s) => a + s.length, 0);
      results.js_gzip_kb[p] = {
        kb: round(total / 1024),
        chunks: sizes.size,
        served_gzip: [...sizes.values()].every((s) => s.encoding === 'gzip'),
      };
      await context.close();
    }

    // 2. Caller history: last digit typed → history for that number rendered.
    const phones = await phonesWithHistory(supervisor, RUNS);
    const konsol = await browser.newContext(DESKTOP);
    await login(await konsol.newPage(), 'agent', server.url);
    const lookups = [];
    for (const e164 of phones) {
      // A fresh console per caller (a looked-up caller's call runs until the agent ends it).
      const kp = await konsol.newPage();
      await kp.goto(`${server.url}/konsol`, { waitUntil: 'networkidle' });
      await kp.waitForSelector('#caller-phone:focus');
      const national = `0${e164.slice(3)}`;
      await kp.keyboard.type(national.slice(0, -1));
      await sleep(150);
      const timing = kp.evaluate(
        (phone) =>
          new Promise((resolve, reject) => {
            let t0 = null;
            const input = document.querySelector('#caller-phone');
            input.addEventListener('keydown', () => (t0 = performance.now()), { once: true, capture: true });
            const done = () => {
              if (t0 !== null && document.querySelector(`[data-testid=caller-history][data-phone="${phone}"]`)) {
                observer.disconnect();
                requestAnimationFrame(() => resolve(performance.now() - t0));
                return true;
              }
              return false;
            };
            const observer = new MutationObserver(done);
            observer.observe(document, { subtree: true, childList: true, attributes: true });
            setTimeout(() => reject(new Error(`no history for ${phone} in 5 s`)), 5000);
          }),
        e164,
      );
      await sleep(50);
      await kp.keyboard.press(national.slice(-1));
      lookups.push(await timing);
      await kp.close();
    }
    await konsol.close();
    results.caller_history_ms = { median: round(median(lookups)), p90: round(pct(lookups, 90)), max: round(Math.max(...lookups)), n: lookups.length };

    // 3. The unit inbox (SASKİ: the largest queue) rendered after navigation; the first load is cold.
    const inbox = await browser.newContext(DESKTOP);
    await inbox.addInitScript(INBOX_PROBE);
    const ip = await inbox.newPage();
    await login(ip, 'unit_staff', server.url);
    const renders = [];
    for (let i = 0; i < RUNS + 1; i++) {
      await ip.goto(`${server.url}/birim`);
      await ip.waitForFunction(() => window.__inboxReady > 0, null, { timeout: 10_000 });
      renders.push(await ip.evaluate(() => window.__inboxReady));
    }
    await inbox.close();
    const [cold, ...warm] = renders;
    results.inbox_render_ms = { cold: round(cold), median: round(median(warm)), p90: round(pct(warm, 90)), max: round(Math.max(...warm)), n: warm.length };

    // 4. Layout shift while live updates arrive: 20 requests and 10 calls over ~5 s on open pages.
    results.layout_shift = {};
    for (const [p, role] of [['/panel', 'supervisor'], ['/birim', 'unit_staff']]) {
      const context = await browser.newContext(DESKTOP);
      await context.addInitScript(LAYOUT_SHIFT_PROBE);
      const page = await context.newPage();
      await login(page, role, server.url);
      await page.goto(`${server.url}${p}`, { waitUntil: 'networkidle' });
      if (p === '/birim') {
        // Newest first, so the new requests come into view (by due time they would sort below the first page).
        await page.selectOption('#filter-sort', 'newest');
        await page.waitForSelector('[data-testid=inbox-list][data-ready=true][data-sort=newest][data-loading=false]', {
          state: 'attached',
        });
      }
      await sleep(1000);
      const before = await page.evaluate(() => window.__cls);
      // What shows that the updates arrived: the dashboard's counter of today's requests, the inbox's rows.
      const created = [];
      const visible = () =>
        page.evaluate(
          (numbers) =>
            document.querySelector('[data-testid=stat-requests-today]')
              ? Number(document.querySelector('[data-testid=stat-requests-today]').textContent)
              : numbers.filter((n) => document.body.textContent.includes(n)).length,
          created,
        );
      const shownBefore = await visible();
      await page.evaluate(() => {
        window.__cls = 0;
        window.__shifts = [];
      });
      for (let i = 0; i < 20; i++) {
        const r = await agent.post('/api/v1/requests', {
          type: 'complaint',
          channel: 'phone',
          category: i % 2 ? 'SU.ARIZA' : 'YOL.CUKUR',
          description: `Ölçüm için canlı güncelleme ${i}`,
          location: { district: 'ILKADIM' },
        });
        if (r.status !== 201) throw new Error(`create: ${r.status}`);
        if (r.body.unit === 'SASKI') created.push(r.body.tracking_number);
        if (i % 2) await agent.post('/api/v1/contacts', { channel: 'phone', caller_phone: '0532 000 00 00', outcome: 'dropped' });
        await sleep(250);
      }
      await sleep(2000);
      const during = await page.evaluate(() => ({ cls: window.__cls, shifts: window.__shifts.length }));
      results.layout_shift[p] = {
        while_updates: round(during.cls, 4),
        shifts: during.shifts,
        at_load: round(before, 4),
        shown: p === '/panel' ? `today's requests ${shownBefore} → ${await visible()}` : `${await visible()} of ${created.length} new SASKI requests in the inbox`,
      };
      await context.close();
    }
  } finally {
    await browser.close();
    await server.stop();
    await rm(WORK_DB, { force: true });
    await rm(`${WORK_DB}-wal`, { force: true });
    await rm(`${WORK_DB}-shm`, { force: true });
  }
  results.machine_load_at_end = loadavg().map((x) => round(x, 2));
  console.log(JSON.stringify(results, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
