import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BrowserWindow } from 'electron';
import type { ConnState } from '../../host/api/client/transport';
import { collectHeartbeat, startHeartbeat, type HeartbeatSource } from '../../electron/heartbeat';
import { captureDisplays, THUMB_MAX_WIDTH } from '../../electron/node-commands';
import { NodeCredentialStore, nodeSecrets, type Enrollment } from '../../electron/node-credential';
import { SafeStorageSecretStore } from '../../electron/secrets';
import { FileSecretStore } from '../../host/sync/file-secrets';
import type { Managed, WindowPlan } from '../../electron/windows';
import { display, FakeBrowserWindow, FakeScreen, fakeSafeStorage } from './electron-fake';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-node-parts-'));
  FakeBrowserWindow.reset();
  fakeSafeStorage.available = true;
  fakeSafeStorage.backend = 'gnome_libsecret';
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function managed(key: string, kind: WindowPlan['kind'], displayId: string | null, page: { width: number; height: number } | null = { width: 1920, height: 1080 }): Managed {
  const win = new FakeBrowserWindow({});
  win.webContents.pageSize = page;
  return {
    win: win as unknown as BrowserWindow,
    plan: { key, kind, displayId, osDisplayId: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, url: `app://ioc/${kind}` },
    paintedAt: null,
  };
}

describe('heartbeat', () => {
  const source = (wins: Managed[]): HeartbeatSource => ({
    version: '1.2.3',
    screen: new FakeScreen([display(7, 'LG 4K', 0, 0, 1920, 1080)]) as never,
    app: { getAppMetrics: () => [{ memory: { workingSetSize: 300 * 1024 } }] as never },
    windows: { list: () => wins, lastPaintAt: () => '2026-12-01T08:00:00.000Z', watchdog: { crashes: 3 } },
    pendingUpdate: () => '1.3.0',
    uptimeSec: () => 3600.4,
  });

  it('reports displays in panel pixels (scale factor), the wall displays shown, memory of every process, crashes and the pending update', () => {
    const src = source([managed('wall:d2', 'wall', 'd2'), managed('wall:d1', 'wall', 'd1'), managed('console', 'console', null)]);
    const scaled = { getAllDisplays: () => [{ id: 7, label: 'LG 4K', bounds: { x: 0, y: 0, width: 1920, height: 1080 }, scaleFactor: 2 }] };
    expect(collectHeartbeat({ ...src, screen: scaled as never }, 12.5)).toEqual({
      version: '1.2.3',
      kind: 'desktop',
      displays: [{ id: '7', label: 'LG 4K', width: 3840, height: 2160 }],
      showing: ['d1', 'd2'],
      uptimeSec: 3600,
      memoryMB: 300,
      rendererCrashes: 3,
      lastPaintAt: '2026-12-01T08:00:00.000Z',
      rttMs: 12.5,
      pendingUpdate: '1.3.0',
      // This PC's own clock, for the host to compare with its own.
      clockAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/) as unknown as string,
    });
  });

  it('beats every interval while up, one at a time, none while down; reports the round trip of the previous beat', async () => {
    let state: ConnState = 'up';
    const calls: { params: { rttMs: number | null }; answer(): void }[] = [];
    const client = {
      get state() {
        return state;
      },
      call: (_m: string, params: { rttMs: number | null }) => new Promise<never>((resolve) => calls.push({ params, answer: () => resolve({ at: 'x' } as never) })),
    };
    let tick: () => void = () => {};
    let t = 0;
    const hb = startHeartbeat(client as never, source([]), {
      now: () => t,
      setInterval: (fn) => ((tick = fn), 1),
      clearInterval: () => {},
      log: () => {},
    });
    tick();
    tick(); // the first is still unanswered: no second
    expect(calls).toHaveLength(1);
    expect(calls[0].params.rttMs).toBeNull();
    t = 42;
    calls[0].answer();
    await new Promise((r) => setImmediate(r));
    expect(hb.rttMs).toBe(42);
    state = 'down';
    tick();
    expect(calls).toHaveLength(1);
    state = 'up';
    tick();
    expect(calls[1].params.rttMs).toBe(42);
    hb.stop();
    calls[1].answer();
    await new Promise((r) => setImmediate(r));
    tick();
    expect(calls).toHaveLength(2);
  });
});

describe('screenshots', () => {
  it('at most 480 px wide, aspect kept, JPEG; a small page is not enlarged', async () => {
    const shots = await captureDisplays([managed('wall:d1', 'wall', 'd1'), managed('kiosk', 'kiosk', null, { width: 400, height: 300 })]);
    expect(shots.map((s) => [s.displayId, s.width, s.height])).toEqual([
      ['d1', THUMB_MAX_WIDTH, 270],
      ['kiosk', 400, 300],
    ]);
    for (const s of shots) expect(s.dataUrl).toMatch(/^data:image\/jpeg;base64,[A-Za-z0-9+/]+=*$/);
  });

  it('six 4K displays still fit one reply: the quality goes down, not the count', async () => {
    const wins = Array.from({ length: 6 }, (_, i) => managed(`wall:d${i + 1}`, 'wall', `d${i + 1}`, { width: 3840, height: 2160 }));
    const shots = await captureDisplays(wins);
    expect(shots).toHaveLength(6);
    expect(shots.reduce((n, s) => n + s.dataUrl.length, 0)).toBeLessThanOrEqual(900_000);
  });

  it('a page that cannot be captured fails the whole answer with its reason', async () => {
    await expect(captureDisplays([managed('wall:d1', 'wall', 'd1', null)])).rejects.toThrow(/renderer gone/);
  });
});

describe('node credential store', () => {
  const e: Enrollment = { nodeId: 'n1', role: 'wall', name: 'Tường A', credential: 'secret-credential-value-123456', url: 'https://10.0.0.5:8080' };

  it('sealed with the OS keychain; only for the host it was made with', () => {
    const keychain = new SafeStorageSecretStore(fakeSafeStorage, join(dir, 'secrets.safestorage.json'));
    const store = new NodeCredentialStore(nodeSecrets(keychain, join(dir, 'node-credential.json'), () => {}));
    store.save(e);
    expect(readFileSync(join(dir, 'secrets.safestorage.json'), 'utf8')).not.toContain(e.credential);
    expect(store.load('https://10.0.0.5:8080/', () => {})).toEqual(e);
    const logs: string[] = [];
    expect(store.load('https://10.0.0.9:8080', (l) => logs.push(l))).toBeNull();
    expect(logs.join()).toMatch(/enroll with the new host/);
    expect(logs.join()).not.toContain(e.credential);
    store.clear();
    expect(store.load(e.url, () => {})).toBeNull();
  });

  it('without a keyring: an owner-only file, said once in the log', () => {
    fakeSafeStorage.backend = 'basic_text';
    const logs: string[] = [];
    const keychain = new SafeStorageSecretStore(fakeSafeStorage, join(dir, 'secrets.safestorage.json'));
    const store = new NodeCredentialStore(nodeSecrets(keychain, join(dir, 'node-credential.json'), (l) => logs.push(l)));
    store.save(e);
    expect(statSync(join(dir, 'node-credential.json')).mode & 0o777).toBe(0o600);
    expect(store.load(e.url, () => {})).toEqual(e);
    expect(logs).toHaveLength(1);
  });

  it('an enrollment made by `ioc-wall enroll` in the data folder is taken over into the keychain and removed from the file', () => {
    const file = join(dir, 'node-credential.json');
    new FileSecretStore(file).set('node.enrollment', JSON.stringify(e));
    const keychain = new SafeStorageSecretStore(fakeSafeStorage, join(dir, 'secrets.safestorage.json'));
    const logs: string[] = [];
    const store = new NodeCredentialStore(nodeSecrets(keychain, file, () => {}), new FileSecretStore(file));
    expect(store.load(e.url, (l) => logs.push(l))).toEqual(e);
    expect(readFileSync(file, 'utf8')).not.toContain(e.credential);
    expect(readFileSync(join(dir, 'secrets.safestorage.json'), 'utf8')).not.toContain(e.credential);
    expect(new NodeCredentialStore(keychain).load(e.url, () => {})).toEqual(e);
    expect(logs.join()).toMatch(/took over/);
  });

  it('a damaged or foreign value is no enrollment (the screen asks for a code), never a crash', () => {
    const values = new Map<string, string>([['node.enrollment', '{"nodeId": 1']]);
    const store = new NodeCredentialStore({ get: (k) => values.get(k) ?? null, set: () => {} });
    expect(store.load(e.url, () => {})).toBeNull();
    values.set('node.enrollment', JSON.stringify({ ...e, role: 'admin' }));
    expect(store.load(e.url, () => {})).toBeNull();
  });
});
