import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NodeInfo } from '../../host/api/contract';
import { loadConfig } from '../../host/config/load';
import type { HostConfig } from '../../host/config/schema';
import { startHost, type HostService } from '../../host/service';
import { IPC_ENROLL, IPC_FROM_HOST, IPC_HELLO, IPC_IDENTIFY, IPC_STATE, IPC_TO_HOST } from '../../electron/ipc-channels';
import { display, fakeElectronModule, FakeBrowserWindow, FakeWebContents, fakeSafeStorage } from '../unit/electron-fake';
import { waitFor } from './support/room';

/**
 * The desktop app as a node of a real host: electron/main.ts against the fake `electron`
 * module, the host a real `startHost` on 127.0.0.1 (HTTP, and HTTPS with a CA made here).
 * The node starts no host of its own, enrolls through its first-run screen, shows the wall
 * over one WebSocket, reports its health, obeys the console's commands, rides out a host
 * restart and goes back to the enrollment screen when revoked.
 */

let dir: string;
let host: HostService | null = null;
let booted: { electron: ReturnType<typeof fakeElectron> } | null = null;
const logged: string[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-node-'));
  FakeBrowserWindow.reset();
  logged.length = 0;
  for (const level of ['log', 'warn', 'error', 'info'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
  }
});
afterEach(async () => {
  booted?.electron.app.emit('before-quit');
  booted = null;
  await host?.close();
  host = null;
  vi.restoreAllMocks();
  vi.doUnmock('electron');
  vi.doUnmock('../../host/service');
  vi.doUnmock('../../host/config/load');
  rmSync(dir, { recursive: true, force: true });
});

function fakeElectron(userData: string, displays = [display(1, 'Màn hình 1', 0, 0), display(2, 'Màn hình 2', 1920, 0)]) {
  return fakeElectronModule({ userData, displays, fn: vi.fn, memoryKb: [150 * 1024, 50 * 1024] });
}

/** electron-updater's autoUpdater as far as electron/updater.ts uses it: never on the network. */
function fakeAutoUpdater() {
  return Object.assign(new EventEmitter(), {
    autoDownload: false,
    autoInstallOnAppQuit: false,
    allowPrerelease: false,
    allowDowngrade: false,
    channel: null as string | null,
    logger: null,
    setFeedURL: vi.fn(),
    checkForUpdates: vi.fn(() => Promise.resolve(null)),
  });
}

async function bootNode(config: HostConfig, userData: string) {
  const electron = fakeElectron(userData);
  const startHostSpy = vi.fn();
  const autoUpdater = fakeAutoUpdater();
  vi.resetModules();
  vi.doMock('electron', () => electron);
  vi.doMock('electron-updater', () => ({ default: { autoUpdater } }));
  vi.doMock('../../host/service', () => ({ startHost: startHostSpy }));
  vi.doMock('../../host/config/load', () => ({ loadConfig: () => config, ConfigError: class extends Error {} }));
  await import('../../electron/main');
  booted = { electron };
  return { electron, startHostSpy, autoUpdater };
}

const open = () => FakeBrowserWindow.getAllWindows();
const urls = () => open().map((w) => w.webContents.url);
const sentOn = (wc: FakeWebContents, channel: string) => wc.sent.filter((s) => s.channel === channel).map((s) => s.message as Record<string, unknown>);

async function nodeInfo(id: string): Promise<NodeInfo> {
  const list = (await host!.dispatcher.call('nodes.list', {}, 'test')) as NodeInfo[];
  return list.find((n) => n.id === id)!;
}

/** A renderer page saying hello and asking the host something through the bridge. */
async function ask(electron: ReturnType<typeof fakeElectron>, wc: FakeWebContents, id: number, method: string, params: unknown = {}) {
  electron.ipcMain.deliver(IPC_TO_HOST, wc, wc.url, { type: 'request', id, method, params, rid: randomUUID() });
  return waitFor(() => sentOn(wc, IPC_FROM_HOST).find((m) => m.id === id), `answer ${id} to ${method}`);
}

function nodeConfig(url: string, caFile?: string): HostConfig {
  const base = loadConfig({ env: {}, flags: { demo: false } });
  return { ...base, connect: { url, caFile } };
}

describe('desktop node of a remote host', () => {
  it('enrolls on its first-run screen, shows the wall over one connection, reports health, obeys commands, survives a host restart, and re-enrolls when revoked', async () => {
    const dataDir = join(dir, 'host');
    host = await startHost({ config: loadConfig({ env: {}, flags: { port: '0', demo: false } }), dataDir, rendererDir: null });
    const port = Number(new URL(host.url!).port);
    const added = (await host.dispatcher.call('nodes.add', { role: 'wall', name: 'Tường A' }, 'test')) as { id: string; code: string };
    const userData = join(dir, 'userdata');
    const { electron, startHostSpy, autoUpdater } = await bootNode(nodeConfig(host.url!), userData);

    // No credential yet: only the enrollment screen, and no host of its own.
    await waitFor(() => urls().length === 1 && urls()[0].startsWith('app://ioc/enroll'), 'the enrollment screen');
    expect(startHostSpy).not.toHaveBeenCalled();
    const enrollWin = open()[0];
    expect(new URL(urls()[0]).searchParams.get('host')).toBe(host.url);
    expect(new URL(urls()[0]).searchParams.get('reason')).toBeNull();

    // Only that page may enroll; a wrong code gets the host's words; the right one, the role.
    const stranger = new FakeWebContents();
    await expect(electron.ipcMain.invoke(IPC_ENROLL, stranger, 'app://ioc/wall', added.code)).resolves.toMatchObject({ ok: false });
    await expect(electron.ipcMain.invoke(IPC_ENROLL, enrollWin.webContents, 'https://evil.example/', added.code)).resolves.toMatchObject({ ok: false });
    const wrong = await electron.ipcMain.invoke(IPC_ENROLL, enrollWin.webContents, enrollWin.webContents.url, 'AAAA-AAAA');
    expect(wrong).toMatchObject({ ok: false, message: expect.stringMatching(/mã|code/i) });
    const ok = await electron.ipcMain.invoke(IPC_ENROLL, enrollWin.webContents, enrollWin.webContents.url, added.code.toLowerCase());
    expect(ok).toEqual({ ok: true, role: 'wall', name: 'Tường A' });

    // The wall role's windows, one per display; the enrollment screen is gone.
    await waitFor(() => urls().join() === 'app://ioc/wall?display=d1,app://ioc/wall?display=d2', 'the wall windows');
    // Main has the host's wall (and keeps it for a start without the host).
    await waitFor(() => existsSync(join(userData, 'last-wall.json')), 'the wall from the host');
    expect(urls()).toHaveLength(2);
    expect(enrollWin.destroyed).toBe(true);
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledWith(null);
    expect(open().map((w) => w.options.webPreferences.devTools)).toEqual([false, false]);

    // The credential is kept sealed in userData, and is nowhere a page, a URL or a log could see it.
    const sealed = JSON.parse(readFileSync(join(userData, 'secrets.safestorage.json'), 'utf8')) as Record<string, string>;
    const credential = (JSON.parse(fakeSafeStorage.decryptString(Buffer.from(sealed['node.enrollment'], 'base64'))) as { credential: string }).credential;
    expect(credential.length).toBeGreaterThan(20);
    expect(readFileSync(join(userData, 'secrets.safestorage.json'), 'utf8')).not.toContain(credential);

    // Pages talk to the host through the bridge, as the wall node (not as admin).
    const [w1, w2] = open();
    for (const w of [w1, w2]) electron.ipcMain.deliver(IPC_HELLO, w.webContents, w.webContents.url);
    await waitFor(() => sentOn(w1.webContents, IPC_STATE).at(-1)?.state === 'up', 'state up in the page');
    expect(await ask(electron, w1.webContents, 1, 'wall.get')).toMatchObject({ type: 'response', result: { displays: expect.any(Array) } });
    expect(await ask(electron, w2.webContents, 1, 'preset.delete', { id: 'overview' })).toMatchObject({ type: 'error', error: { code: 'forbidden' } });
    // One WebSocket for main and both windows.
    await waitFor(async () => (await nodeInfo(added.id)).connections === 1, 'the node online');

    // Heartbeat: version, displays with resolutions, what it shows, memory, crashes.
    const hb = (await waitFor(async () => (await nodeInfo(added.id)).heartbeat, 'a heartbeat'))!;
    expect(hb).toMatchObject({
      kind: 'desktop',
      displays: [
        { id: '1', label: 'Màn hình 1', width: 1920, height: 1080 },
        { id: '2', label: 'Màn hình 2', width: 1920, height: 1080 },
      ],
      showing: ['d1', 'd2'],
      memoryMB: 200,
      rendererCrashes: 0,
      pendingUpdate: null,
    });
    expect((await nodeInfo(added.id)).versionDiffers).toBe(false);

    // The node updates like the host; a downloaded version waiting for its install is reported.
    await waitFor(() => autoUpdater.checkForUpdates.mock.calls.length > 0, 'an update check');
    autoUpdater.emit('update-downloaded', { version: '99.0.0' });

    // Identify: each window shows its display id and the node's name for 10 s.
    const t0 = Date.now();
    await host.dispatcher.call('node.command', { id: added.id, command: 'identify' }, 'test');
    const lastIdentify = () => open().map((w) => sentOn(w.webContents, IPC_IDENTIFY).at(-1));
    await waitFor(() => lastIdentify().every(Boolean), 'identify');
    const shown = lastIdentify() as Record<string, unknown>[];
    expect(shown.map((m) => [m.displayId, m.nodeName])).toEqual([
      ['d1', 'Tường A'],
      ['d2', 'Tường A'],
    ]);
    expect(shown[0].until as number).toBeGreaterThanOrEqual(t0 + 10_000);

    // Screenshot: a thumbnail of each display, at most 480 px wide.
    const shot = (await host.dispatcher.call('node.screenshot', { id: added.id }, 'test')) as { displays: { displayId: string; width: number; height: number; dataUrl: string }[] };
    expect(shot.displays.map((d) => [d.displayId, d.width, d.height])).toEqual([
      ['d1', 480, 270],
      ['d2', 480, 270],
    ]);
    expect(shot.displays[0].dataUrl).toMatch(/^data:image\/jpeg;base64,/);

    // Reload: every window loads its page again.
    const loads = open().map((w) => w.webContents.loads.length);
    await host.dispatcher.call('node.command', { id: added.id, command: 'reload' }, 'test');
    await waitFor(() => open().every((w, i) => w.webContents.loads.length === loads[i] + 1), 'reloads');

    // A crashed wall renderer comes back and is counted in the next heartbeat.
    w2.webContents.emit('render-process-gone', { preventDefault() {} }, { reason: 'crashed', exitCode: 1 });
    await waitFor(() => w2.webContents.loads.length === loads[1] + 2, 'the crashed window reloaded', 3000);

    // The host goes away: pages are told (banner), keep their windows; it comes back: up again.
    await host.close();
    host = null;
    await waitFor(() => sentOn(w1.webContents, IPC_STATE).at(-1)?.state === 'down', 'state down in the page');
    expect(urls()).toHaveLength(2);
    host = await startHost({ config: loadConfig({ env: {}, flags: { port: String(port), demo: false } }), dataDir, rendererDir: null });
    await waitFor(() => sentOn(w1.webContents, IPC_STATE).at(-1)?.state === 'up', 'state up again', 20_000);
    expect(await ask(electron, w1.webContents, 2, 'wall.get')).toMatchObject({ type: 'response' });
    await waitFor(async () => (await nodeInfo(added.id)).heartbeat?.rendererCrashes === 1, 'heartbeat after restart', 20_000);
    expect((await nodeInfo(added.id)).heartbeat).toMatchObject({ rttMs: expect.any(Number), pendingUpdate: '99.0.0' });

    // Revoked: the windows go, the enrollment screen comes back with the reason, the credential is gone.
    await host.dispatcher.call('nodes.revoke', { id: added.id }, 'test');
    await waitFor(() => urls().length === 1 && urls()[0].startsWith('app://ioc/enroll'), 'the enrollment screen again');
    expect(new URL(urls()[0]).searchParams.get('reason')).toBe('revoked');
    expect(readFileSync(join(userData, 'secrets.safestorage.json'), 'utf8')).not.toContain('node.enrollment');
    expect(electron.app.quit).not.toHaveBeenCalled();

    // Nothing a page received, no URL and no log line carried the credential.
    const everything = JSON.stringify([FakeBrowserWindow.all.map((w) => [w.webContents.loads, w.webContents.sent]), logged]);
    expect(everything).not.toContain(credential);
  });

  const haveOpenssl = existsSync('/usr/bin/openssl');
  it.skipIf(!haveOpenssl)('over TLS with the CA from connect.caFile; a restarted node goes straight to its windows with the stored credential', async () => {
    const ssl = (...args: string[]) => execFileSync('/usr/bin/openssl', args, { cwd: dir, stdio: 'pipe' });
    ssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=IOC test CA');
    ssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'host.key', '-out', 'host.csr', '-subj', '/CN=127.0.0.1');
    writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
    ssl('x509', '-req', '-in', 'host.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'host.pem', '-days', '1', '-extfile', 'san.ext');
    const base = loadConfig({ env: {}, flags: { port: '0', demo: false } });
    host = await startHost({
      config: { ...base, server: { ...base.server, tls: { cert: join(dir, 'host.pem'), key: join(dir, 'host.key') } } },
      dataDir: join(dir, 'host'),
      rendererDir: null,
    });
    expect(host.url).toMatch(/^https:/);
    const added = (await host.dispatcher.call('nodes.add', { role: 'kiosk', name: 'Kiosk UBND' }, 'test')) as { id: string; code: string };
    const userData = join(dir, 'userdata');

    const first = await bootNode(nodeConfig(host.url!, join(dir, 'ca.pem')), userData);
    await waitFor(() => urls()[0]?.startsWith('app://ioc/enroll'), 'the enrollment screen');
    const ok = await first.electron.ipcMain.invoke(IPC_ENROLL, open()[0].webContents, open()[0].webContents.url, added.code);
    expect(ok).toMatchObject({ ok: true, role: 'kiosk' });
    await waitFor(() => urls().join() === 'app://ioc/kiosk', 'the kiosk window');
    await waitFor(async () => (await nodeInfo(added.id)).connections === 1, 'the kiosk online over TLS');

    // Quit and start again: no enrollment screen, the kiosk at once, online again.
    first.electron.app.emit('before-quit');
    await waitFor(async () => (await nodeInfo(added.id)).connections === 0, 'the old connection closed');
    FakeBrowserWindow.reset();
    await bootNode(nodeConfig(host.url!, join(dir, 'ca.pem')), userData);
    await waitFor(() => urls().join() === 'app://ioc/kiosk', 'the kiosk window after restart');
    await waitFor(async () => (await nodeInfo(added.id)).connections === 1, 'online again');
    expect(urls().some((u) => u.includes('enroll'))).toBe(false);
  });

  it.skipIf(!haveOpenssl)('without the CA the TLS host is not trusted: enrollment fails with the reason, the screen stays', async () => {
    const ssl = (...args: string[]) => execFileSync('/usr/bin/openssl', args, { cwd: dir, stdio: 'pipe' });
    ssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'k.pem', '-out', 'c.pem', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1');
    const base = loadConfig({ env: {}, flags: { port: '0', demo: false } });
    host = await startHost({ config: { ...base, server: { ...base.server, tls: { cert: join(dir, 'c.pem'), key: join(dir, 'k.pem') } } }, dataDir: join(dir, 'host'), rendererDir: null });
    const added = (await host.dispatcher.call('nodes.add', { role: 'wall', name: 'W' }, 'test')) as { code: string };
    const { electron } = await bootNode(nodeConfig(host.url!), join(dir, 'userdata'));
    await waitFor(() => urls()[0]?.startsWith('app://ioc/enroll'), 'the enrollment screen');
    const answer = await electron.ipcMain.invoke(IPC_ENROLL, open()[0].webContents, open()[0].webContents.url, added.code);
    expect(answer).toMatchObject({ ok: false, message: expect.stringMatching(/certificate|chứng chỉ|self.signed/i) });
    expect(urls()[0]).toMatch(/^app:\/\/ioc\/enroll/);
  });
});
