// Administration (/yonetim) in a real browser against a real alo153: a category with keywords in the tree, a
// routing rule and the "which rule would match" tester, a new user who then signs in, an article edited with
// If-Match (and a stale edit caught), API keys shown once and revoked, validation messages in every form, and
// non-admins kept out (the page says so, the server refuses their writes).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, login, startServer } from './support/index.mjs';

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
  async function call(method, path, body, headers = {}) {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf, ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  }
  return {
    get: (p) => call('GET', p),
    post: (p, b) => call('POST', p, b ?? {}),
    put: (p, b, h) => call('PUT', p, b, h),
    patch: (p, b) => call('PATCH', p, b),
    del: (p) => call('DELETE', p),
  };
}

let server;
let browser;
let admin;
/** One signed-in administrator's browser for the tests that need one (a page per test). */
let adminContext;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await apiSession(server.url, 'admin');
  adminContext = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  await login(await adminContext.newPage(), 'admin');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function yonetim(tab, role = 'admin') {
  const context = role === 'admin' ? adminContext : await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  if (role !== 'admin') await login(page, role);
  await page.goto(`${server.url}/yonetim/${tab}`);
  return { page, close: () => (role === 'admin' ? page.close() : context.close()) };
}

async function errorOf(page, id) {
  const el = page.locator(`#${id}-error`);
  await el.waitFor();
  return (await el.textContent()).trim();
}

describe('administration', () => {
  test('a new sub-category with keywords appears in the tree and in the public catalog', async () => {
    const { page, close } = await yonetim('konular');
    try {
      await page.waitForSelector('[data-testid=category-node][data-code="SU"]');
      await page.click('[data-testid=category-node][data-code="SU"] >> text=Alt konu ekle');
      await page.waitForSelector('#cat-code');
      assert.equal(await page.inputValue('#cat-code'), 'SU.');
      await page.fill('#cat-code', 'SU.ENDEKS');
      await page.fill('#cat-name', 'Sayaç endeksi itirazı');
      await page.fill('#cat-name-en', 'Meter reading dispute');
      await page.fill('#cat-sla', '1440');
      await page.selectOption('#cat-clock', '24x7');
      await page.selectOption('#cat-priority', 'high');
      await page.fill('#cat-keywords', 'endeks\nsayaç okuma, fatura itirazı\n endeks ');
      await page.click('[data-testid=cat-save]');
      const node = page.locator('[data-testid=category-node][data-code="SU.ENDEKS"]');
      await node.waitFor();
      assert.match(await node.textContent(), /Sayaç endeksi itirazı/);
      assert.match(await node.textContent(), /3 anahtar kelime/);

      const tree = await fetch(`${server.url}/api/v1/categories`).then((r) => r.json());
      const sub = tree.items.find((c) => c.code === 'SU').children.find((c) => c.code === 'SU.ENDEKS');
      assert.deepEqual(sub.keywords, ['endeks', 'sayaç okuma', 'fatura itirazı']);
      assert.equal(sub.sla_minutes, 1440);
      assert.equal(sub.sla_clock, '24x7');
      assert.equal(sub.priority, 'high');

      // Editing: deactivate it; the tree keeps showing it, marked inactive.
      await node.locator('button', { hasText: 'Düzenle' }).click();
      await page.waitForSelector('[data-testid=category-editor] #cat-name');
      await page.uncheck('#cat-active');
      await page.click('[data-testid=cat-save]');
      await page.waitForSelector('[data-testid=category-node][data-code="SU.ENDEKS"][data-active="false"]');
      const after = await fetch(`${server.url}/api/v1/categories`).then((r) => r.json());
      assert.ok(!after.items.find((c) => c.code === 'SU').children.some((c) => c.code === 'SU.ENDEKS'), 'inactive: not public');
    } finally {
      await close();
    }
  });

  test('a routing rule is added and the tester says which rule would match', async () => {
    const first = await admin.post('/api/v1/routing-rules', { position: 10, name: 'Parklar', category: 'PARK.OYUN', unit: 'PARK' });
    assert.equal(first.status, 201);
    const { page, close } = await yonetim('kurallar');
    try {
      await page.click('[data-testid=rule-new]');
      await page.waitForSelector('#rule-name:focus');
      await page.fill('#rule-name', 'Atakum su arızaları ilçeye');
      await page.selectOption('#rule-category', 'SU.ARIZA');
      await page.selectOption('#rule-district', 'ATAKUM');
      await page.selectOption('#rule-unit', 'ILCE_ATAKUM');
      await page.click('[data-testid=rule-save]');
      const row = page.locator('[data-testid=rule-row]', { hasText: 'Atakum su arızaları ilçeye' });
      await row.waitFor();
      const id = await row.getAttribute('data-id');

      await page.selectOption('#test-category', 'SU.ARIZA');
      await page.selectOption('#test-district', 'ATAKUM');
      await page.click('[data-testid=rule-test]');
      let result = page.locator('[data-testid=rule-test-result]');
      await result.waitFor();
      assert.equal(await result.getAttribute('data-unit'), 'ILCE_ATAKUM');
      assert.equal(await result.getAttribute('data-rule-id'), id);
      assert.match(await result.textContent(), /Atakum su arızaları ilçeye/);
      await page.waitForSelector(`[data-testid=rule-row][data-id="${id}"][data-matched="true"]`);

      // Another district: no rule holds, the category's default unit decides.
      await page.selectOption('#test-district', 'ILKADIM');
      await page.click('[data-testid=rule-test]');
      result = page.locator('[data-testid=rule-test-result][data-unit="SASKI"]');
      await result.waitFor();
      assert.equal(await result.getAttribute('data-rule-id'), '');
      assert.match(await result.textContent(), /varsayılan birimi/);

      // The server routes real requests the same way.
      const agent = await apiSession(server.url, 'cagri1');
      const created = await agent.post('/api/v1/requests', {
        type: 'request', channel: 'phone', category: 'SU.ARIZA', description: 'Boru patladı', location: { district: 'ATAKUM' },
      });
      assert.equal(created.status, 201);
      assert.equal(created.body.unit, 'ILCE_ATAKUM');

      // Reordering: the new rule (position 20, after "Parklar") moves up and is tried first.
      assert.equal(await page.locator('[data-testid=rule-row]').first().getAttribute('data-id'), String(first.body.id));
      await row.locator('button', { hasText: 'Yukarı' }).click();
      await page.waitForSelector(`[data-testid=rule-row]:first-child[data-id="${id}"]`);
      const order = (await admin.get('/api/v1/routing-rules')).body.items.sort((a, b) => a.position - b.position).map((r) => String(r.id));
      assert.deepEqual(order, [id, String(first.body.id)]);

      // Delete, with a second confirming click.
      await row.locator('[data-testid=rule-delete]').click();
      await row.locator('[data-testid=rule-delete-yes]').click();
      await page.waitForSelector(`[data-testid=rule-row][data-id="${id}"]`, { state: 'detached' });
      assert.equal((await admin.get('/api/v1/routing-rules')).body.items.some((r) => String(r.id) === id), false);
    } finally {
      await close();
    }
  });

  test('a user created here signs in with the new password and sees their unit', async () => {
    const { page, close } = await yonetim('kullanicilar');
    try {
      await page.waitForSelector('#user-username');
      await page.fill('#user-username', 'fen.saha');
      await page.fill('#user-name', 'Kemal Saha');
      await page.selectOption('#user-role', 'unit_staff');
      await page.selectOption('#user-unit', 'FEN');
      await page.fill('#user-password', 'Yeni-parola-2026');
      await page.click('[data-testid=user-create-submit]');
      await page.waitForSelector('[data-testid=user-row][data-username="fen.saha"]');
    } finally {
      await close();
    }
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page2 = await context.newPage();
    try {
      await page2.goto(`${server.url}/giris`);
      await page2.fill('#login-username', 'fen.saha');
      await page2.fill('#login-password', 'Yeni-parola-2026');
      await page2.click('button[type=submit]');
      await page2.waitForURL(/\/birim/);
      assert.equal((await page2.textContent('[data-testid=whoami]')).trim(), 'Kemal Saha');
      // The new unit staff member is not an administrator.
      await page2.goto(`${server.url}/yonetim`);
      await page2.waitForSelector('text=Bu sayfayı görme yetkiniz yok.');
    } finally {
      await context.close();
    }
  });

  test('an article is edited with If-Match; a stale edit is caught and reloaded', async () => {
    const { page, close } = await yonetim('makaleler');
    try {
      await page.fill('#article-search', '112');
      const row = page.locator('[data-testid=article-row]', { hasText: '112' }).first();
      await row.waitFor();
      const id = await row.getAttribute('data-id');
      const before = (await admin.get(`/api/v1/articles/${id}`)).body;
      await row.locator('button', { hasText: 'Düzenle' }).click();
      await page.waitForSelector('#article-title:focus');
      assert.equal(await page.inputValue('#article-title'), before.title);
      await page.fill('#article-title', `${before.title} (güncel)`);
      await page.fill('#article-tags', '112, acil, yönlendirme');
      await page.click('[data-testid=article-save]');
      await page.locator('.alert--success', { hasText: '(güncel) kaydedildi.' }).waitFor();
      const saved = (await admin.get(`/api/v1/articles/${id}`)).body;
      assert.equal(saved.title, `${before.title} (güncel)`);
      assert.deepEqual(saved.tags, ['112', 'acil', 'yönlendirme']);
      assert.equal(saved.version, before.version + 1);

      // Someone else saves while the editor is open: ours is refused (412) and theirs is loaded.
      await page.locator(`[data-testid=article-row][data-id="${id}"] button`, { hasText: 'Düzenle' }).click();
      await page.waitForSelector('#article-title:focus');
      const other = await admin.put(`/api/v1/articles/${id}`, { ...saved, title: 'Başka biri değiştirdi' }, { 'If-Match': `"${saved.version}"` });
      assert.equal(other.status, 200);
      await page.fill('#article-body', 'Benim değişikliğim');
      await page.click('[data-testid=article-save]');
      await page.waitForSelector('[data-testid=article-editor] .alert--warning');
      await page.waitForFunction(() => document.querySelector('#article-title')?.value === 'Başka biri değiştirdi');
      assert.equal((await admin.get(`/api/v1/articles/${id}`)).body.title, 'Başka biri değiştirdi');
    } finally {
      await close();
    }
  });

  test('an API key is shown once and can be revoked', async () => {
    const { page, close } = await yonetim('api-anahtarlari');
    try {
      await page.waitForSelector('#key-name');
      await page.fill('#key-name', 'CİMER aktarımı');
      await page.selectOption('#key-role', 'agent');
      await page.click('[data-testid=key-create-submit]');
      const secret = await page.locator('[data-testid=api-key-secret]');
      await secret.waitFor();
      const key = await secret.inputValue();
      assert.match(key, /^alo153_/);
      const me = await fetch(`${server.url}/api/v1/auth/me`, { headers: { Authorization: `Bearer ${key}` } });
      assert.equal(me.status, 200);

      const row = page.locator('[data-testid=key-row]', { hasText: 'CİMER aktarımı' });
      await row.locator('[data-testid=key-revoke]').click();
      await row.locator('[data-testid=key-revoke-yes]').click();
      await page.locator('.alert--success', { hasText: 'anahtarı iptal edildi.' }).waitFor();
      assert.equal(await page.locator('[data-testid=api-key-secret]').count(), 0, 'the key is not shown again');
      const refused = await fetch(`${server.url}/api/v1/auth/me`, { headers: { Authorization: `Bearer ${key}` } });
      assert.equal(refused.status, 401);
    } finally {
      await close();
    }
  });

  test('every form shows validation messages, and the server refusal next to its field', async () => {
    const { page, close } = await yonetim('birimler');
    try {
      // Units: create.
      await page.waitForSelector('[data-testid=unit-create-submit]');
      await page.click('[data-testid=unit-create-submit]');
      assert.match(await errorOf(page, 'unit-code'), /zorunlu/);
      assert.match(await errorOf(page, 'unit-new-name'), /zorunlu/);
      await page.fill('#unit-code', 'bad code!');
      await page.fill('#unit-new-name', 'Deneme');
      await page.selectOption('#unit-kind', 'district');
      await page.click('[data-testid=unit-create-submit]');
      assert.match(await errorOf(page, 'unit-code'), /büyük harf, rakam ve _/);
      assert.match(await errorOf(page, 'unit-district'), /ilçeyi seçin/);
      // A code already used: only the server knows.
      await page.fill('#unit-code', 'FEN');
      await page.selectOption('#unit-kind', 'internal');
      await page.click('[data-testid=unit-create-submit]');
      assert.match(await errorOf(page, 'unit-code'), /kullanılmış/);
      // Units: edit.
      await page.click('[data-testid=unit-row][data-code="PARK"] button');
      await page.fill('#unit-name', '');
      await page.fill('#unit-start', '17:00');
      await page.fill('#unit-end', '08:00');
      for (let d = 0; d < 7; d++) await page.uncheck(`#unit-day-${d}`);
      await page.click('[data-testid=unit-save]');
      assert.match(await errorOf(page, 'unit-name'), /zorunlu/);
      assert.match(await errorOf(page, 'unit-end'), /başlangıçtan sonra/);
      assert.match(await errorOf(page, 'unit-days'), /En az bir çalışma günü/);

      // Categories.
      await page.click('[data-testid=tab-konular]');
      await page.click('[data-testid=category-new]');
      await page.fill('#cat-code', 'x');
      await page.fill('#cat-sla', 'üç gün');
      await page.click('[data-testid=cat-save]');
      assert.match(await errorOf(page, 'cat-code'), /ANA ya da ANA\.ALT/);
      assert.match(await errorOf(page, 'cat-name'), /zorunlu/);
      assert.match(await errorOf(page, 'cat-sla'), /dakika/);
      assert.match(await errorOf(page, 'cat-unit'), /varsayılan birimi zorunludur/);
      await page.fill('#cat-code', 'YOK.ALT');
      await page.click('[data-testid=cat-save]');
      assert.match(await errorOf(page, 'cat-code'), /Üst konu bulunamadı/);

      // Routing rules and the tester.
      await page.click('[data-testid=tab-kurallar]');
      await page.click('[data-testid=rule-new]');
      await page.fill('#rule-position', 'ilk');
      await page.click('[data-testid=rule-save]');
      assert.match(await errorOf(page, 'rule-name'), /zorunlu/);
      assert.match(await errorOf(page, 'rule-position'), /tam sayı/);
      assert.match(await errorOf(page, 'rule-unit'), /birimi seçin/);
      assert.match(await errorOf(page, 'rule-conditions'), /En az bir koşul/);
      await page.click('[data-testid=rule-test]');
      assert.match(await errorOf(page, 'test-category'), /konu seçin/);

      // Users.
      await page.click('[data-testid=tab-kullanicilar]');
      await page.fill('#user-username', 'Ali Veli');
      await page.selectOption('#user-role', 'unit_manager');
      await page.fill('#user-password', 'kisa');
      await page.click('[data-testid=user-create-submit]');
      assert.match(await errorOf(page, 'user-username'), /küçük harf/);
      assert.match(await errorOf(page, 'user-name'), /zorunlu/);
      assert.match(await errorOf(page, 'user-unit'), /birim seçin/);
      assert.match(await errorOf(page, 'user-password'), /en az 10/);
      // A username already taken: the server says so next to the field.
      await page.fill('#user-username', 'admin');
      await page.fill('#user-name', 'İkinci Yönetici');
      await page.selectOption('#user-role', 'admin');
      await page.fill('#user-password', 'Uzun-bir-parola-1');
      await page.click('[data-testid=user-create-submit]');
      assert.match(await errorOf(page, 'user-username'), /alınmış/);

      // Articles.
      await page.click('[data-testid=tab-makaleler]');
      await page.click('[data-testid=article-new]');
      await page.click('[data-testid=article-save]');
      assert.match(await errorOf(page, 'article-title'), /zorunlu/);
      assert.match(await errorOf(page, 'article-body'), /zorunlu/);

      // API keys.
      await page.click('[data-testid=tab-api-anahtarlari]');
      await page.selectOption('#key-role', 'unit_staff');
      await page.click('[data-testid=key-create-submit]');
      assert.match(await errorOf(page, 'key-name'), /zorunlu/);
      assert.match(await errorOf(page, 'key-unit'), /birim seçin/);
    } finally {
      await close();
    }
  });

  test('non-admins get the forbidden message, and the server refuses their writes', async () => {
    // (Unit staff meet the same message in the new-user test above.)
    const { page, close } = await yonetim('konular', 'supervisor');
    try {
      await page.waitForSelector('text=Bu sayfayı görme yetkiniz yok.');
      assert.equal(await page.locator('[data-testid=category-tree]').count(), 0);
      assert.equal(await page.locator('a[href="/yonetim"]').count(), 0, 'no link to the page');
    } finally {
      await close();
    }
    const amir = await apiSession(server.url, 'amir');
    const writes = [
      await amir.post('/api/v1/categories', { code: 'SU.AMIR', name: 'Amirin konusu' }),
      await amir.post('/api/v1/routing-rules', { name: 'x', category: 'SU.ARIZA', unit: 'FEN' }),
      await amir.post('/api/v1/users', { username: 'amir.yedek', display_name: 'x', role: 'admin', password: 'Uzun-bir-parola-1' }),
      await amir.post('/api/v1/api-keys', { name: 'x', role: 'admin' }),
      await amir.patch('/api/v1/units/FEN', { name: 'Ele geçirildi' }),
    ];
    for (const w of writes) assert.equal(w.status, 403, JSON.stringify(w.body));
    const staff = await apiSession(server.url, 'saski.personel');
    assert.equal((await staff.post('/api/v1/articles', { title: 'x', body: 'y' })).status, 403);
  });
});
