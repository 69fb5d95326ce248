// Regenerates docs/screenshots/*.png: every page of the web application against a real alo153 on a demo
// database, signed in as the role that uses it (desktop 1366×800; the portal and the unit inbox also at a phone
// size, 390×844). Run with `make screenshots` (builds the binary and web/dist first).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ROOT, apiSession, launchBrowser, login, startServer } from './support/index.mjs';

const OUT = path.join(ROOT, 'docs/screenshots');
const DESKTOP = { viewport: { width: 1366, height: 800 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const CALLER = '0532 153 41 53';
const CALLER_E164 = '+905321534153';

async function main() {
  await mkdir(OUT, { recursive: true });
  // Three years of history, so the dashboard and the queues look like a working day's.
  const server = await startServer({ requests: 20000, env: { ALO153_LOG_LEVEL: 'error' } });
  const browser = await launchBrowser();
  const shots = [];
  try {
    // Data the pages show: a caller with history (one request resolved with an answer, one open) and a citizen's
    // own request to track.
    const agent = await apiSession(server.url, 'agent');
    const staff = await apiSession(server.url, 'unit_staff');
    const request = (description, category = 'SU.ARIZA') => ({
      type: 'complaint',
      channel: 'phone',
      category,
      description,
      location: { district: 'ILKADIM', street: 'Cumhuriyet Caddesi', address_text: 'No: 12 önü' },
      citizen: { phone: CALLER, first_name: 'Ayşe', last_name: 'Kaya', kvkk_consent: true },
    });
    const old = await agent.post('/api/v1/requests', request('Sokakta su borusu patladı, yol su içinde kaldı'));
    const { citizen, ...second } = request('Su sayacının yanından sızıntı var');
    const open = await agent.post('/api/v1/requests', { ...second, citizen_id: old.body.citizen_id });
    for (const [action, body] of [
      ['accept', {}],
      ['start', {}],
      ['resolve', { answer: 'Ekiplerimiz arızayı giderdi, bölgeye su verildi. İlginiz için teşekkür ederiz.' }],
    ]) {
      const r = await staff.post(`/api/v1/requests/${old.body.id}/actions/${action}`, body);
      if (r.status !== 200) throw new Error(`${action}: ${r.status} ${JSON.stringify(r.body)}`);
    }
    const filed = await fetch(`${server.url}/api/v1/public/requests`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        type: 'complaint',
        category: 'YOL.CUKUR',
        description: 'Kaldırımın önünde derin bir çukur var, yaşlılar düşüyor.',
        location: { district: 'ATAKUM', street: 'Atatürk Bulvarı' },
        citizen: { phone: '0533 444 55 66', first_name: 'Deniz', kvkk_consent: true },
      }),
    }).then((r) => r.json());

    async function shot(name, who, options, target, ready) {
      const context = await browser.newContext({ ...options, locale: 'tr-TR', timezoneId: 'Europe/Istanbul' });
      const page = await context.newPage();
      if (who) await login(page, who, server.url);
      await page.goto(`${server.url}${target}`, { waitUntil: 'networkidle' });
      if (ready) await ready(page);
      await page.waitForTimeout(300); // transitions and the map's last tiles of points
      const file = path.join(OUT, `${name}.png`);
      await page.screenshot({ path: file });
      shots.push(path.relative(ROOT, file));
      await context.close();
    }

    await shot('portal', null, DESKTOP, '/');
    await shot('portal-phone', null, PHONE, '/');
    await shot('takip', null, DESKTOP, `/takip?number=${encodeURIComponent(filed.tracking_number)}`, async (page) => {
      await page.fill('#track-last4', '5566');
      await page.click('[data-testid=track-submit]');
      await page.waitForSelector('[data-testid=track-result]');
    });
    await shot('giris', null, DESKTOP, '/giris');
    await shot('konsol', 'agent', DESKTOP, '/konsol', async (page) => {
      await page.waitForSelector('#caller-phone');
      await page.fill('#caller-phone', CALLER);
      await page.waitForSelector(`[data-testid=caller-history][data-phone="${CALLER_E164}"]`);
    });
    const inboxReady = (page) => page.waitForSelector('[data-testid=inbox-list][data-ready=true]');
    await shot('birim', 'unit_staff', DESKTOP, '/birim', inboxReady);
    await shot('birim-phone', 'unit_staff', PHONE, '/birim', inboxReady);
    await shot('birim-talep', 'unit_staff', DESKTOP, `/birim/talep/${open.body.id}`, (page) =>
      page.waitForSelector('[data-testid=request-detail]'),
    );
    await shot('panel', 'supervisor', DESKTOP, '/panel', (page) =>
      page.waitForSelector('[data-testid=panel][data-ready=true]'),
    );
    await shot('yonetim', 'admin', DESKTOP, '/yonetim');
  } finally {
    await browser.close();
    await server.stop();
  }
  console.log(`${shots.length} screenshots:\n  ${shots.join('\n  ')}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
