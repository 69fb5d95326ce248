// Unit inbox (/birim) in a real browser against a real alo153: the unit's queue with SLA badges, the request
// page's actions (accept, start, note, resolve with a public answer, hold/resume, reject, reroute), validation
// messages, a phone-sized screen, and another unit's request refused by URL.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiSession, launchBrowser, startServer } from './support/index.mjs';

let server;
let browser;
let agent;
let seq = 0;
const run = Math.random().toString(36).slice(2, 8);

/** A new request through the API (as an agent); SU.* goes to SASKI, YOL.* to FEN. */
async function newRequest(category = 'SU.ARIZA', extra = {}) {
  seq += 1;
  const r = await agent.post('/api/v1/requests', {
    type: 'complaint',
    channel: 'phone',
    category,
    description: `Birim testi ${run}x${seq}: sokakta su akıyor`,
    location: { district: 'ILKADIM', street: 'Gazi Caddesi', lat: 41.2867, lon: 36.33 },
    ...extra,
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

/** A browser context signed in as `username` (the API login sets the session cookie for the pages too). */
async function signedIn(username, viewport = { width: 1280, height: 860 }, extra = {}) {
  const context = await browser.newContext({ viewport, ...extra });
  const res = await context.request.post(`${server.url}/api/v1/auth/login`, {
    data: { username, password: 'alo153-demo' },
  });
  assert.equal(res.status(), 200, `login ${username}`);
  const page = await context.newPage();
  return { context, page };
}

/** The inbox, newest first (the demo data may hold more than a page of requests due sooner than new ones). */
async function openInbox(page) {
  await page.goto(`${server.url}/birim`);
  await page.waitForSelector('[data-testid=inbox-list][data-ready=true]', { state: 'attached' });
  if (!(await page.isVisible('#filter-sort'))) await page.click('.birim-filters summary'); // folded on phones
  await page.selectOption('#filter-sort', 'newest');
  await page.waitForSelector('[data-testid=inbox-list][data-ready=true][data-sort=newest][data-loading=false]', { state: 'attached' });
}

async function openRequest(page, id) {
  await page.goto(`${server.url}/birim/talep/${id}`);
  await page.waitForSelector(`[data-testid=request-detail][data-id="${id}"]`);
}

const detail = (status) => `[data-testid=request-detail][data-status=${status}]`;

let saski;
let fen;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  agent = await apiSession(server.url, 'cagri2');
  saski = await signedIn('saski.personel');
  fen = await signedIn('fen.personel');
});

after(async () => {
  await saski?.context.close();
  await fen?.context.close();
  await browser?.close();
  await server?.stop();
});

describe('unit inbox', () => {
  test("the queue shows the unit's open requests with SLA countdowns, not other units'", async () => {
    const water = await newRequest('SU.ARIZA');
    const road = await newRequest('YOL.CUKUR');
    const { page } = saski;
    await openInbox(page);
    const row = page.locator(`[data-testid=inbox-row][data-tracking="${water.tracking_number}"]`);
    await row.waitFor();
    assert.equal(await row.getAttribute('data-id'), String(water.id));
    assert.match(await row.locator('.badge--sla').textContent(), /kaldı|gecikti/);
    assert.ok(['ok', 'soon', 'late'].includes(await row.locator('[data-sla]').getAttribute('data-sla')));
    assert.equal(await page.locator(`[data-testid=inbox-row][data-tracking="${road.tracking_number}"]`).count(), 0);

    // Filters: a text search finds it; "assigned to me" does not (nobody is assigned yet).
    await page.fill('#filter-q', water.description.split(':')[0].split(' ').pop());
    await page.click('[data-testid=filter-apply]');
    await page.waitForFunction(
      (n) => {
        const rows = [...document.querySelectorAll('[data-testid=inbox-row]')];
        return rows.length >= 1 && rows.every((r) => r.dataset.tracking === n);
      },
      water.tracking_number,
    );
    await page.fill('#filter-q', '');
    await page.click('[data-testid=filter-apply]');
    await page.check('#filter-mine');
    await page.waitForSelector(`[data-testid=inbox-row][data-tracking="${water.tracking_number}"]`, { state: 'detached' });

    // A saved view keeps the filters under a name (localStorage) and brings them back.
    await page.click('[data-testid=view-save-open]');
    await page.click('[data-testid=view-save]');
    assert.match(await page.textContent('#view-name-error'), /ad verin/);
    await page.fill('#view-name', 'Benimkiler');
    await page.click('[data-testid=view-save]');
    await page.click('[data-testid=saved-view]:has-text("Açık işler")');
    await page.waitForSelector(`[data-testid=inbox-row][data-tracking="${water.tracking_number}"]`);
    assert.equal(await page.isChecked('#filter-mine'), false);
    await page.click('[data-testid=saved-view]:has-text("Benimkiler")');
    assert.equal(await page.isChecked('#filter-mine'), true);
    await page.click('[data-testid=saved-view]:has-text("Açık işler")');
  });

  test('a new request appears live at its place, and the rows on screen do not move', async () => {
    for (let i = 0; i < 3; i++) await newRequest('SU.KALITE');
    const { page } = saski;
    await openInbox(page);
    await page.waitForSelector('[data-testid=live-indicator][data-connected=true]');
    await page.evaluate(() => {
      window.__stay = true;
      window.__shift = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
      }).observe({ type: 'layout-shift' });
    });
    const first = await page.getAttribute('[data-testid=inbox-row] >> nth=0', 'data-id');
    const top = await page.evaluate((id) => document.querySelector(`[data-testid=inbox-row][data-id="${id}"]`).getBoundingClientRect().top, first);
    const r = await newRequest('SU.ARIZA');
    await page.waitForSelector(`[data-testid=inbox-row][data-tracking="${r.tracking_number}"]`);
    assert.equal(await page.getAttribute('[data-testid=inbox-row] >> nth=0', 'data-id'), String(r.id), 'newest first');
    assert.match(await page.textContent('[data-testid=inbox-live]'), new RegExp(r.tracking_number));
    const after = await page.evaluate((id) => document.querySelector(`[data-testid=inbox-row][data-id="${id}"]`).getBoundingClientRect().top, first);
    assert.ok(Math.abs(after - top) < 1, `the row on screen stayed (${top} → ${after})`);
    assert.ok((await page.evaluate(() => window.__shift)) < 0.001, 'no layout shift');
    assert.equal(await page.evaluate(() => window.__stay), true, 'no reload');
  });

  test('accept → start → internal note → resolve with a public answer', async () => {
    const r = await newRequest('SU.ARIZA');
    const { page } = saski;
    await openInbox(page);
    await page.click(`[data-testid=inbox-row][data-tracking="${r.tracking_number}"] a`);
    await page.waitForSelector(`[data-testid=request-detail][data-id="${r.id}"]`);

    await page.click('[data-action=accept]');
    await page.waitForSelector('[data-testid=action-done]');
    await page.waitForSelector('[data-testid=history] [data-kind=accept]');
    assert.equal(await page.locator('[data-action=accept]').count(), 0, 'accept is offered once');

    // Assign: a member of the unit, the staff member themselves by default.
    const me = await apiSession(server.url, 'saski.personel');
    await page.click('[data-action=assign]');
    assert.equal(await page.inputValue('#action-assignee'), String(me.user.id));
    await page.click('[data-testid=action-confirm]');
    await page.waitForSelector('[data-testid=history] [data-kind=assign]');
    assert.equal((await agent.get(`/api/v1/requests/${r.id}`)).body.assignee_id, me.user.id);

    await page.click('[data-action=start]');
    await page.waitForSelector(detail('in_progress'));

    // The note form refuses an empty note, then records an internal one.
    await page.click('[data-testid=note-add]');
    assert.match(await page.textContent('#note-text-error'), /boş olamaz/);
    await page.fill('#note-text', 'Ekip yola çıktı');
    await page.click('[data-testid=note-add]');
    await page.waitForSelector('[data-testid=history] [data-kind=note]:has-text("Ekip yola çıktı")');

    // Resolve: an empty answer is refused in the form, then the answer is published.
    await page.click('[data-action=resolve]');
    await page.fill('#action-text', '   ');
    await page.click('[data-testid=action-confirm]');
    assert.match(await page.textContent('#action-text-error'), /yanıt yazın/);
    await page.fill('#action-text', 'Arıza giderildi, bölgeye su verildi.');
    await page.click('[data-testid=action-confirm]');
    await page.waitForSelector(detail('resolved'));
    assert.equal(await page.textContent('[data-testid=detail-public-answer]'), 'Arıza giderildi, bölgeye su verildi.');

    const after = await agent.get(`/api/v1/requests/${r.id}`);
    assert.equal(after.body.status, 'resolved');
    assert.equal(after.body.public_answer, 'Arıza giderildi, bölgeye su verildi.');
    const events = await agent.get(`/api/v1/requests/${r.id}/events`);
    const note = events.body.items.find((e) => e.kind === 'note');
    assert.equal(note.public, false);
  });

  test('hold needs a reason and stops the clock; resume continues', async () => {
    const r = await newRequest('SU.KANAL');
    const { page } = saski;
    await openRequest(page, r.id);
    await page.click('[data-action=start]');
    await page.waitForSelector(detail('in_progress'));
    await page.click('[data-action=hold]');
    await page.click('[data-testid=action-confirm]');
    assert.match(await page.textContent('#action-text-error'), /Gerekçe yazın/);
    await page.fill('#action-text', 'Malzeme bekleniyor');
    await page.click('[data-testid=action-confirm]');
    await page.waitForSelector(detail('on_hold'));
    await page.waitForSelector('[data-testid=history] [data-kind=hold]:has-text("Malzeme bekleniyor")');
    assert.match(await page.textContent('.birim-detail__title [data-sla]'), /Süre durdu/);
    const held = await agent.get(`/api/v1/requests/${r.id}`);
    assert.ok(held.body.on_hold_since, 'the clock stopped');
    await page.click('[data-action=resume]');
    await page.waitForSelector(detail('in_progress'));

  });

  test('an action on a version someone else changed meanwhile reloads and says so', async () => {
    const r = await newRequest('SU.KALITE');
    // This page hears nothing live (the stream is cut), so it keeps the version it loaded.
    const quiet = await signedIn('saski.personel');
    try {
      const { page, context } = quiet;
      await context.route('**/api/v1/stream*', (route) => route.abort());
      await openRequest(page, r.id);
      const before = await page.getAttribute('[data-testid=request-detail]', 'data-version');
      const mgr = await apiSession(server.url, 'saski.mudur');
      const started = await mgr.post(`/api/v1/requests/${r.id}/actions/start`);
      assert.equal(started.status, 200, JSON.stringify(started.body));
      await page.click('[data-action=reject]');
      await page.fill('#action-text', 'Yanlış birim');
      await page.click('[data-testid=action-confirm]');
      await page.waitForSelector('.birim-detail__messages .alert--warning:has-text("değişti")');
      await page.waitForSelector(detail('in_progress'));
      assert.notEqual(await page.getAttribute('[data-testid=request-detail]', 'data-version'), before);
      assert.equal((await agent.get(`/api/v1/requests/${r.id}`)).body.status, 'in_progress', 'nothing was written');
    } finally {
      await quiet.context.close();
    }
  });

  test('reject needs a reason', async () => {
    const r = await newRequest('SU.FATURA');
    const { page } = saski;
    await openRequest(page, r.id);
    await page.click('[data-action=reject]');
    await page.click('[data-testid=action-confirm]');
    assert.match(await page.textContent('#action-text-error'), /Gerekçe yazın/);
    await page.fill('#action-text', 'Mükerrer başvuru');
    await page.click('[data-testid=action-confirm]');
    await page.waitForSelector(detail('rejected'));
    assert.equal(await page.textContent('[data-testid=detail-reject-reason]'), 'Mükerrer başvuru');
  });

  test("reroute to another unit: it leaves this inbox and appears in the other unit's", async () => {
    const r = await newRequest('SU.ARIZA', { description: 'Yolda çökme var, su borusu değil' });
    await openInbox(fen.page);
    const { page } = saski;
    await openRequest(page, r.id);
    await page.click('[data-action=reroute]');
    assert.equal(await page.inputValue('#action-unit'), 'ALO153', 'the center is offered first');
    await page.selectOption('#action-unit', 'FEN');
    await page.click('[data-testid=action-confirm]');
    assert.match(await page.textContent('#action-text-error'), /Gerekçe yazın/);
    await page.fill('#action-text', 'Yol çökmesi, Fen İşleri');
    await page.selectOption('#action-category', 'YOL.COKME');
    await page.click('[data-testid=action-confirm]');
    await page.waitForSelector('[data-testid=action-done]:has-text("Fen İşleri")');

    await openInbox(page);
    assert.equal(await page.locator(`[data-testid=inbox-row][data-tracking="${r.tracking_number}"]`).count(), 0);
    // FEN's inbox was open: the request arrives by itself (live), or at the latest on the next load.
    try {
      await fen.page.waitForSelector(`[data-testid=inbox-row][data-tracking="${r.tracking_number}"]`, { timeout: 5000 });
    } catch {
      await openInbox(fen.page);
      await fen.page.waitForSelector(`[data-testid=inbox-row][data-tracking="${r.tracking_number}"]`);
    }
    const moved = await agent.get(`/api/v1/requests/${r.id}`);
    assert.equal(moved.body.unit, 'FEN');
    assert.equal(moved.body.category, 'YOL.COKME');
  });

  test('a supervisor chooses the unit, and the choice is remembered', async () => {
    const road = await newRequest('YOL.CUKUR');
    const sup = await signedIn('amir');
    try {
      const { page } = sup;
      await openInbox(page);
      await page.selectOption('#filter-unit', 'FEN');
      await page.waitForFunction((n) => {
        const rows = [...document.querySelectorAll('[data-testid=inbox-row]')];
        return rows.some((r) => r.dataset.tracking === n) && rows.every((r) => r.dataset.unit === 'FEN');
      }, road.tracking_number);
      await openInbox(page);
      assert.equal(await page.inputValue('#filter-unit'), 'FEN');
    } finally {
      await sup.context.close();
    }
  });

  test("unit staff cannot open another unit's request by URL", async () => {
    const road = await newRequest('YOL.CUKUR');
    const { page } = saski;
    await page.goto(`${server.url}/birim/talep/${road.id}`);
    await page.waitForSelector('[data-testid=request-not-found]');
    assert.match(await page.textContent('[data-testid=request-not-found]'), /biriminize ait değil/);
    assert.equal(await page.locator('[data-action]').count(), 0);
  });

  test('works on a phone screen: cards, no sideways scrolling, big buttons, camera input', async () => {
    const r = await newRequest('SU.KAPAK');
    const phone = await signedIn('saski.personel', { width: 390, height: 844 }, { isMobile: true, hasTouch: true });
    try {
      const { page } = phone;
      await openInbox(page);
      const row = page.locator(`[data-testid=inbox-row][data-tracking="${r.tracking_number}"]`);
      await row.waitFor();
      assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 390, 'no sideways scroll');
      const box = await row.boundingBox();
      assert.ok(box.width <= 390 && box.height >= 90, `row as a card: ${JSON.stringify(box)}`);
      await row.locator('a').tap();
      await page.waitForSelector(`[data-testid=request-detail][data-id="${r.id}"]`);
      for (const b of await page.locator('[data-action]').all()) {
        const bb = await b.boundingBox();
        assert.ok(bb.height >= 44, `touch target ${await b.getAttribute('data-action')}: ${bb.height}`);
      }
      assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 390, 'no sideways scroll');
      const input = page.locator('#photo-input');
      assert.equal(await input.getAttribute('capture'), 'environment');
      assert.equal(await input.getAttribute('accept'), 'image/*');
      // A photo from the "camera": a tiny PNG goes up as raw bytes.
      const png = Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
        'base64',
      );
      await input.setInputFiles({ name: 'foto.png', mimeType: 'image/png', buffer: png });
      await page.waitForSelector('[data-testid=photos] img');
      const photos = await agent.get(`/api/v1/requests/${r.id}/photos`);
      assert.equal(photos.body.items.length, 1);
      // Checked before sending: not a photo, or too large.
      await input.setInputFiles({ name: 'not.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
      assert.match(await page.textContent('#photo-input-error'), /fotoğraf değil/);
      await input.setInputFiles({ name: 'huge.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(8 * 1024 * 1024 + 1, 0xff) });
      assert.match(await page.textContent('#photo-input-error'), /çok büyük/);
      // Image by its name but not by its bytes: the server refuses it and the page says so.
      await input.setInputFiles({ name: 'x.png', mimeType: 'image/png', buffer: Buffer.from('not an image') });
      await page.waitForSelector('.alert--error[role=alert]');
    } finally {
      await phone.context.close();
    }
  });
});
