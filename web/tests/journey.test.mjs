// The whole journey across four browsers at once, against one real alo153:
//   an agent (cagri1) looks up a caller on /konsol and records a phone request (SU.ARIZA → SASKI) →
//   the SASKI inbox, already open, shows it live; staff accept it and resolve it with a public answer →
//   a citizen on /takip enters the number and the phone's last four digits and reads the answer →
//   the supervisor's dashboard, already open, changed its counters live (no reload).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, startServer } from './support/index.mjs';

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

/** A context signed in as `username` through the API (the session cookie serves the pages too). */
async function staff(username, viewport = { width: 1366, height: 860 }) {
  const context = await browser.newContext({ viewport });
  const res = await context.request.post(`${server.url}/api/v1/auth/login`, { data: { username, password: 'alo153-demo' } });
  assert.equal(res.status(), 200, `login ${username}`);
  return { context, page: await context.newPage() };
}

const num = async (page, id) => Number(await page.textContent(`[data-testid=${id}]`));

test('phone request → live inbox → accept and resolve → citizen reads the answer → dashboard changed live', async () => {
  const phone = `0538${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  const e164 = `+90${phone.slice(1)}`;
  const answer = 'Ekiplerimiz arızayı giderdi, bölgeye su verildi.';

  const supervisor = await staff('amir');
  const unit = await staff('saski.personel', { width: 1280, height: 800 });
  const agent = await staff('cagri1');
  const citizenContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  try {
    // The dashboard and the inbox are open before anything happens.
    const panel = supervisor.page;
    await panel.goto(`${server.url}/panel`);
    await panel.waitForSelector('[data-testid=panel][data-ready=true]');
    await panel.waitForSelector('[data-testid=live-indicator][data-connected=true]');
    await panel.evaluate(() => (window.__journeyMarker = true));
    const before = {
      requests: await num(panel, 'stat-requests-today'),
      calls: await num(panel, 'stat-calls-today'),
      open: await num(panel, 'stat-open'),
    };

    const inbox = unit.page;
    await inbox.goto(`${server.url}/birim`);
    await inbox.waitForSelector('[data-testid=inbox-list][data-ready=true]', { state: 'attached' });
    // Newest first: the demo data may hold more than a page of requests due sooner than the new one.
    await inbox.selectOption('#filter-sort', 'newest');
    await inbox.waitForSelector('[data-testid=inbox-list][data-ready=true][data-sort=newest][data-loading=false]', { state: 'attached' });
    await inbox.waitForSelector('[data-testid=live-indicator][data-connected=true]');
    await inbox.evaluate(() => (window.__journeyMarker = true));

    // 1. The agent looks up the caller and records the request.
    const konsol = agent.page;
    await konsol.goto(`${server.url}/konsol`);
    await konsol.waitForSelector('#caller-phone');
    await konsol.fill('#caller-phone', phone);
    await konsol.waitForSelector(`[data-testid=caller-history][data-phone="${e164}"]`);
    await konsol.selectOption('#req-type', 'complaint');
    await konsol.fill('#req-category-search', 'su ariza');
    await konsol.click('[data-testid=category-option][data-code="SU.ARIZA"]');
    await konsol.fill('#req-description', 'Evin önünde su borusu patladı, sokak su altında');
    await konsol.selectOption('#req-district', 'ILKADIM');
    await konsol.waitForSelector('#req-neighbourhood option:nth-child(2)', { state: 'attached' });
    await konsol.selectOption('#req-neighbourhood', { index: 1 });
    await konsol.fill('#req-street', 'Gazi Caddesi');
    if (await konsol.locator('#req-first-name').count()) {
      await konsol.fill('#req-first-name', 'Zeynep');
      await konsol.fill('#req-last-name', 'Aydın');
    }
    if (await konsol.locator('#req-kvkk').count()) await konsol.check('#req-kvkk');
    await konsol.click('[data-testid=request-submit]');
    const number = (await konsol.textContent('[data-testid=request-created] [data-testid=tracking-number]')).trim();
    assert.match(number, /^\d{4}-\d{6}-\d$/);
    await konsol.click('[data-testid=end-call]');

    // 2. The SASKI inbox shows it without reloading; staff accept and resolve it with a public answer.
    const row = inbox.locator(`[data-testid=inbox-row][data-tracking="${number}"]`);
    await row.waitFor();
    assert.equal(await inbox.evaluate(() => window.__journeyMarker), true, 'the inbox was not reloaded');
    await row.locator('a').click();
    await inbox.waitForSelector('[data-testid=request-detail][data-status=routed]');
    await inbox.click('[data-action=accept]');
    await inbox.waitForSelector('[data-testid=history] [data-kind=accept]');
    await inbox.click('[data-action=resolve]');
    await inbox.fill('#action-text', answer);
    await inbox.click('[data-testid=action-confirm]');
    await inbox.waitForSelector('[data-testid=request-detail][data-status=resolved]');

    // 3. The citizen tracks it with the number and the last four digits of the phone.
    const citizen = await citizenContext.newPage();
    await citizen.goto(`${server.url}/takip?number=${encodeURIComponent(number)}`);
    await citizen.waitForSelector('#track-number');
    assert.equal(await citizen.inputValue('#track-number'), number);
    await citizen.fill('#track-last4', phone.slice(-4));
    await citizen.click('[data-testid=track-submit]');
    await citizen.waitForSelector('[data-testid=track-result]');
    assert.match(await citizen.textContent('[data-testid=public-answer]'), /arızayı giderdi/);
    const history = await citizen.textContent('[data-testid=public-history]');
    assert.doesNotMatch(history, /Hasan Şahin/, 'no staff names in the public history');

    // 4. The dashboard counted the request and the call, live: the page is the same one.
    await panel.waitForFunction(
      (n) => Number(document.querySelector('[data-testid=stat-requests-today]')?.textContent) >= n,
      before.requests + 1,
    );
    await panel.waitForFunction(
      (n) => Number(document.querySelector('[data-testid=stat-calls-today]')?.textContent) >= n,
      before.calls + 1,
    );
    // Opened and resolved again: the open count is back where it was (other tests do not share this server).
    await panel.waitForFunction(
      (n) => Number(document.querySelector('[data-testid=stat-open]')?.textContent) === n,
      before.open,
    );
    assert.equal(await panel.evaluate(() => window.__journeyMarker), true, 'the dashboard was not reloaded');
  } finally {
    await Promise.all([supervisor.context.close(), unit.context.close(), agent.context.close(), citizenContext.close()]);
  }
});
