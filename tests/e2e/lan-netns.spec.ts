// The room on a LAN, in Linux network namespaces: the host (`ioc-wall serve` over TLS with a CA
// made here by openssl) in one namespace, a node's Chromium in another, a veth pair between them
// with addresses chosen here, inside the namespaces made here. The node enrolls a wall and a kiosk
// credential with one-time codes and shows both wall displays and the kiosk.
//
// 1. Cut the link: the walls keep their frame and show the banner; a kiosk request sent into the
//    cut link is applied once when the link comes back, and both displays show what changed
//    on the host meanwhile within 10 s.
// 2. Cut again, change the host's layout, restart the node's browser: it paints the last wall
//    from its own cache (service worker + IndexedDB). Restore: both displays refreshed within 10 s.
//
// Needs root, `ip`, `openssl` and `certutil` (libnss3-tools; .ci/run installs it); elsewhere it
// prints one line and skips. Namespaces and processes are removed whatever happens.
import { chromium, expect, test, type BrowserContext, type Page } from '@playwright/test';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH, NO_BACKGROUND_THROTTLING } from './support/chromium';
import { stopChild } from './support/stop-child';

const ROOT = resolve(import.meta.dirname, '../..');
const ART = join(ROOT, 'artifacts/lan-netns');
const tag = String(process.pid % 100000);
const NS_HOST = `iocw-host-${tag}`;
const NS_NODE = `iocw-node-${tag}`;
const IF_HOST = `iwh${tag}`;
const IF_NODE = `iwn${tag}`;
const HOST_IP = '10.231.8.1';
const NODE_IP = '10.231.8.2';
const PORT = 8443;
const BASE = `https://${HOST_IP}:${PORT}`;
const ADMIN = 'lan-admin-token-0123456789abcdef';
/** What the issue asks for: every display refreshed within 10 s of the host coming back. */
const REFRESH_MS = 10_000;

function missing(): string | null {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root';
  for (const [cmd, arg] of [['ip', '-V'], ['openssl', 'version'], ['certutil', '-H']] as const) {
    const r = spawnSync(cmd, [arg], { stdio: 'ignore' });
    if (r.error) return `no \`${cmd}\``;
  }
  if (!existsSync(CHROMIUM_PATH)) return `no ${CHROMIUM_PATH}`;
  const probe = `iocw-probe-${tag}`;
  const r = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8' });
  if (r.status !== 0) return `cannot make a network namespace (${r.stderr.trim()})`;
  spawnSync('ip', ['netns', 'del', probe]);
  return null;
}

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const inNs = (ns: string, cmd: string, args: string[]) => run('ip', ['netns', 'exec', ns, cmd, ...args]);

function makeNetwork(): void {
  run('ip', ['netns', 'add', NS_HOST]);
  run('ip', ['netns', 'add', NS_NODE]);
  run('ip', ['link', 'add', IF_HOST, 'type', 'veth', 'peer', 'name', IF_NODE]);
  run('ip', ['link', 'set', IF_HOST, 'netns', NS_HOST]);
  run('ip', ['link', 'set', IF_NODE, 'netns', NS_NODE]);
  run('ip', ['-n', NS_HOST, 'addr', 'add', `${HOST_IP}/30`, 'dev', IF_HOST]);
  run('ip', ['-n', NS_NODE, 'addr', 'add', `${NODE_IP}/30`, 'dev', IF_NODE]);
  for (const [ns, dev] of [[NS_HOST, IF_HOST], [NS_NODE, IF_NODE], [NS_HOST, 'lo'], [NS_NODE, 'lo']] as const)
    run('ip', ['-n', ns, 'link', 'set', dev, 'up']);
}

function removeNetwork(): void {
  // Deleting a namespace deletes the veth end inside it, and with it the pair.
  for (const ns of [NS_HOST, NS_NODE]) spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
}

const setLink = (up: boolean) => run('ip', ['-n', NS_NODE, 'link', 'set', IF_NODE, up ? 'up' : 'down']);

/** A CA, and a server certificate for the host's address signed by it (openssl CLI). */
function makeCerts(dir: string): { ca: string; cert: string; key: string } {
  const ca = join(dir, 'ca.pem');
  const caKey = join(dir, 'ca.key');
  const key = join(dir, 'host.key');
  const csr = join(dir, 'host.csr');
  const cert = join(dir, 'host.pem');
  const ext = join(dir, 'host.ext');
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  run('openssl', ['req', '-x509', ...ec, '-keyout', caKey, '-out', ca, '-days', '2', '-subj', '/CN=IOC Wall LAN test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  run('openssl', ['req', ...ec, '-keyout', key, '-out', csr, '-subj', `/CN=${HOST_IP}`]);
  writeFileSync(ext, `subjectAltName=IP:${HOST_IP}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n`);
  run('openssl', ['x509', '-req', '-in', csr, '-CA', ca, '-CAkey', caKey, '-CAcreateserial', '-out', cert, '-days', '2', '-extfile', ext]);
  return { ca, cert, key };
}

/** Chromium on Linux trusts the CAs of $HOME/.pki/nssdb: the node's browser gets the test CA there. */
function trustCa(home: string, ca: string): void {
  const db = join(home, '.pki', 'nssdb');
  mkdirSync(db, { recursive: true });
  run('certutil', ['-N', '-d', `sql:${db}`, '--empty-password']);
  run('certutil', ['-A', '-d', `sql:${db}`, '-n', 'ioc-wall-lan-test-ca', '-t', 'C,,', '-i', ca]);
}

function startHost(dir: string, certs: { cert: string; key: string }): Promise<{ child: ChildProcess; log: () => string }> {
  const config = join(dir, 'host.json');
  writeFileSync(config, JSON.stringify({ server: { host: HOST_IP, port: PORT, token: ADMIN, tls: { cert: certs.cert, key: certs.key } } }));
  const child = spawn('ip', ['netns', 'exec', NS_HOST, process.execPath, join(ROOT, 'bin/ioc-wall.js'), 'serve', '--data-dir', join(dir, 'data')], {
    cwd: ROOT,
    env: { ...process.env, IOC_WALL_CONFIG: config },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b));
  child.stderr!.on('data', (b: Buffer) => (out += b));
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`the host printed no URL within 60 s:\n${out}`)), 60_000);
    const check = () => {
      if (!out.includes('Ctrl+C')) return; // the banner's last line
      clearTimeout(timer);
      child.stdout!.off('data', check);
      ok({ child, log: () => out });
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => (clearTimeout(timer), fail(new Error(`the host exited (${code}):\n${out}`))));
  });
}

/** A HostApi call as admin, made inside the host's namespace (the test process is in neither). */
function hostCall<T>(ca: string, method: string, params: unknown): T {
  const out = inNs(NS_HOST, process.execPath, [join(ROOT, 'tests/e2e/support/host-call.mjs'), BASE, ADMIN, ca, method, JSON.stringify(params)]);
  return JSON.parse(out) as T;
}

/** The node's browser, inside the node's namespace, driven over Playwright's pipe (fds pass through `ip netns exec`). */
function launchNode(dir: string, home: string): Promise<BrowserContext> {
  const wrapper = join(dir, 'chromium-in-node-ns.sh');
  writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${NS_NODE} /usr/bin/chromium "$@"\n`);
  chmodSync(wrapper, 0o755);
  return chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: wrapper,
    // Both displays and the kiosk are visible windows on a real node: no background throttling.
    args: [...CHROMIUM_ARGS, ...NO_BACKGROUND_THROTTLING],
    env: { ...process.env, HOME: home },
    viewport: { width: 960, height: 540 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
}

const wallReady = (page: Page, layoutId?: string) =>
  page.locator(`.wall-root${layoutId ? `[data-layout-id="${layoutId}"]` : ''}[data-wall-ready="true"]`);
const banner = (page: Page) => page.locator('[data-conn="down"]');

async function enroll(page: Page, ca: string, role: 'wall' | 'kiosk', name: string): Promise<string> {
  const { code } = hostCall<{ code: string }>(ca, 'nodes.add', { role, name });
  const res = await page.evaluate(async (c) => {
    const r = await fetch('/api/enroll', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: c }) });
    return { status: r.status, body: (await r.json()) as { credential?: string; role?: string } };
  }, code);
  expect(res.status).toBe(200);
  expect(res.body.role).toBe(role);
  return res.body.credential!;
}

async function openWalls(ctx: BrowserContext, credential: string): Promise<Page[]> {
  return Promise.all(
    ['d1', 'd2'].map(async (d) => {
      const page = await ctx.newPage();
      // How a browser node is started: the host's URL with its credential.
      await page.goto(`${BASE}/wall?display=${d}&token=${encodeURIComponent(credential)}`);
      return page;
    }),
  );
}

test('LAN in network namespaces: cut link, node restart, host back', async () => {
  const why = missing();
  if (why) {
    console.log(`lan-netns: skipped, network namespaces cannot be made here: ${why}`);
    test.skip(true, why);
    return;
  }
  test.setTimeout(240_000);
  mkdirSync(ART, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'ioc-lan-'));
  const home = join(dir, 'home');
  let host: ChildProcess | null = null;
  let ctx: BrowserContext | null = null;
  removeNetwork(); // a run killed before its cleanup
  try {
    makeNetwork();
    const certs = makeCerts(dir);
    trustCa(home, certs.ca);
    const started = await startHost(dir, certs);
    host = started.child;

    ctx = await launchNode(dir, home);
    const start = await ctx.newPage();
    await start.goto(`${BASE}/`); // over TLS, trusted through the node's NSS database
    const wallCred = await enroll(start, certs.ca, 'wall', 'Tường LAN');
    const kioskCred = await enroll(start, certs.ca, 'kiosk', 'Kiosk LAN');
    await start.close();

    let walls = await openWalls(ctx, wallCred);
    for (const w of walls) await expect(wallReady(w)).toHaveCount(1, { timeout: 30_000 });
    const first = (await walls[0]!.locator('.wall-root').getAttribute('data-layout-id'))!;
    const kiosk = await ctx.newPage();
    await kiosk.setViewportSize({ width: 1920, height: 1080 }); // a kiosk's touchscreen
    await kiosk.goto(`${BASE}/kiosk?token=${encodeURIComponent(kioskCred)}`);
    await kiosk.locator('.ktile[data-domain="economy"]').click();
    await expect(kiosk.locator('[data-kiosk-panel="economy"][data-painted="true"]')).toHaveCount(1, { timeout: 30_000 });
    // The walls' service worker controls them and each display's cache names the layout.
    // Installing caches the ~1 MB shell over the veth; on a loaded machine that can outlast the
    // first page, which the worker then claims. Wait for it to be active (with a deadline); a
    // page it has not claimed yet is reloaded, and a reloaded page is always controlled.
    for (const w of walls) {
      await w.evaluate(() =>
        Promise.race([
          navigator.serviceWorker.ready.then(() => undefined),
          new Promise((_, reject) => setTimeout(() => reject(new Error('service worker not active within 60 s')), 60_000)),
        ]),
      );
      if (!(await w.evaluate(() => !!navigator.serviceWorker.controller))) {
        await w.reload();
        await expect(wallReady(w)).toHaveCount(1, { timeout: 30_000 });
      }
      await expect.poll(() => w.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 20_000 }).toBe(true);
    }

    // 1. Cut the link. The kiosk's request goes into the cut link; the walls keep their frame.
    setLink(false);
    await kiosk.locator('[data-action="to-wall"]').click();
    await kiosk.locator('[data-action="confirm-wall"]').click();
    for (const w of walls) {
      await expect(banner(w)).toContainText('Mất kết nối tới máy chủ', { timeout: 15_000 });
      await expect(wallReady(w, first)).toHaveCount(1);
    }
    await walls[0]!.screenshot({ path: join(ART, 'cut-d1.png') });
    const [second, third] = ['emergency', 'traffic-order', 'morning-briefing', 'overview'].filter((id) => id !== first) as [string, string];
    hostCall(certs.ca, 'preset.activate', { id: second });

    let t0 = Date.now();
    setLink(true);
    for (const w of walls) {
      await expect(wallReady(w, second)).toHaveCount(1, { timeout: REFRESH_MS - (Date.now() - t0) });
      await expect(banner(w)).toHaveCount(0, { timeout: Math.max(1, REFRESH_MS - (Date.now() - t0)) });
    }
    const refreshedMs = Date.now() - t0;
    // The kiosk's request reached the host (an operator approves it: kiosk.requireApproval).
    await expect(kiosk.locator('[data-wall-request="pending"]')).toBeVisible({ timeout: 15_000 });
    // Applied once: one request from the kiosk, whatever was re-sent.
    await expect
      .poll(() => hostCall<{ nodeName: string }[]>(certs.ca, 'wallRequest.list', { include: 'recent' }).filter((r) => r.nodeName === 'Kiosk LAN').length, { timeout: 10_000 })
      .toBeGreaterThan(0);
    expect(hostCall<{ nodeName: string }[]>(certs.ca, 'wallRequest.list', { include: 'recent' }).filter((r) => r.nodeName === 'Kiosk LAN')).toHaveLength(1);

    // 2. Cut again; the host changes layout; the node's browser restarts while the link is cut.
    await kiosk.close();
    setLink(false);
    for (const w of walls) await expect(banner(w)).toHaveCount(1, { timeout: 15_000 });
    hostCall(certs.ca, 'preset.activate', { id: third });
    await ctx.close();
    ctx = await launchNode(dir, home);
    const tRestart = Date.now();
    walls = await openWalls(ctx, wallCred);
    const loadedMs = Date.now() - tRestart;
    for (const w of walls) {
      // The last wall it showed, from its own cache, with the banner.
      await expect(wallReady(w, second)).toHaveCount(1, { timeout: 20_000 });
      await expect(banner(w)).toContainText('Mất kết nối tới máy chủ');
    }
    const cachedFrameMs = Date.now() - tRestart;
    await walls[0]!.screenshot({ path: join(ART, 'restarted-while-cut-d1.png') });

    t0 = Date.now();
    setLink(true);
    for (const w of walls) {
      await expect(wallReady(w, third)).toHaveCount(1, { timeout: REFRESH_MS - (Date.now() - t0) });
      await expect(banner(w)).toHaveCount(0, { timeout: Math.max(1, REFRESH_MS - (Date.now() - t0)) });
    }
    const refreshedAfterRestartMs = Date.now() - t0;
    await walls[0]!.screenshot({ path: join(ART, 'restored-d1.png') });
    console.log(
      `lan-netns: host back → both displays refreshed in ${refreshedMs} ms (link cut, browser kept) and ` +
        `${refreshedAfterRestartMs} ms (browser restarted while cut); restarted node loaded its pages in ${loadedMs} ms and painted its cached wall in ${cachedFrameMs} ms`,
    );
  } finally {
    await ctx?.close().catch(() => {});
    if (host) await stopChild(host);
    removeNetwork();
    rmSync(dir, { recursive: true, force: true });
  }
});
