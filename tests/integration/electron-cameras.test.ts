import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../host/config/load';
import type { HostConfig } from '../../host/config/schema';
import { startHost, type HostService } from '../../host/service';
import { IPC_ENROLL } from '../../electron/ipc-channels';
import { display, fakeElectronModule, FakeBrowserWindow, fakeSafeStorage } from '../unit/electron-fake';
import { CAMERA_PASSWORD, CAMERA_USER, startHlsCamera, startMjpegCamera, type TestCamera } from './support/camera-sources';
import { waitFor } from './support/room';
import { makeTestCa } from './support/test-ca';

/**
 * Camera pictures in the desktop app's windows (electron/camera-proxy.ts): electron/main.ts
 * against the fake `electron` module, a real host, and real ffmpeg test cameras on 127.0.0.1.
 * A window asks its own origin (app://ioc/cameras/…); main forwards to the host's proxy with
 * main's credential — the in-process host's token in host mode, the node credential over HTTPS
 * in node mode — and what comes back carries neither that credential nor the camera's.
 */

let dir: string;
let hls: TestCamera;
let mjpeg: TestCamera;
let host: HostService | null = null;
let booted: { electron: ReturnType<typeof fakeElectron>; hostMode: boolean } | null = null;

beforeAll(async () => {
  [hls, mjpeg] = await Promise.all([startHlsCamera(), startMjpegCamera()]);
}, 60_000);
afterAll(async () => {
  await Promise.all([hls?.close(), mjpeg?.close()]);
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-elcam-'));
  FakeBrowserWindow.reset();
  for (const level of ['log', 'warn', 'info'] as const) vi.spyOn(console, level).mockImplementation(() => undefined);
});
afterEach(async () => {
  if (booted) {
    booted.electron.app.emit('before-quit');
    booted.electron.app.emit('will-quit', { preventDefault() {} });
    // Host mode closes its host (and the camera loopback) before it exits.
    if (booted.hostMode) await waitFor(() => booted!.electron.app.exit.mock.calls.length > 0 || null, 'the app to finish quitting');
  }
  booted = null;
  await host?.close();
  host = null;
  vi.restoreAllMocks();
  vi.doUnmock('electron');
  vi.doUnmock('../../host/config/load');
  rmSync(dir, { recursive: true, force: true });
});

function fakeElectron(userData: string) {
  return fakeElectronModule({ userData, fn: vi.fn, isPackaged: false, displays: [display(1, 'Màn hình 1', 0, 0)] });
}

async function boot(config: HostConfig, userData: string) {
  const electron = fakeElectron(userData);
  vi.resetModules();
  vi.doMock('electron', () => electron);
  vi.doMock('../../host/config/load', () => ({ loadConfig: () => config, ConfigError: class extends Error {} }));
  await import('../../electron/main');
  booted = { electron, hostMode: !config.connect };
  return electron;
}

/** What a window's fetch of `path` on its own origin gets: the app:// handler's answer. */
async function fetchInWindow(electron: ReturnType<typeof fakeElectron>, path: string): Promise<Response> {
  const handler = await waitFor(() => electron.protocol.handled.get('app'), 'the app:// handler');
  return handler(new Request(`app://ioc${path}`));
}

/** A playlist, its first segment, and an MJPEG frame, all through the window's origin. */
async function expectPictures(electron: ReturnType<typeof fakeElectron>, hlsId: string, mjpegId: string, secrets: string[]) {
  // Until main's upstream is up the window gets a clear 503, then the playlist.
  const playlist = await waitFor(async () => {
    const res = await fetchInWindow(electron, `/cameras/${hlsId}/main`);
    return res.status === 200 ? res : (await res.body?.cancel(), null);
  }, 'the playlist through main', 30_000);
  expect(playlist.headers.get('content-type')).toMatch(/mpegurl/);
  expect(playlist.headers.get('content-security-policy')).toContain("media-src 'self' blob:");
  const text = await playlist.text();
  const segment = text.split('\n').find((l) => l.startsWith('/cameras/'));
  expect(segment, text).toMatch(new RegExp(`^/cameras/${hlsId}/main/p/.+\\.ts$`));
  for (const s of secrets) expect(text).not.toContain(s);
  expect(text).not.toContain('ioc_token');

  const seg = await fetchInWindow(electron, segment!);
  expect(seg.status).toBe(200);
  const bytes = new Uint8Array(await seg.arrayBuffer());
  expect(bytes.length).toBeGreaterThan(1000);
  expect(bytes[0]).toBe(0x47); // MPEG-TS sync byte: the camera's segment, streamed through

  const frame = await fetchInWindow(electron, `/cameras/${mjpegId}/main/frame?after=0`);
  expect(frame.status).toBe(200);
  expect(frame.headers.get('content-type')).toBe('image/jpeg');
  expect(Number(frame.headers.get('x-frame-seq'))).toBeGreaterThan(0);
  const jpeg = new Uint8Array(await frame.arrayBuffer());
  expect([jpeg[0], jpeg[1]]).toEqual([0xff, 0xd8]);
  for (const s of secrets) expect(Buffer.from(jpeg).toString('latin1')).not.toContain(s);

  // Only camera paths are forwarded, and a camera nobody added is the host's 404.
  expect((await fetchInWindow(electron, '/cameras/nobody/main')).status).toBe(404);
  expect((await fetchInWindow(electron, '/cameras/x/main/../../api')).status).not.toBe(200);
}

describe('camera pictures in desktop windows', () => {
  it('host mode: the in-process host proxies through main with its own token, with no LAN server', async () => {
    const file = join(dir, 'config.json');
    writeFileSync(
      file,
      JSON.stringify({
        role: 'wall', // a wall PC's host serves no LAN: the pictures must not need it
        demo: false,
        dataDir: join(dir, 'data'),
        cameras: [
          { id: 'cam-hls', name: 'Ngã tư HLS', lat: 11.5, lon: 106.9, streams: [{ role: 'main', protocol: 'hls', url: hls.urlWithCredentials }] },
          { id: 'cam-mj', name: 'Cổng MJPEG', lat: 11.5, lon: 106.9, streams: [{ role: 'main', protocol: 'mjpeg', url: mjpeg.urlWithCredentials }] },
        ],
      }),
    );
    const config = loadConfig({ file, env: {} });
    const electron = await boot(config, join(dir, 'userdata'));
    await waitFor(() => FakeBrowserWindow.getAllWindows().length > 0 || null, 'the wall window', 30_000);
    await expectPictures(electron, 'cam-hls', 'cam-mj', [CAMERA_PASSWORD, Buffer.from(`${CAMERA_USER}:${CAMERA_PASSWORD}`).toString('base64')]);
    // The windows' URLs carry no credential either.
    for (const w of FakeBrowserWindow.getAllWindows()) expect(w.webContents.url).not.toMatch(/token|ioc_token/);
  }, 60_000);

  it.skipIf(!existsSync('/usr/bin/openssl'))('node mode: the remote host over HTTPS with the node credential, which never reaches a window', async () => {
    const tls = makeTestCa(dir);
    const base = loadConfig({ env: {}, flags: { port: '0', demo: false } });
    host = await startHost({ config: { ...base, server: { ...base.server, tls: { cert: tls.cert, key: tls.key } } }, dataDir: join(dir, 'host'), rendererDir: null });
    for (const [id, cam, protocol] of [['n-hls', hls, 'hls'], ['n-mj', mjpeg, 'mjpeg']] as const) {
      await host.dispatcher.call('cameras.add', { id, name: id, lat: 11.5, lon: 106.9, streams: [{ protocol, url: cam.url, credentials: `${CAMERA_USER}:${CAMERA_PASSWORD}` }] }, 'test');
    }
    const added = (await host.dispatcher.call('nodes.add', { role: 'wall', name: 'Tường B' }, 'test')) as { id: string; code: string };
    const electron = await boot({ ...loadConfig({ env: {}, flags: { demo: false } }), connect: { url: host.url!, caFile: tls.ca } }, join(dir, 'userdata'));

    // Before enrollment main has no credential: the window is told, nothing is fetched.
    await waitFor(() => FakeBrowserWindow.getAllWindows()[0]?.webContents.url.startsWith('app://ioc/enroll') || null, 'the enrollment screen');
    expect((await fetchInWindow(electron, '/cameras/n-hls/main')).status).toBe(503);
    const enrollWin = FakeBrowserWindow.getAllWindows()[0]!;
    expect(await electron.ipcMain.invoke(IPC_ENROLL, enrollWin.webContents, enrollWin.webContents.url, added.code)).toMatchObject({ ok: true });

    await waitFor(() => FakeBrowserWindow.getAllWindows().some((w) => w.webContents.url.startsWith('app://ioc/wall')) || null, 'the wall window');
    const sealedFile = join(dir, 'userdata', 'secrets.safestorage.json');
    await waitFor(() => existsSync(sealedFile) || null, 'the sealed credential');
    const sealed = JSON.parse(readFileSync(sealedFile, 'utf8')) as Record<string, string>;
    const credential = (JSON.parse(fakeSafeStorage.decryptString(Buffer.from(sealed['node.enrollment']!, 'base64'))) as { credential: string }).credential;
    expect(credential.length).toBeGreaterThan(20);
    await expectPictures(electron, 'n-hls', 'n-mj', [CAMERA_PASSWORD, credential]);
    // Nothing a window was sent or loaded carries the node credential.
    expect(JSON.stringify(FakeBrowserWindow.all.map((w) => [w.webContents.loads, w.webContents.sent]))).not.toContain(credential);

    // A revoked node's main gets the host's refusal, not pictures.
    await host.dispatcher.call('nodes.revoke', { id: added.id }, 'test');
    await waitFor(async () => {
      const res = await fetchInWindow(electron, '/cameras/n-mj/main/frame?after=0');
      await res.body?.cancel();
      return res.status !== 200 || null;
    }, 'the refusal after revocation');
  }, 60_000);
});
