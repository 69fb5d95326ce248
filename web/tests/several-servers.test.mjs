// Two app servers on one PostgreSQL database (issue 10): a unit's inbox open in a browser on server B shows,
// within a second, a request an agent filed through server A, without a reload (LISTEN/NOTIFY between the
// servers, the live stream to the page). The PostgreSQL server is a private cluster this file starts
// (tests/scripts/pg-test-cluster) and stops; skipped where PostgreSQL 15 is not installed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { BINARY, ROOT, apiSession, launchBrowser, startServer } from './support/index.mjs';

const run = promisify(execFile);
const CLUSTER = path.join(ROOT, 'tests/scripts/pg-test-cluster');
const available = existsSync('/usr/lib/postgresql/15/bin/initdb');

let state;
let url;
let a;
let b;
let browser;

before(async () => {
  if (!available) return;
  state = await mkdtemp(path.join(tmpdir(), 'alo153-web-pg-'));
  await run(CLUSTER, ['start', state]);
  url = (await readFile(path.join(state, 'url'), 'utf8')).trim();
  await run(BINARY, ['--db', url, 'demo', '--requests', '200', '--seed', '153'], {
    env: { ...process.env, ALO153_PHOTO_DIR: path.join(state, 'photos'), ALO153_LOG_LEVEL: 'warn' },
  });
  const env = { ALO153_PHOTO_DIR: path.join(state, 'photos') };
  a = await startServer({ db: url, env });
  b = await startServer({ db: url, env });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await a?.stop();
  await b?.stop();
  if (state) {
    await run(CLUSTER, ['stop', path.join(state)]).catch(() => {});
    await rm(state, { recursive: true, force: true });
  }
});

describe('several app servers on PostgreSQL', { skip: !available && 'PostgreSQL 15 is not installed' }, () => {
  test('a request filed through one server appears in the inbox open on the other within a second', async (t) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const login = await context.request.post(`${b.url}/api/v1/auth/login`, {
      data: { username: 'saski.personel', password: 'alo153-demo' },
    });
    assert.equal(login.status(), 200);
    const page = await context.newPage();
    await page.goto(`${b.url}/birim`);
    await page.waitForSelector('[data-testid=inbox-list][data-ready=true]', { state: 'attached' });
    await page.selectOption('#filter-sort', 'newest');
    await page.waitForSelector('[data-testid=inbox-list][data-ready=true][data-sort=newest][data-loading=false]', {
      state: 'attached',
    });
    await page.waitForSelector('[data-testid=live-indicator][data-connected=true]');
    await page.evaluate(() => {
      window.__stay = true;
    });

    const agent = await apiSession(a.url, 'cagri1');
    const created = await agent.post('/api/v1/requests', {
      type: 'complaint',
      channel: 'phone',
      category: 'SU.ARIZA',
      description: 'İki sunucu testi: A sunucusundan açılan su arızası',
      location: { district: 'ILKADIM', street: 'Gazi Caddesi' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const started = Date.now();
    await page.waitForSelector(`[data-testid=inbox-row][data-tracking="${created.body.tracking_number}"]`, {
      timeout: 1000,
    });
    const elapsed = Date.now() - started;
    t.diagnostic(`on B's page ${elapsed} ms after A answered 201`);
    assert.ok(elapsed < 1000, `on B's page after ${elapsed} ms`);
    assert.equal(await page.evaluate(() => window.__stay), true, 'no reload');
    await context.close();
  });
});
