// Agent console (/konsol) in a real browser against a real alo153: caller lookup with open requests first,
// a phone request read back and checked through the API, an "informed" contact, every validation message,
// masked personal data until opened, and the main path by keyboard alone.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiSession, launchBrowser, login, startServer } from './support/index.mjs';

/** A fresh mobile number nobody in the demo data has (05 3x … with a random tail). */
function freshPhone() {
  const n = String(Math.floor(Math.random() * 1e7)).padStart(7, '0');
  return `0539${n}`;
}
const spaced = (p) => `${p.slice(0, 4)} ${p.slice(4, 7)} ${p.slice(7, 9)} ${p.slice(9)}`;
const e164 = (p) => `+90${p.slice(1)}`;

let server;
let browser;
let admin;
let agent;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await apiSession(server.url, 'admin');
  agent = await apiSession(server.url, 'cagri2');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function konsol() {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await login(page, 'agent');
  await page.goto(`${server.url}/konsol`);
  await page.waitForSelector('#caller-phone:focus');
  return { page, close: () => context.close() };
}

describe('agent console', () => {
  test('caller lookup: history with open requests first, then earlier ones; it follows live changes', async () => {
    const phone = freshPhone();
    const citizen = { phone, first_name: 'Leyla', last_name: 'Karaca', kvkk_consent: true };
    const first = await agent.post('/api/v1/requests', { type: 'complaint', channel: 'phone', category: 'SU.ARIZA', description: 'Eski şikayet', citizen });
    assert.equal(first.status, 201);
    const rejected = await admin.post(`/api/v1/requests/${first.body.id}/actions/reject`, { reason: 'Mükerrer kayıt' });
    assert.equal(rejected.status, 200, JSON.stringify(rejected.body));
    const open = await agent.post('/api/v1/requests', { type: 'request', channel: 'phone', category: 'SU.KANAL', description: 'Kanalizasyon taştı', citizen_id: first.body.citizen_id });
    assert.equal(open.status, 201);

    const { page, close } = await konsol();
    try {
      await page.fill('#caller-phone', spaced(phone));
      const history = page.locator(`[data-testid=caller-history][data-phone="${e164(phone)}"]`);
      await history.waitFor();
      const items = history.locator('[data-testid=history-request]');
      await assert.doesNotReject(items.nth(1).waitFor());
      assert.equal(await items.nth(0).getAttribute('data-tracking'), open.body.tracking_number);
      assert.equal(await items.nth(0).getAttribute('data-open'), 'true');
      assert.equal(await items.nth(1).getAttribute('data-tracking'), first.body.tracking_number);
      assert.equal(await items.nth(1).getAttribute('data-status'), 'rejected');
      assert.equal(await history.locator('[data-testid=open-requests] [data-testid=history-request]').count(), 1);
      // The call started: a timer runs and the phone cannot be changed until the call ends.
      await page.waitForSelector('[data-testid=call-timer]');
      assert.equal(await page.locator('#caller-phone').getAttribute('readonly'), '');
      // The unit answers while the caller is on the line: the history follows without reloading.
      await page.waitForSelector('[data-testid=live-indicator][data-connected=true]');
      const staff = await apiSession(server.url, 'unit_staff');
      const resolved = await staff.post(`/api/v1/requests/${open.body.id}/actions/resolve`, { answer: 'Kanal açıldı.' });
      assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
      await history.locator(`[data-testid=earlier-requests] [data-testid=history-request][data-tracking="${open.body.tracking_number}"][data-status=resolved]`).waitFor();
      assert.equal(await history.locator('[data-testid=open-requests]').count(), 0);
    } finally {
      await close();
    }
  });

  test('records a phone request and reads back the tracking number; the request and the contact are linked', async () => {
    const phone = freshPhone();
    const { page, close } = await konsol();
    try {
      await page.fill('#caller-phone', phone);
      await page.waitForSelector(`[data-testid=caller-history][data-phone="${e164(phone)}"] [data-testid=caller-unknown]`);
      await page.selectOption('#req-type', 'complaint');
      await page.fill('#req-category-search', 'su ariza');
      await page.click('[data-testid=category-option][data-code="SU.ARIZA"]');
      await page.waitForSelector('[data-testid=category-chosen][data-code="SU.ARIZA"]');
      await page.fill('#req-description', 'Sokakta su borusu patladı, su akıyor');
      await page.selectOption('#req-district', 'ILKADIM');
      await page.waitForSelector('#req-neighbourhood option:nth-child(2)', { state: 'attached' });
      await page.selectOption('#req-neighbourhood', { index: 1 });
      await page.fill('#req-street', 'Gazi Caddesi');
      await page.fill('#req-first-name', 'Ali');
      await page.fill('#req-last-name', 'Veli');
      assert.equal(await page.inputValue('#req-citizen-phone'), spaced(phone));
      await page.check('#req-kvkk');
      await page.click('[data-testid=request-submit]');
      const number = (await page.locator('[data-testid=request-created] [data-testid=tracking-number]').textContent()).trim();
      assert.match(number, /^\d{4}-\d{6}-\d$/);
      assert.match(await page.textContent('[data-testid=due-at]'), /\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}/);

      const req = await agent.get(`/api/v1/requests/by-number/${number}`);
      assert.equal(req.status, 200);
      assert.equal(req.body.channel, 'phone');
      assert.equal(req.body.type, 'complaint');
      assert.equal(req.body.category, 'SU.ARIZA');
      assert.equal(req.body.location.district, 'ILKADIM');
      assert.equal(req.body.location.street, 'Gazi Caddesi');
      assert.ok(req.body.contact_id, 'the request names the call it came from');
      const citizen = await admin.get(`/api/v1/citizens/${req.body.citizen_id}?reveal=true&reason=test`);
      assert.equal(citizen.body.phone, e164(phone));
      assert.equal(citizen.body.kvkk_consent, true);

      // Ending the call closes the contact as "request opened" with this request.
      await page.click('[data-testid=end-call]');
      await page.waitForSelector('[data-testid=call-ended][data-outcome=request_opened]');
      const contact = await agent.get(`/api/v1/contacts/${req.body.contact_id}`);
      assert.equal(contact.body.outcome, 'request_opened');
      assert.equal(contact.body.request_id, req.body.id);
      assert.equal(contact.body.caller_phone, e164(phone));
      assert.equal(contact.body.channel, 'phone');
      assert.ok(contact.body.ended_at);
    } finally {
      await close();
    }
  });

  test('a pin on the map and a photo go with the request', async () => {
    const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    const { page, close } = await konsol();
    try {
      await page.fill('#caller-phone', freshPhone());
      await page.waitForSelector('[data-testid=call-timer]');
      await page.fill('#req-category-search', 'yol cokmesi');
      await page.click('[data-testid=category-option][data-code="YOL.COKME"]');
      await page.fill('#req-description', 'Yol çöktü, araçlar geçemiyor');
      await page.click('[data-testid=map-open]');
      const map = page.locator('.konsol-map .map.leaflet-container'); // Leaflet has set it up (an effect, after paint)
      await map.waitFor();
      await map.focus();
      await page.keyboard.press('Enter'); // keyboard users pick the map's centre
      await page.waitForSelector('[data-testid=pin]');
      await page.setInputFiles('#req-photo', { name: 'cukur.png', mimeType: 'image/png', buffer: PNG });
      await page.waitForSelector('[data-testid=photo-list] li');
      await page.check('#req-kvkk');
      await page.click('[data-testid=request-submit]');
      const number = (await page.locator('[data-testid=tracking-number]').textContent()).trim();
      const req = await agent.get(`/api/v1/requests/by-number/${number}`);
      assert.equal(typeof req.body.location.lat, 'number');
      assert.equal(typeof req.body.location.lon, 'number');
      assert.ok(req.body.location.district, 'the pin alone picks the nearest district');
      const photos = await agent.get(`/api/v1/requests/${req.body.id}/photos`);
      assert.equal(photos.status, 200);
      assert.equal((photos.body.items ?? photos.body).length, 1);
    } finally {
      await close();
    }
  });

  test('an informed contact takes two actions: open an article, record it', async () => {
    const phone = freshPhone();
    const { page, close } = await konsol();
    try {
      await page.fill('#caller-phone', phone);
      await page.waitForSelector('[data-testid=call-timer]');
      await page.fill('#kb-search', 'su kesintisi');
      const article = page.locator('[data-testid=kb-article]').first();
      await page.waitForFunction(() => {
        const first = document.querySelector('[data-testid=kb-article]');
        return first && /kesinti/i.test(first.textContent);
      });
      const articleId = Number(await article.getAttribute('data-article-id'));
      await article.click(); // action 1
      await page.click('[data-testid=record-informed]'); // action 2
      await page.waitForSelector('[data-testid=informed-recorded]');
      await page.waitForSelector('[data-testid=call-ended][data-outcome=informed]');
      const contacts = await agent.get(`/api/v1/contacts?phone=${encodeURIComponent(e164(phone))}`);
      assert.equal(contacts.status, 200);
      const mine = contacts.body.items.filter((c) => c.caller_phone === e164(phone));
      assert.equal(mine.length, 1, 'one contact for the call');
      assert.equal(mine[0].outcome, 'informed');
      assert.equal(mine[0].article_id, articleId);
      assert.ok(mine[0].ended_at);
    } finally {
      await close();
    }
  });

  test('validation messages for each bad input, and the server problem when it refuses', async () => {
    const { page, close } = await konsol();
    try {
      await page.fill('#caller-phone', freshPhone());
      await page.waitForSelector('[data-testid=call-timer]');
      // Nothing filled: category, description and consent are asked for.
      await page.fill('#req-citizen-phone', '');
      await page.click('[data-testid=request-submit]');
      await page.waitForSelector('[data-testid=form-errors]');
      assert.match(await page.textContent('#req-category-search-error'), /kategori seçin/i);
      assert.match(await page.textContent('#req-description-error'), /Açıklama boş olamaz/);
      assert.match(await page.textContent('#req-citizen-phone-error'), /telefon numarası gerekli/i);
      assert.match(await page.textContent('#req-kvkk-error'), /KVKK/);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'req-category-search', 'focus on the first bad field');
      // Messages follow the corrections.
      await page.fill('#req-category-search', 'kaldirim');
      await page.click('[data-testid=category-option][data-code="YOL.KALDIRIM"]');
      await page.waitForSelector('#req-category-search-error', { state: 'detached' });
      await page.fill('#req-description', 'x'.repeat(4001));
      assert.match(await page.textContent('#req-description-error'), /en fazla 4000/);
      await page.fill('#req-description', 'Çöpler iki gündür alınmadı');
      await page.waitForSelector('#req-description-error', { state: 'detached' });
      await page.fill('#req-citizen-phone', '0532 12');
      assert.match(await page.textContent('#req-citizen-phone-error'), /geçersiz/);
      await page.fill('#req-citizen-phone', '0532 123 45 67');
      await page.waitForSelector('#req-citizen-phone-error', { state: 'detached' });
      await page.fill('#req-street', 's'.repeat(201));
      assert.match(await page.textContent('#req-street-error'), /200/);
      await page.fill('#req-street', '');
      // Photos: not an image, too large.
      await page.setInputFiles('#req-photo', { name: 'not-a-photo.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
      assert.match(await page.textContent('#req-photo-error'), /fotoğraf değil/);
      await page.setInputFiles('#req-photo', { name: 'huge.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(8 * 1024 * 1024 + 1, 0xff) });
      assert.match(await page.textContent('#req-photo-error'), /çok büyük/);
      // A file that claims to be PNG but is not: the form lets it through and the server refuses it (415).
      await page.setInputFiles('#req-photo', { name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('this is not a png') });
      await page.waitForSelector('#req-photo-error', { state: 'detached' });
      await page.click('[data-testid=request-submit]');
      await page.waitForSelector('#req-kvkk-error');
      await page.check('#req-kvkk');
      await page.click('[data-testid=request-submit]');
      const problem = page.locator('[data-testid=request-form] .alert--error[data-problem]');
      await problem.waitFor();
      assert.equal(await problem.getAttribute('data-problem'), 'unsupported-media-type');
      assert.equal(await page.locator('[data-testid=request-created]').count(), 0);
      // The reveal form wants a reason, and ending a call without a request wants an outcome.
      await page.click('[data-testid=end-call]');
      await page.click('[data-testid=end-call-confirm]');
      await page.waitForSelector('[data-testid=end-call-form] .field-error');
      await page.check('[data-testid=end-outcome-dropped]');
      await page.click('[data-testid=end-call-confirm]');
      await page.waitForSelector('[data-testid=call-ended][data-outcome=dropped]');
    } finally {
      await close();
    }
  });

  test('a call from a hidden number, ended as transferred with a note; the same number can call again', async () => {
    const { page, close } = await konsol();
    try {
      const contactCreated = page.waitForResponse((r) => r.url().endsWith('/api/v1/contacts') && r.request().method() === 'POST');
      await page.click('[data-testid=start-hidden]');
      const contact = await (await contactCreated).json();
      await page.waitForSelector('[data-testid=call-timer]');
      await page.click('[data-testid=end-call]');
      await page.check('[data-testid=end-outcome-transferred]');
      await page.fill('#end-note', 'SASKİ arıza hattına aktarıldı');
      await page.click('[data-testid=end-call-confirm]');
      await page.waitForSelector('[data-testid=call-ended][data-outcome=transferred]');
      const stored = await agent.get(`/api/v1/contacts/${contact.id}`);
      assert.equal(stored.body.outcome, 'transferred');
      assert.equal(stored.body.note, 'SASKİ arıza hattına aktarıldı');
      assert.equal(stored.body.caller_phone, '');
      // A known number twice in a row: each call is its own contact.
      const phone = freshPhone();
      for (let i = 0; i < 2; i++) {
        await page.keyboard.press('Alt+N');
        await page.waitForSelector('[data-testid=call-bar][data-state=idle]');
        await page.keyboard.type(phone);
        await page.waitForSelector('[data-testid=call-bar][data-state=running]');
        await page.click('[data-testid=end-call]');
        await page.check('[data-testid=end-outcome-dropped]');
        await page.click('[data-testid=end-call-confirm]');
        await page.waitForSelector('[data-testid=call-ended][data-outcome=dropped]');
      }
      const calls = await agent.get(`/api/v1/contacts?phone=${encodeURIComponent(e164(phone))}`);
      assert.equal(calls.body.items.filter((c) => c.outcome === 'dropped').length, 2);
    } finally {
      await close();
    }
  });

  test('personal data stays masked until the agent opens it with a reason', async () => {
    const phone = freshPhone();
    const made = await agent.post('/api/v1/requests', {
      type: 'request', channel: 'phone', category: 'PARK.OYUN', description: 'Salıncak kırık',
      citizen: { phone, first_name: 'Derya', last_name: 'Gündoğdu', email: 'derya@example.org', tckn: '10000000146', kvkk_consent: true },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const { page, close } = await konsol();
    try {
      await page.fill('#caller-phone', phone);
      const card = page.locator('[data-testid=citizen]');
      await card.waitFor();
      assert.equal(await card.getAttribute('data-masked'), 'true');
      const masked = await card.textContent();
      assert.ok(!masked.includes('Gündoğdu') && !masked.includes('10000000146') && !masked.includes('derya@example.org'), masked);
      await page.click('[data-testid=reveal-open]');
      await page.click('[data-testid=reveal-confirm]');
      assert.match(await page.textContent('.konsol-reveal .field-error'), /gerekçe/);
      await page.fill('[data-testid=reveal-reason]', 'Vatandaş adres teyidi istedi');
      await page.click('[data-testid=reveal-confirm]');
      await page.waitForSelector('[data-testid=citizen][data-masked=false]');
      const shown = await card.textContent();
      assert.ok(shown.includes('Gündoğdu') && shown.includes('10000000146') && shown.includes('derya@example.org'), shown);
    } finally {
      await close();
    }
  });

  test('the classifier\'s top 3 are one-key choices, and the top one is sent as suggested_category', async (t) => {
    const text = 'Sokakta su borusu patladı, her yer su oldu';
    const probe = await agent.post('/api/v1/classify', { text });
    if (probe.status === 404 || !probe.body?.suggestions?.length || probe.body.source === 'none') {
      t.skip('this server has no classifier (POST /api/v1/classify answers 404 or nothing)');
      return;
    }
    const { page, close } = await konsol();
    try {
      await page.fill('#caller-phone', freshPhone());
      await page.waitForSelector('[data-testid=call-timer]');
      await page.fill('#req-description', text);
      const chips = page.locator('[data-testid=suggestion]');
      await chips.first().waitFor();
      const top = await chips.first().getAttribute('data-code');
      const count = await chips.count();
      assert.ok(count >= 1 && count <= 3);
      const pick = count >= 2 ? 2 : 1;
      const picked = await chips.nth(pick - 1).getAttribute('data-code');
      await page.keyboard.press(`Alt+${pick}`);
      await page.waitForSelector(`[data-testid=category-chosen][data-code="${picked}"]`);
      await page.fill('#req-citizen-phone', '0532 123 45 67');
      await page.check('#req-kvkk');
      if ((await page.inputValue('#req-district')) === '') await page.selectOption('#req-district', 'ILKADIM');
      await page.keyboard.press('Control+Enter');
      const number = (await page.locator('[data-testid=tracking-number]').textContent()).trim();
      const req = await agent.get(`/api/v1/requests/by-number/${number}`);
      assert.equal(req.body.category, picked);
      if ('suggested_category' in req.body) assert.equal(req.body.suggested_category, top);
    } finally {
      await close();
    }
  });

  test('keyboard only: number, category, description, Ctrl+Enter, end call, new call', async () => {
    const phone = freshPhone();
    const { page, close } = await konsol();
    try {
      await page.keyboard.type(spaced(phone)); // focus starts on the phone field
      await page.waitForSelector('[data-testid=call-timer]');
      await page.keyboard.press('Alt+C');
      await page.keyboard.type('cukur');
      await page.waitForSelector('[data-testid=category-option][data-code="YOL.CUKUR"]');
      await page.keyboard.press('Enter');
      await page.waitForSelector('[data-testid=category-chosen][data-code="YOL.CUKUR"]');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'req-description');
      await page.keyboard.type('Yolda büyük bir çukur var, araçlar zarar görüyor');
      // To the consent box by Tab alone, tick it with Space.
      for (let i = 0; i < 30 && (await page.evaluate(() => document.activeElement?.id)) !== 'req-kvkk'; i++) await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'req-kvkk');
      await page.keyboard.press('Space');
      await page.keyboard.press('Control+Enter');
      const number = (await page.locator('[data-testid=tracking-number]').textContent()).trim();
      const req = await agent.get(`/api/v1/requests/by-number/${number}`);
      assert.equal(req.body.category, 'YOL.CUKUR');
      await page.keyboard.press('Alt+B');
      await page.waitForSelector('[data-testid=call-ended][data-outcome=request_opened]');
      await page.keyboard.press('Alt+N');
      await page.waitForSelector('[data-testid=call-bar][data-state=idle]');
      await page.waitForSelector('#caller-phone:focus');
      assert.equal(await page.inputValue('#caller-phone'), '');
      // Alt+K goes to the knowledge base; arrow keys and Enter open an article.
      await page.keyboard.press('Alt+K');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'kb-search');
      await page.keyboard.type('cenaze');
      await page.waitForFunction(() => /cenaze/i.test(document.querySelector('[data-testid=kb-article]')?.textContent ?? ''));
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.waitForSelector('[data-testid=kb-open-article]:focus');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'record-informed');
    } finally {
      await close();
    }
  });
});
