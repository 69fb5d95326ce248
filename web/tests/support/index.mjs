// The browser tests' harness: a real `alo153 serve` on a fresh copy of a small demo database, Debian's
// Chromium through playwright-core, and sign-in helpers. See web/tests/README.md.
import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

const run = promisify(execFile);

/** The repository's root (web/tests/support/../../..). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** The `alo153` executable under test (`make build`); ALO153_BINARY overrides. */
export const BINARY = process.env.ALO153_BINARY ?? path.join(ROOT, 'build/release/alo153');
/** The built web application (`make web`). */
export const WEB_DIR = path.join(ROOT, 'web/dist');
/** Chromium from Debian (`chromium` in debian-packages.txt); CHROMIUM overrides. */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** The password of every demo account. */
export const PASSWORD = 'alo153-demo';
/** The demo accounts (src/app/application.cpp, DemoLogins): username → role and unit. */
export const DEMO_LOGINS = Object.freeze({
  admin: { role: 'admin', unit: null },
  amir: { role: 'supervisor', unit: null },
  cagri1: { role: 'agent', unit: null },
  cagri2: { role: 'agent', unit: null },
  'saski.personel': { role: 'unit_staff', unit: 'SASKI' },
  'saski.mudur': { role: 'unit_manager', unit: 'SASKI' },
  'fen.personel': { role: 'unit_staff', unit: 'FEN' },
  'zabita.personel': { role: 'unit_staff', unit: 'ZABITA' },
  'park.personel': { role: 'unit_staff', unit: 'PARK' },
  'ulasim.personel': { role: 'unit_staff', unit: 'ULASIM' },
  'ilkadim.personel': { role: 'unit_staff', unit: 'ILCE_ILKADIM' },
  'atakum.personel': { role: 'unit_staff', unit: 'ILCE_ATAKUM' },
  'atakum.mudur': { role: 'unit_manager', unit: 'ILCE_ATAKUM' },
});
/** One username per role (what `login(page, role)` signs in as). */
export const USERS = Object.freeze({
  admin: 'admin',
  supervisor: 'amir',
  agent: 'cagri1',
  unit_staff: 'saski.personel',
  unit_manager: 'saski.mudur',
});

const DEMO_REQUESTS = 300;
const DEMO_SEED = 153;
/** Demo databases made by this binary are reused for a few hours (made in ~3 s; the dates move with time). */
const TEMPLATE_MAX_AGE_MS = 4 * 3600 * 1000;

let lastServerUrl = null;

/** Copies a closed SQLite database with its WAL file, if any. */
async function copyDatabase(from, to) {
  await copyFile(from, to);
  if (existsSync(`${from}-wal`)) await copyFile(`${from}-wal`, `${to}-wal`);
}

/** A demo database of `requests` requests, made once per binary and kept in build/web-test/. */
async function demoTemplate(requests) {
  const binary = await stat(BINARY).catch(() => {
    throw new Error(`${BINARY} is missing: build it first (make build)`);
  });
  const dir = path.join(ROOT, 'build/web-test');
  const file = path.join(dir, `demo-${requests}.db`);
  const made = await stat(file).catch(() => null);
  if (made && made.mtimeMs > binary.mtimeMs && Date.now() - made.mtimeMs < TEMPLATE_MAX_AGE_MS) return file;
  await mkdir(dir, { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  await rm(partial, { force: true });
  await run(BINARY, ['--db', partial, 'demo', '--requests', String(requests), '--seed', String(DEMO_SEED)], {
    env: { ...process.env, ALO153_LOG_LEVEL: 'warn' },
  });
  // One file, no WAL left beside it: checkpointed by the closing demo command; rename is atomic.
  if (existsSync(`${partial}-wal`)) await rename(`${partial}-wal`, `${file}-wal`);
  await rename(partial, file);
  return file;
}

/**
 * Starts `alo153 serve` on an ephemeral port, on a fresh copy of a demo database in a temp dir, serving
 * web/dist. Options: `requests` (demo size, default 300), `db` (serve this database file as it is instead),
 * `env` (extra ALO153_* settings), `webDir`. Returns { url, port, db, dir, stderr(), stdout(), stop() }.
 * The portal's create limit is raised for tests (many creates come from 127.0.0.1); pass
 * env: { ALO153_PUBLIC_CREATES: '10' } to test the limit itself.
 */
export async function startServer({ requests = DEMO_REQUESTS, db = null, env = {}, webDir = WEB_DIR } = {}) {
  if (!existsSync(path.join(webDir, 'index.html'))) {
    throw new Error(`${webDir}/index.html is missing: build the web application first (make web)`);
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'alo153-web-'));
  let dbPath = db;
  if (!dbPath) {
    dbPath = path.join(dir, 'alo153.db');
    await copyDatabase(await demoTemplate(requests), dbPath);
  }
  const child = spawn(BINARY, ['--db', dbPath, 'serve', '--port', '0'], {
    env: {
      ...process.env,
      ALO153_WEB_DIR: webDir,
      ALO153_PHOTO_DIR: path.join(dir, 'photos'),
      ALO153_LOG_LEVEL: 'warn',
      ALO153_PUBLIC_CREATES: '100000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);

  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`alo153 did not start within 30 s:\n${err}`)), 30_000);
    const onData = () => {
      const m = out.match(/running: http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve(Number(m[1]));
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`alo153 exited with ${code} before listening:\n${err}`));
    });
  });

  const url = `http://127.0.0.1:${port}`;
  lastServerUrl = url;
  let stopped = null;
  return {
    url,
    port,
    db: dbPath,
    dir,
    stdout: () => out,
    stderr: () => err,
    /** SIGTERM (a graceful stop), SIGKILL after 10 s; removes the temp dir. Resolves to the exit code. */
    stop() {
      stopped ??= (async () => {
        const code = await new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          child.once('exit', (c, signal) => {
            clearTimeout(timer);
            resolve(c ?? signal);
          });
          child.kill('SIGTERM');
        });
        process.off('exit', killOnExit);
        await rm(dir, { recursive: true, force: true });
        return code;
      })();
      return stopped;
    },
  };
}

/** Debian's Chromium, headless, through playwright-core (no browser download). */
export async function launchBrowser(options = {}) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--lang=tr-TR'],
    ...options,
  });
}

/**
 * Signs the page's browser context in as `who` (a role of USERS, or a demo username) through the API, so the
 * session cookie serves the pages too. `base` defaults to the last server started. Returns the login answer
 * ({ user, csrf_token, expires_at }).
 */
export async function login(page, who, base = lastServerUrl) {
  if (!base) throw new Error('login: no server started (pass its url)');
  const username = USERS[who] ?? who;
  const res = await page.request.post(`${base}/api/v1/auth/login`, { data: { username, password: PASSWORD } });
  if (res.status() !== 200) throw new Error(`login ${username}: ${res.status()} ${await res.text()}`);
  return res.json();
}

/**
 * A signed-in API session outside the browser (cookie + CSRF token), for setting up and checking data:
 * { user, get(path), post(path, body), patch(path, body, headers), put(...), delete(path), call(method, path, body, headers) },
 * each resolving to { status, headers, body } with the body parsed when it is JSON.
 */
export async function apiSession(base, who) {
  const username = USERS[who] ?? who;
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf, user } = await res.json();
  async function call(method, p, body, headers = {}) {
    const r = await fetch(`${base}${p}`, {
      method,
      headers: {
        Cookie: cookie,
        'X-CSRF-Token': csrf,
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    let parsed = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: r.status, headers: r.headers, body: parsed };
  }
  return {
    user,
    cookie,
    csrf,
    call,
    get: (p) => call('GET', p),
    post: (p, b = {}, h) => call('POST', p, b, h),
    patch: (p, b = {}, h) => call('PATCH', p, b, h),
    put: (p, b = {}, h) => call('PUT', p, b, h),
    delete: (p) => call('DELETE', p),
  };
}
