// Dashboard (/panel) in a real browser against a real alo153: the counters render, and change live (no reload,
// no layout shift) when a request and a contact are created through the API; a unit manager sees their unit.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiSession, launchBrowser, startServer } from './support/index.mjs';

let server;
let browser;
let agent;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  agent = await apiSession(server.url, 'cagri2');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signedIn(username) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const res = await context.request.post(`${server.url}/api/v1/auth/login`, { data: { username, password: 'alo153-demo' } });
  assert.equal(res.status(), 200);
  return { context, page: await context.newPage() };
}

const COUNTERS = ['stat-requests-today', 'stat-calls-today', 'stat-open', 'stat-overdue'];

async function counters(page) {
  const out = {};
  for (const id of COUNTERS) out[id] = Number(await page.textContent(`[data-testid=${id}]`));
  return out;
}

describe('dashboard', () => {
  test('counters render and change live when a request and a call arrive, without reload or layout shift', async () => {
    const { context, page } = await signedIn('amir');
    try {
      await page.goto(`${server.url}/panel`);
      await page.waitForSelector('[data-testid=panel][data-ready=true]');
      const before = await counters(page);
      for (const id of COUNTERS) assert.ok(Number.isInteger(before[id]) && before[id] >= 0, `${id} is a number`);
      await page.waitForSelector('[data-testid=trend-chart] canvas');
      await page.waitForSelector('[data-testid=units-table]');
      await page.waitForSelector('[data-testid=live-indicator][data-connected=true]');

      // From here on: no reload (the marker survives) and no layout shift.
      await page.evaluate(() => {
        window.__panelMarker = true;
        window.__shift = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
        }).observe({ type: 'layout-shift' });
      });

      const r = await agent.post('/api/v1/requests', {
        type: 'complaint',
        channel: 'phone',
        category: 'SU.ARIZA',
        description: 'Panel testi: boru patladı',
        location: { district: 'ATAKUM', lat: 41.33, lon: 36.27 },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      await page.waitForFunction(
        (n) => Number(document.querySelector('[data-testid=stat-requests-today]')?.textContent) === n,
        before['stat-requests-today'] + 1,
      );
      await page.waitForFunction(
        (n) => Number(document.querySelector('[data-testid=stat-open]')?.textContent) === n,
        before['stat-open'] + 1,
      );

      const c = await agent.post('/api/v1/contacts', { channel: 'phone', caller_phone: '0532 765 43 21', outcome: 'informed' });
      assert.equal(c.status, 201, JSON.stringify(c.body));
      await page.waitForFunction(
        (n) => Number(document.querySelector('[data-testid=stat-calls-today]')?.textContent) === n,
        before['stat-calls-today'] + 1,
      );
      // The new request's unit row and the map note follow too.
      await page.waitForSelector('[data-testid=units-table] tr[data-unit=SASKI]');

      assert.equal(await page.evaluate(() => window.__panelMarker), true, 'the page was not reloaded');
      const shift = await page.evaluate(() => window.__shift);
      assert.ok(shift < 0.01, `layout shift while updating live: ${shift}`);
    } finally {
      await context.close();
    }
  });

  test("a unit manager sees their unit's figures only", async () => {
    const { context, page } = await signedIn('saski.mudur');
    try {
      await page.goto(`${server.url}/panel`);
      await page.waitForSelector('[data-testid=panel][data-ready=true]');
      assert.match(await page.textContent('h1'), /SASK/);
      const units = await page.locator('[data-testid=units-table] tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.unit));
      assert.ok(units.every((u) => u === 'SASKI'), `units shown: ${units}`);
    } finally {
      await context.close();
    }
  });
});
