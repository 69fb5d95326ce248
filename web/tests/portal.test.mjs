// Citizen portal (/ and /takip) in a real browser against a real alo153, on a phone-sized screen: filing a
// request and tracking it, a validation message for every bad input (nothing is sent), the server's refusal in
// words, the neutral message for wrong digits, and the public view — answers yes, internal notes and staff names
// never.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, startServer } from './support/index.mjs';

const PHONE_SCREEN = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** A signed-in API session (cookie + CSRF) for setting up and checking data. */
async function apiSession(base, username) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: 'alo153-demo' }),
  });
  assert.equal(res.status, 200, `login ${username}`);
  const cookie = res.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = await res.json();
  async function call(method, path, body) {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  }
  return { get: (p) => call('GET', p), post: (p, b) => call('POST', p, b ?? {}) };
}

/** Files a request the way the portal does (no sign-in); returns the receipt. */
async function filePublic(body) {
  const res = await fetch(`${server.url}/api/v1/public/requests`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ type: 'request', ...body }),
  });
  const receipt = await res.json();
  assert.equal(res.status, 201, JSON.stringify(receipt));
  return receipt;
}

/** A mobile number nobody in the demo data has. */
function freshPhone() {
  return `0538${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
}

let server;
let browser;
let admin;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await apiSession(server.url, 'admin');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A citizen's phone, not signed in; counts the portal's POSTs. */
async function phone(path = '/') {
  const context = await browser.newContext(PHONE_SCREEN);
  const page = await context.newPage();
  const posts = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().includes('/api/v1/public/requests')) posts.push(r);
  });
  await page.goto(`${server.url}${path}`);
  return { page, posts, close: () => context.close() };
}

async function errorOf(page, id) {
  const el = page.locator(`#${id}-error`);
  await el.waitFor();
  return (await el.textContent()).trim();
}

async function pickCategory(page, query, code) {
  await page.fill('#portal-category-search', query);
  await page.click(`[data-testid=category-option][data-code="${code}"]`);
  await page.waitForSelector(`[data-testid=category-chosen][data-code="${code}"]`);
}

describe('citizen portal', () => {
  test('a citizen files a request on a phone, gets the tracking number and tracks it', async () => {
    const number = freshPhone();
    const { page, close } = await phone('/');
    try {
      await page.waitForSelector('.banner-112');
      // Turkish-folded search: "cop" finds "Çöp".
      await page.fill('#portal-description', 'Sokağımızdaki çöp konteyneri üç gündür boşaltılmadı, koku yapıyor.');
      await pickCategory(page, 'cop', 'ATIK.TOPLANMADI');
      await page.selectOption('#portal-district', 'ATAKUM');
      await page.waitForSelector('#portal-neighbourhood:not([disabled]) option:nth-child(2)', { state: 'attached' });
      await page.selectOption('#portal-neighbourhood', { index: 1 });
      const neighbourhood = Number(await page.inputValue('#portal-neighbourhood'));
      await page.fill('#portal-street', 'Atatürk Bulvarı');
      await page.setInputFiles('#portal-photos', { name: 'konteyner.png', mimeType: 'image/png', buffer: PNG });
      await page.waitForSelector('[data-testid=portal-photo-list] li');
      await page.fill('#portal-phone', `${number.slice(0, 4)} ${number.slice(4, 7)} ${number.slice(7, 9)} ${number.slice(9)}`);
      await page.fill('#portal-first-name', 'Elif');
      await page.fill('#portal-last-name', 'Şahin');
      await page.fill('#portal-email', 'elif.sahin@example.org');
      await page.click('[data-testid=kvkk-text] summary');
      assert.match(await page.textContent('[data-testid=kvkk-text]'), /Samsun Büyükşehir Belediyesi/);
      assert.match(await page.textContent('[data-testid=kvkk-text]'), /md\. 11/);
      await page.check('#portal-kvkk');
      // Nothing wider than the phone's screen.
      assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 390, 'no horizontal scrolling');
      await page.click('[data-testid=portal-submit]');

      const created = page.locator('[data-testid=portal-created]');
      await created.waitFor();
      const tracking = (await created.locator('[data-testid=tracking-number]').textContent()).trim();
      assert.match(tracking, /^\d{4}-\d{6}-\d$/);
      assert.match(await created.textContent(), /Atakum Belediyesi/);

      // What the server recorded: a web request from this citizen, routed to the district municipality.
      const r = await admin.get(`/api/v1/requests/by-number/${tracking}`);
      assert.equal(r.status, 200);
      assert.equal(r.body.channel, 'web');
      assert.equal(r.body.category, 'ATIK.TOPLANMADI');
      assert.equal(r.body.unit, 'ILCE_ATAKUM');
      assert.equal(r.body.location.district, 'ATAKUM');
      assert.equal(r.body.location.neighbourhood_id, neighbourhood);
      assert.equal(r.body.location.street, 'Atatürk Bulvarı');
      const photos = await admin.get(`/api/v1/requests/${r.body.id}/photos`);
      assert.equal(photos.body.items.length, 1);

      // Tracking: the link fills the number in; the last four digits do the rest.
      await page.click('[data-testid=portal-track-link]');
      await page.waitForURL(/\/takip\?number=/);
      assert.equal(await page.inputValue('#track-number'), tracking);
      await page.fill('#track-last4', number.slice(-4));
      await page.click('[data-testid=track-submit]');
      const result = page.locator('[data-testid=track-result]');
      await result.waitFor();
      assert.equal(await result.locator('[data-testid=track-status]').getAttribute('data-status'), 'routed');
      assert.match(await result.textContent(), /Birime yönlendirildi/);
      assert.match(await page.textContent('[data-testid=public-history]'), /Başvuru alındı/);
      assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 390, 'no horizontal scrolling');
    } finally {
      await close();
    }
  });

  test('every bad input gets its message next to the field, and nothing is sent', async () => {
    const { page, posts, close } = await phone('/');
    try {
      await page.waitForSelector('#portal-description');
      await page.click('[data-testid=portal-submit]');
      await page.waitForSelector('[data-testid=portal-errors]');
      assert.match(await errorOf(page, 'portal-category-search'), /konu seçin/);
      assert.match(await errorOf(page, 'portal-description'), /açıklayın/);
      assert.match(await errorOf(page, 'portal-phone'), /Telefon numaranızı yazın/);
      assert.match(await errorOf(page, 'portal-kvkk'), /aydınlatma metnini onaylamanız/);
      // The first field in error has the focus, and each message is tied to its input.
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'portal-description');
      assert.equal(await page.getAttribute('#portal-phone', 'aria-invalid'), 'true');
      assert.match(await page.getAttribute('#portal-phone', 'aria-describedby'), /portal-phone-error/);

      await page.fill('#portal-description', 'x'.repeat(4001));
      await page.fill('#portal-phone', '0532 ABC 45 67');
      await page.fill('#portal-email', 'ali@');
      await page.click('[data-testid=portal-submit]');
      assert.match(await errorOf(page, 'portal-description'), /en fazla 4000 karakter/);
      assert.match(await errorOf(page, 'portal-phone'), /yalnızca rakam/);
      assert.match(await errorOf(page, 'portal-email'), /Geçerli bir e-posta/);

      await page.fill('#portal-phone', '0532 123 45');
      await page.click('[data-testid=portal-submit]');
      assert.match(await errorOf(page, 'portal-phone'), /10 haneli/);
      await page.fill('#portal-phone', '+44 20 7946 0958');
      await page.click('[data-testid=portal-submit]');
      assert.match(await errorOf(page, 'portal-phone'), /Türkiye/);

      // Photos are checked as they are chosen: type, size, count.
      await page.setInputFiles('#portal-photos', { name: 'notlar.txt', mimeType: 'text/plain', buffer: Buffer.from('merhaba') });
      assert.match(await errorOf(page, 'portal-photos'), /"notlar\.txt" bir fotoğraf değil/);
      await page.click('[aria-label="notlar.txt fotoğrafını kaldır"]');
      await page.locator('#portal-photos-error').waitFor({ state: 'detached' });
      await page.setInputFiles('#portal-photos', { name: 'buyuk.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(9 * 1024 * 1024, 1) });
      assert.match(await errorOf(page, 'portal-photos'), /"buyuk\.jpg" çok büyük/);
      await page.click('[aria-label="buyuk.jpg fotoğrafını kaldır"]');
      await page.setInputFiles(
        '#portal-photos',
        [1, 2, 3, 4].map((i) => ({ name: `foto${i}.png`, mimeType: 'image/png', buffer: PNG })),
      );
      assert.match(await errorOf(page, 'portal-photos'), /En fazla 3 fotoğraf/);

      // A district-municipality subject needs a district or a pin.
      await pickCategory(page, 'cop', 'ATIK.TOPLANMADI');
      await page.click('[data-testid=portal-submit]');
      assert.match(await errorOf(page, 'portal-district'), /ilçeyi seçin/);
      assert.equal(posts.length, 0, 'nothing was sent');
    } finally {
      await close();
    }
  });

  test("the server's refusal is shown in words", async () => {
    const { page, posts, close } = await phone('/');
    try {
      await page.waitForSelector('#portal-description');
      await page.fill('#portal-description', 'Parktaki bank kırık.');
      await pickCategory(page, 'oyun', 'PARK.OYUN');
      // Named like a photo, but its bytes are not one: only the server can tell.
      await page.setInputFiles('#portal-photos', { name: 'bank.png', mimeType: 'image/png', buffer: Buffer.from('bu bir fotoğraf değil') });
      await page.fill('#portal-phone', freshPhone());
      await page.check('#portal-kvkk');
      await page.click('[data-testid=portal-submit]');
      const problem = page.locator('.alert--error[data-problem]');
      await problem.waitFor();
      assert.equal(await problem.getAttribute('data-problem'), 'unsupported-media-type');
      assert.equal(posts.length, 1);
      assert.equal(await page.locator('[data-testid=portal-created]').count(), 0);
    } finally {
      await close();
    }
  });

  test('wrong digits get one neutral message; a bad check digit is explained', async () => {
    const { page, close } = await phone('/takip');
    try {
      await page.waitForSelector('#track-number');
      await page.click('[data-testid=track-submit]');
      assert.match(await errorOf(page, 'track-number'), /11 rakam/);
      assert.match(await errorOf(page, 'track-last4'), /son dört hanesini/);

      const phoneNumber = freshPhone();
      const { tracking_number: number } = await filePublic({
        category: 'SU.KESINTI',
        description: 'Mahallemizde iki gündür su yok.',
        citizen: { phone: phoneNumber, kvkk_consent: true },
      });
      const wrong = String((Number(phoneNumber.slice(-4)) + 1) % 10000).padStart(4, '0');
      await page.fill('#track-number', number);
      await page.fill('#track-last4', wrong);
      await page.click('[data-testid=track-submit]');
      const neutral = page.locator('[data-testid=track-not-found]');
      await neutral.waitFor();
      assert.match(await neutral.textContent(), /Bu bilgilerle bir başvuru bulunamadı/);
      assert.equal(await page.locator('[data-testid=track-result]').count(), 0);

      // The same digits with a check digit that does not match: the server's bad-tracking-number problem.
      const last = Number(number.slice(-1));
      await page.fill('#track-number', `${number.slice(0, -1)}${(last + 1) % 10}`);
      await page.click('[data-testid=track-submit]');
      assert.match(await errorOf(page, 'track-number'), /kontrol hanesi/);
      assert.equal(await page.locator('[data-testid=track-not-found]').count(), 0);
    } finally {
      await close();
    }
  });

  test('tracking shows the public answer; internal notes and staff names never', async () => {
    const number = freshPhone();
    const { tracking_number: tracking } = await filePublic({
      type: 'complaint',
      category: 'SU.ARIZA',
      description: 'Sayaç önünde su sızıntısı var.',
      location: { district: 'ILKADIM' },
      citizen: { phone: number, kvkk_consent: true },
    });
    const request = (await admin.get(`/api/v1/requests/by-number/${tracking}`)).body;
    const secret = 'GİZLİ-İÇ-NOT: vana odasının anahtarı bekçide';
    assert.equal((await admin.post(`/api/v1/requests/${request.id}/notes`, { text: secret, public: false })).status, 201);
    assert.equal((await admin.post(`/api/v1/requests/${request.id}/actions/start`)).status, 200);
    const answer = 'Sızıntı giderildi, sayaç bağlantısı yenilendi.';
    const resolved = await admin.post(`/api/v1/requests/${request.id}/actions/resolve`, { answer });
    assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
    const staff = (await admin.get('/api/v1/auth/me')).body.name;

    const { page, close } = await phone(`/takip?number=${encodeURIComponent(tracking)}`);
    try {
      await page.waitForSelector('#track-last4:focus');
      await page.fill('#track-last4', number.slice(-4));
      await page.press('#track-last4', 'Enter');
      await page.waitForSelector('[data-testid=track-result]');
      assert.equal((await page.textContent('[data-testid=public-answer]')).trim(), answer);
      assert.equal(await page.getAttribute('[data-testid=track-status]', 'data-status'), 'resolved');
      const body = await page.textContent('body');
      assert.ok(!body.includes('GİZLİ'), 'no internal note');
      assert.ok(!body.includes(staff), 'no staff name');
      assert.match(await page.textContent('[data-testid=public-history]'), /Çözüldü/);
    } finally {
      await close();
    }
  });
});
