// The desktop node's memory guard (electron/memory-guard.ts): the whole app restarts when its
// processes together stay above a ceiling, only at a quiet moment, inside the maintenance window
// when one is set, not twice within minHoursBetween (across the restart), and never in a loop.
// Every clock is injected: the process's monotonic one, the OS uptime and the wall clock apart.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectHeartbeat, startHeartbeat } from '../../electron/heartbeat';
import {
  CHECK_AFTER_RESTART_MS,
  deriveCeilingMB,
  fileGuardStore,
  HISTORY_MAX,
  MemoryGuard,
  parseGuardState,
  relaunchOptions,
  sampleMemory,
  ScreenActivity,
  SETTLE_MS,
  SUSTAIN_SAMPLES,
  type GuardStore,
  type MemoryGuardSettings,
  type QuietCheck,
} from '../../electron/memory-guard';
import { IDENTIFY_MS } from '../../electron/node-commands';
import { nodeHeartbeatSchema } from '../../host/api/contract';
import { ConfigError, loadConfig } from '../../host/config/load';
import { memoryGuardConfigSchema } from '../../host/config/schema';
import { display, FakeScreen } from './electron-fake';

const SAMPLE_MS = 10_000;
const HOUR = 3_600_000;
/** 14:00 in Asia/Ho_Chi_Minh (UTC+7). */
const AFTERNOON = Date.parse('2026-12-07T07:00:00Z');
const QUIET: QuietCheck = { busy: null, idleSec: 3600 };
const DEFAULTS: MemoryGuardSettings = memoryGuardConfigSchema.parse({});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-memguard-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A state file kept in memory; `failWrites` makes it unwritable. */
function memoryStore(text: string | null = null) {
  const s = {
    text,
    writes: 0,
    failWrites: false,
    read: () => s.text,
    write(t: string) {
      if (s.failWrites) throw new Error('EROFS: read-only file system');
      s.writes += 1;
      s.text = t;
    },
  };
  return s;
}

/**
 * One machine: its clocks run on through app restarts (`relaunch` makes a new guard on the same
 * store, with the process's monotonic clock back at zero and the OS uptime going on).
 */
function machine(settings: Partial<MemoryGuardSettings> = {}, store: GuardStore = memoryStore()) {
  const m = {
    mono: 0,
    bootSec: 50_000,
    wall: AFTERNOON,
    restarts: [] as string[],
    logs: [] as string[],
    guard: null as unknown as MemoryGuard,
    store,
    start() {
      m.mono = 0;
      m.guard = new MemoryGuard({
        settings: { ...DEFAULTS, ...settings },
        store,
        clocks: { mono: () => m.mono, bootSec: () => m.bootSec, wall: () => m.wall },
        restart: (reason) => m.restarts.push(reason),
        log: (l) => m.logs.push(l),
      });
      return m;
    },
    /** Time passes on every clock alike. */
    advance(ms: number) {
      m.mono += ms;
      m.bootSec += ms / 1000;
      m.wall += ms;
    },
    /** `n` heartbeat samples of `totalMB`, 10 s apart. */
    feed(totalMB: number, n: number, quiet: QuietCheck = QUIET) {
      for (let i = 0; i < n; i += 1) {
        m.advance(SAMPLE_MS);
        m.guard.observe({ totalMB, byTypeMB: { GPU: Math.round(totalMB / 3), Tab: Math.round((totalMB * 2) / 3) } }, quiet);
      }
      return m;
    },
    /** Feeds until the derived ceiling is set (15 min after start). */
    settle(totalMB: number) {
      return m.feed(totalMB, SETTLE_MS / SAMPLE_MS);
    },
  };
  return m.start();
}

describe('samples and the derived ceiling', () => {
  it('sums every process working set (KiB) in MB, by process type too', () => {
    expect(
      sampleMemory([
        { type: 'Browser', memory: { workingSetSize: 100 * 1024 } },
        { type: 'GPU', memory: { workingSetSize: 300 * 1024 } },
        { type: 'Tab', memory: { workingSetSize: 200 * 1024 } },
        { type: 'Tab', memory: { workingSetSize: 250 * 1024 + 512 } },
        { type: 'Utility' },
        { memory: { workingSetSize: -5 } },
      ]),
    ).toEqual({ totalMB: 850.5, byTypeMB: { Browser: 100, GPU: 300, Tab: 450.5 } });
  });

  it('is half as much again as the settled level, and at least 512 MB more', () => {
    expect(deriveCeilingMB(600)).toBe(1112);
    expect(deriveCeilingMB(1024)).toBe(1536);
    expect(deriveCeilingMB(2000)).toBe(3000);
  });

  it('has no ceiling for 15 minutes after start (whatever the level), then one from that level', () => {
    const m = machine();
    m.feed(5000, SETTLE_MS / SAMPLE_MS - 1);
    expect(m.restarts).toEqual([]);
    expect(m.guard.report()).toMatchObject({ enabled: true, state: 'settling', ceilingMB: null, ceilingFrom: null });
    m.feed(1000, 1);
    expect(m.guard.report()).toMatchObject({ state: 'watching', ceilingMB: 1512, ceilingFrom: 'derived' });
  });
});

describe('when it restarts', () => {
  it('does not act on a spike shorter than the sustained count', () => {
    const m = machine().settle(1000);
    m.feed(2000, SUSTAIN_SAMPLES - 1);
    expect(m.guard.report().state).toBe('above');
    m.feed(1000, 1).feed(2000, SUSTAIN_SAMPLES - 1).feed(1000, 1);
    expect(m.restarts).toEqual([]);
    expect(m.guard.report().state).toBe('watching');
  });

  it('restarts once, after growth stays above the ceiling, saying why', () => {
    const m = machine().settle(1000);
    m.feed(1400, 100).feed(1600, SUSTAIN_SAMPLES);
    const at = { wall: m.wall, bootSec: m.bootSec };
    expect(m.restarts).toEqual([`1600 MB above the ceiling 1512 MB for ${SUSTAIN_SAMPLES} samples (GPU 533 MB)`]);
    // The app is on its way out: no second restart from the samples still coming.
    m.feed(1600, 10);
    expect(m.restarts).toHaveLength(1);
    const stored = parseGuardState((m.store as ReturnType<typeof memoryStore>).text).state;
    expect(stored.checkPending).toBe(true);
    expect(stored.restarts).toEqual([
      { at: new Date(at.wall).toISOString(), bootSec: at.bootSec, totalMB: 1600, ceilingMB: 1512, topType: { type: 'Tab', mb: 1067 } },
    ]);
    // The sentence is the node's log line; the next start reports the restart in figures (the console words them).
    expect(m.logs).toContain(`[memory-guard] restarting the app: ${m.restarts[0]}`);
    m.start();
    expect(m.guard.report()).toMatchObject({
      lastRestart: { at: new Date(at.wall).toISOString(), memoryMB: 1600, ceilingMB: 1512, topType: { type: 'Tab', mb: 1067 } },
      raised: null,
      stateFileError: false,
      window: null,
    });
  });

  it('uses a configured ceiling from the start', () => {
    const m = machine({ ceilingMB: 1200 });
    expect(m.guard.report()).toMatchObject({ ceilingMB: 1200, ceilingFrom: 'config' });
    m.feed(1300, SUSTAIN_SAMPLES);
    expect(m.restarts).toHaveLength(1);
  });

  it('waits for a quiet moment: no alert takeover or identify on screen, nobody at the keyboard', () => {
    const m = machine({ ceilingMB: 1200, idleMinutes: 10 });
    m.feed(1300, SUSTAIN_SAMPLES + 5, { busy: 'an alert takeover is on the wall', idleSec: 3600 });
    expect(m.restarts).toEqual([]);
    expect(m.guard.report()).toMatchObject({ state: 'waiting', waitingFor: 'busy' });
    m.feed(1300, 30, { busy: null, idleSec: 120 });
    expect(m.restarts).toEqual([]);
    expect(m.guard.report()).toMatchObject({ state: 'waiting', waitingFor: 'busy' });
    m.feed(1300, 1, { busy: null, idleSec: 600 });
    expect(m.restarts).toHaveLength(1);
  });

  it('restarts only inside the maintenance window, on the configured zone clock', () => {
    const m = machine({ ceilingMB: 1200, window: '02:00-05:00', timeZone: 'Asia/Ho_Chi_Minh' });
    // 14:00 local: above for hours, waiting.
    m.feed(1300, SUSTAIN_SAMPLES + 10);
    // The window itself is reported, so the console can say which hours it waits for.
    expect(m.guard.report()).toMatchObject({ state: 'waiting', waitingFor: 'window', window: { from: '02:00', to: '05:00', timeZone: 'Asia/Ho_Chi_Minh' } });
    // Until 01:59 local (11 h 59 min on): still waiting.
    m.feed(1300, (11 * HOUR + 59 * 60_000 - (SUSTAIN_SAMPLES + 10) * SAMPLE_MS) / SAMPLE_MS);
    expect(new Date(m.wall).toISOString()).toBe('2026-12-07T18:59:00.000Z');
    expect(m.restarts).toEqual([]);
    // 02:00 local: the first sample inside the window.
    m.feed(1300, 6);
    expect(m.restarts).toHaveLength(1);
    expect(new Date(m.wall).toISOString()).toBe('2026-12-07T19:00:00.000Z');
  });

  it('never restarts when disabled, and says so', () => {
    const m = machine({ enabled: false, ceilingMB: 1200 });
    m.feed(5000, 200);
    expect(m.restarts).toEqual([]);
    expect(m.guard.report()).toMatchObject({ enabled: false, state: 'off', ceilingMB: 1200, ceilingFrom: null });
  });
});

describe('across the restart', () => {
  it('not twice within minHoursBetween, counted on the OS uptime that outlives the app', () => {
    const m = machine({ ceilingMB: 1200, minHoursBetween: 20 });
    m.feed(1300, SUSTAIN_SAMPLES);
    expect(m.restarts).toHaveLength(1);
    m.start();
    // Fine for the first hour (the restart worked), then growing again fast.
    m.feed(800, CHECK_AFTER_RESTART_MS / SAMPLE_MS).feed(1300, SUSTAIN_SAMPLES);
    expect(m.restarts).toHaveLength(1);
    expect(m.guard.report()).toMatchObject({ state: 'waiting', waitingFor: 'interval', lastRestart: { memoryMB: 1300, ceilingMB: 1200 } });
    // 20 hours after the last restart, not before.
    m.feed(1300, (19 * HOUR - SUSTAIN_SAMPLES * SAMPLE_MS) / SAMPLE_MS - 1);
    expect(m.restarts).toHaveLength(1);
    m.feed(1300, 2);
    expect(m.restarts).toHaveLength(2);
  });

  it('does not loop on a machine whose baseline is above the ceiling: the ceiling is raised and reported', () => {
    const m = machine({ ceilingMB: 1200, minHoursBetween: 1 });
    m.feed(1300, SUSTAIN_SAMPLES);
    expect(m.restarts).toHaveLength(1);
    m.start();
    // Back at 1 250 MB right after the restart: over the ceiling that caused it.
    m.feed(1250, SUSTAIN_SAMPLES);
    expect(m.restarts).toHaveLength(1);
    const raised = deriveCeilingMB(1250);
    expect(m.guard.report()).toMatchObject({
      state: 'watching',
      ceilingMB: raised,
      ceilingFrom: 'raised',
      // 3 min (SUSTAIN_SAMPLES samples) after a restart at 1 200 MB, still 1 250 MB.
      raised: { ceilingMB: raised, afterMinutes: 3, memoryMB: 1250, fromCeilingMB: 1200 },
    });
    expect(m.logs).toContain(`[memory-guard] still 1250 MB 3 min after a restart at 1200 MB: ceiling raised to ${raised} MB`);
    // Days at that level, restarted by hand or not: no guard restart.
    m.feed(1250, (48 * HOUR) / SAMPLE_MS);
    m.start().feed(1250, (48 * HOUR) / SAMPLE_MS);
    expect(m.restarts).toHaveLength(1);
    expect(m.guard.report()).toMatchObject({ ceilingMB: raised, ceilingFrom: 'raised' });
    // Real growth above the raised ceiling is still acted on.
    m.feed(raised + 100, SUSTAIN_SAMPLES);
    expect(m.restarts).toHaveLength(2);
  });

  it('judges a derived ceiling the same way: the restart is checked against the ceiling that caused it', () => {
    const m = machine({ minHoursBetween: 1 }).settle(1000);
    m.feed(1600, SUSTAIN_SAMPLES);
    expect(m.restarts).toHaveLength(1);
    m.start();
    // Still over 1 512 MB during the new start's settling: no restart, a raised ceiling instead.
    m.feed(1550, SUSTAIN_SAMPLES);
    expect(m.restarts).toHaveLength(1);
    expect(m.guard.report().raised).toMatchObject({ fromCeilingMB: 1512, memoryMB: 1550 });
  });

  it('a restart that brought memory down is settled after its first hour', () => {
    const store = memoryStore();
    const m = machine({ ceilingMB: 1200 }, store);
    m.feed(1300, SUSTAIN_SAMPLES);
    m.start().feed(700, CHECK_AFTER_RESTART_MS / SAMPLE_MS + 1);
    expect(parseGuardState(store.text).state).toMatchObject({ checkPending: false, raised: null });
    expect(m.guard.report()).toMatchObject({ ceilingMB: 1200, ceilingFrom: 'config', raised: null });
  });

  it('drops a raised ceiling when the configured ceiling changes', () => {
    const store = memoryStore();
    const m = machine({ ceilingMB: 1200, minHoursBetween: 1 }, store);
    m.feed(1300, SUSTAIN_SAMPLES);
    m.start().feed(1250, SUSTAIN_SAMPLES);
    expect(m.guard.report().ceilingFrom).toBe('raised');
    const other = machine({ ceilingMB: 4000 }, store);
    expect(other.guard.report()).toMatchObject({ ceilingMB: 4000, ceilingFrom: 'config', raised: null });
  });
});

describe('the state file', () => {
  it('keeps at most the last restarts, and stays small', () => {
    const file = join(dir, 'memory-guard.json');
    const m = machine({ ceilingMB: 1200, minHoursBetween: 1 }, fileGuardStore(file));
    for (let i = 0; i < 40; i += 1) {
      m.feed(1300, SUSTAIN_SAMPLES);
      m.start().feed(600, (2 * HOUR) / SAMPLE_MS);
    }
    expect(m.restarts).toHaveLength(40);
    const state = parseGuardState(readFileSync(file, 'utf8')).state;
    expect(state.restarts).toHaveLength(HISTORY_MAX);
    expect(state.restarts.at(-1)).toMatchObject({ totalMB: 1300, ceilingMB: 1200, topType: { type: 'Tab', mb: 867 } });
    // Figures only: the sentences are the node's log lines.
    expect(readFileSync(file, 'utf8')).not.toMatch(/above|still|raised to/);
    expect(statSync(file).size).toBeLessThan(4096);
  });

  it.each([
    ['not JSON', '{"v":1,"restarts":[{"at":'],
    ['another shape', '{"v":2,"whatever":true}'],
    ['JSON null', 'null'],
    ['empty', ''],
    ['a raise without its figures', JSON.stringify({ v: 1, restarts: [], checkPending: false, raised: { ceilingMB: 1762, configuredMB: 1200, at: '2026-12-07T06:03:00.000Z', note: 'raised' } })],
  ])('starts afresh from a damaged file (%s), and says so', (_name, text) => {
    const file = join(dir, 'memory-guard.json');
    writeFileSync(file, text);
    const m = machine({ ceilingMB: 1200 }, fileGuardStore(file));
    expect(m.logs.join('\n')).toContain('state file ignored');
    m.feed(1300, SUSTAIN_SAMPLES);
    expect(m.restarts).toHaveLength(1);
    expect(parseGuardState(readFileSync(file, 'utf8')).problem).toBeNull();
  });

  it('refuses to read a huge file or a folder in its place', () => {
    const huge = join(dir, 'huge.json');
    writeFileSync(huge, JSON.stringify({ v: 1, restarts: [], checkPending: false, raised: null, pad: 'x'.repeat(200_000) }));
    expect(machine({}, fileGuardStore(huge)).logs.join('\n')).toMatch(/state file ignored \(.*larger than/);
    const folder = join(dir, 'folder.json');
    mkdirSync(folder);
    expect(machine({}, fileGuardStore(folder)).logs.join('\n')).toMatch(/state file ignored \(.*a folder/);
  });

  it('keeps the good entries of a history with a damaged one, so the last restart still counts', () => {
    const good = { at: '2026-12-07T06:00:00.000Z', bootSec: 49_000, totalMB: 1300, ceilingMB: 1200, topType: null };
    const store = memoryStore(JSON.stringify({ v: 1, restarts: [{ at: 5 }, good], checkPending: false, raised: null }));
    const m = machine({ ceilingMB: 1200, minHoursBetween: 20 }, store);
    m.feed(1300, SUSTAIN_SAMPLES);
    expect(m.restarts).toEqual([]);
    expect(m.guard.report()).toMatchObject({ waitingFor: 'interval', lastRestart: { at: good.at, memoryMB: 1300, ceilingMB: 1200, topType: null } });
  });

  it('drops a restart entry without its figures (no process type) as damaged', () => {
    const noType = { at: '2026-12-07T06:00:00.000Z', bootSec: 49_000, reason: '1300 MB above the ceiling 1200 MB for 18 samples', totalMB: 1300, ceilingMB: 1200 };
    const store = memoryStore(JSON.stringify({ v: 1, restarts: [noType], checkPending: false, raised: null }));
    const m = machine({ ceilingMB: 1200, minHoursBetween: 20 }, store);
    expect(m.guard.report().lastRestart).toBeNull();
    m.feed(1300, SUSTAIN_SAMPLES);
    expect(m.restarts).toHaveLength(1);
  });

  it('does not restart when its state cannot be written (nothing would stop a loop)', () => {
    const store = memoryStore();
    store.failWrites = true;
    const m = machine({ ceilingMB: 1200 }, store);
    m.feed(1300, SUSTAIN_SAMPLES + 10);
    expect(m.restarts).toEqual([]);
    expect(m.guard.report()).toMatchObject({ state: 'waiting', waitingFor: null, stateFileError: true });
    expect(m.logs.filter((l) => l.includes('state not written'))).toHaveLength(1);
    store.failWrites = false;
    m.feed(1300, 1);
    expect(m.restarts).toHaveLength(1);
  });

  it('reports a raised ceiling and an unwritable state file side by side, and the error no longer once a write succeeds', () => {
    const store = memoryStore();
    const m = machine({ ceilingMB: 1200, minHoursBetween: 1 }, store);
    m.feed(1300, SUSTAIN_SAMPLES);
    m.start().feed(1250, SUSTAIN_SAMPLES);
    const raised = m.guard.report().raised;
    expect(raised).toMatchObject({ fromCeilingMB: 1200 });
    store.failWrites = true;
    m.feed(deriveCeilingMB(1250) + 100, 2 * HOUR / SAMPLE_MS);
    expect(m.restarts).toHaveLength(1);
    expect(m.guard.report()).toMatchObject({ state: 'waiting', stateFileError: true, raised });
    store.failWrites = false;
    m.feed(deriveCeilingMB(1250) + 100, 1);
    expect(m.restarts).toHaveLength(2);
    expect(m.guard.report()).toMatchObject({ stateFileError: false, raised });
  });
});

describe('clock steps', () => {
  it('a wall clock stepped forward a day right after a restart does not allow the next one early', () => {
    const m = machine({ ceilingMB: 1200, minHoursBetween: 20 });
    m.feed(1300, SUSTAIN_SAMPLES);
    m.start().feed(800, CHECK_AFTER_RESTART_MS / SAMPLE_MS);
    m.wall += 30 * HOUR; // NTP, an operator
    m.feed(1300, SUSTAIN_SAMPLES + 10);
    expect(m.restarts).toHaveLength(1);
    expect(m.guard.report().waitingFor).toBe('interval');
  });

  it('a wall clock stepped back does not hold the next restart for the step', () => {
    const m = machine({ ceilingMB: 1200, minHoursBetween: 20 });
    m.feed(1300, SUSTAIN_SAMPLES);
    m.start().feed(800, CHECK_AFTER_RESTART_MS / SAMPLE_MS);
    m.wall -= 5 * 24 * HOUR;
    m.feed(800, (20 * HOUR) / SAMPLE_MS).feed(1300, SUSTAIN_SAMPLES);
    expect(m.restarts).toHaveLength(2);
  });

  it('a wall clock step does not derive the ceiling before 15 minutes of running', () => {
    const m = machine();
    m.wall += 2 * HOUR;
    m.feed(900, 10);
    expect(m.guard.report().ceilingMB).toBeNull();
  });

  it('a reboot since the last restart (OS uptime lower than recorded) counts the uptime, even once it passes the recorded one', () => {
    const m = machine({ ceilingMB: 1200, minHoursBetween: 20 });
    m.feed(1300, SUSTAIN_SAMPLES);
    expect(m.bootSec).toBeGreaterThan(13 * 3600);
    m.bootSec = 60; // rebooted
    m.start().feed(800, CHECK_AFTER_RESTART_MS / SAMPLE_MS).feed(1300, SUSTAIN_SAMPLES);
    expect(m.guard.report().waitingFor).toBe('interval');
    // 20 h of uptime: the uptime is then above the one recorded at the restart, which must not
    // read as "5.5 h since".
    m.feed(1300, (19 * HOUR) / SAMPLE_MS);
    expect(m.bootSec).toBeGreaterThan(20 * 3600);
    expect(m.restarts).toHaveLength(2);
  });
});

describe('the relaunch', () => {
  it('starts the AppImage file itself (its mount is gone once this process exits), with the same arguments', () => {
    const argv = ['/tmp/.mount_IOCWalXYZ/ioc-wall', '--config=/etc/ioc-wall/node.json', '--data-dir=/var/lib/ioc-wall'];
    expect(relaunchOptions({ isPackaged: true, env: { APPIMAGE: '/opt/IOC-Wall.AppImage' }, argv })).toEqual({
      execPath: '/opt/IOC-Wall.AppImage',
      args: ['--appimage-extract-and-run', '--config=/etc/ioc-wall/node.json', '--data-dir=/var/lib/ioc-wall'],
    });
    // Already extracted-and-run once: the flag is not doubled.
    expect(relaunchOptions({ isPackaged: true, env: { APPIMAGE: '/a.AppImage' }, argv: ['/tmp/x/ioc-wall', '--appimage-extract-and-run'] })!.args).toEqual(['--appimage-extract-and-run']);
  });

  it('leaves the default relaunch to .deb, Windows, macOS and an unpackaged run', () => {
    expect(relaunchOptions({ isPackaged: true, env: {}, argv: ['/opt/IOC Wall/ioc-wall'] })).toBeUndefined();
    expect(relaunchOptions({ isPackaged: false, env: { APPIMAGE: '/a.AppImage' }, argv: ['electron', '.'] })).toBeUndefined();
  });
});

describe('what the screens show', () => {
  it('an alert takeover until the layout is on for another reason; identify for its 10 s', () => {
    let t = 1000;
    const s = new ScreenActivity(() => t);
    expect(s.busy()).toBeNull();
    s.layout({ resolution: { reason: 'alert' } });
    expect(s.busy()).toBe('an alert takeover is on the wall');
    s.layout({ resolution: { reason: 'schedule' } });
    expect(s.busy()).toBeNull();
    s.identify(IDENTIFY_MS);
    expect(s.busy()).toBe('identify is on screen');
    t += IDENTIFY_MS;
    expect(s.busy()).toBeNull();
  });
});

describe('in the heartbeat', () => {
  const windows = { list: () => [], lastPaintAt: () => null, watchdog: { crashes: 0 } };
  const metrics = [
    { type: 'Browser', memory: { workingSetSize: 100 * 1024 } },
    { type: 'GPU', memory: { workingSetSize: 700 * 1024 } },
  ];

  it('the guard is fed every interval, connected or not, and its state goes into the beat the host accepts', async () => {
    const m = machine({ ceilingMB: 1200 });
    let state = 'down';
    const sent: unknown[] = [];
    const client = {
      get state() {
        return state;
      },
      call: (_method: string, params: unknown) => {
        sent.push(params);
        return Promise.resolve({ at: 'x' });
      },
    };
    const observed: number[] = [];
    let tick = () => {};
    const src = {
      version: '1.2.3',
      screen: new FakeScreen([display(1, 'A', 0, 0)]) as never,
      app: { getAppMetrics: () => metrics as never },
      windows,
      memoryGuard: {
        observe: (s: { totalMB: number; byTypeMB: Record<string, number> }) => {
          observed.push(s.totalMB);
          m.guard.observe(s, QUIET);
        },
        report: () => m.guard.report(),
      },
    };
    const hb = startHeartbeat(client as never, src, { setInterval: (fn) => ((tick = fn), 1), clearInterval: () => {}, log: () => {} });
    tick();
    tick();
    expect(observed).toEqual([800, 800]);
    expect(sent).toEqual([]);
    state = 'up';
    // A beat on reconnection is sent but is not a sample of the guard's regular pace.
    await hb.beat();
    expect(observed).toHaveLength(2);
    tick();
    await Promise.resolve();
    expect(observed).toHaveLength(3);
    const beat = sent.at(-1) as Record<string, unknown>;
    expect(beat).toMatchObject({
      memoryMB: 800,
      memoryGuard: {
        enabled: true,
        ceilingMB: 1200,
        ceilingFrom: 'config',
        state: 'watching',
        byType: [
          { type: 'GPU', mb: 700 },
          { type: 'Browser', mb: 100 },
        ],
        window: null,
        lastRestart: null,
        raised: null,
        stateFileError: false,
      },
    });
    // The host keeps every field the node sends.
    expect(nodeHeartbeatSchema.parse(beat).memoryGuard).toEqual(beat.memoryGuard);
    hb.stop();
  });

  it("the host keeps a restarted, raised guard's figures and its window", () => {
    const m = machine({ ceilingMB: 1200, minHoursBetween: 1, window: '13:00-15:00' });
    m.feed(1300, SUSTAIN_SAMPLES);
    m.start().feed(1250, SUSTAIN_SAMPLES);
    const report = m.guard.report();
    expect(report.lastRestart).not.toBeNull();
    expect(report.raised).not.toBeNull();
    const beat = { ...collectHeartbeat({ version: '1.0.0', screen: new FakeScreen([display(1, 'A', 0, 0)]) as never, app: { getAppMetrics: () => metrics as never }, windows }, null), memoryGuard: report };
    expect(nodeHeartbeatSchema.parse(beat).memoryGuard).toEqual(report);
  });

  it('a guard report without its figures is refused', () => {
    const beat = collectHeartbeat({ version: '1.0.0', screen: new FakeScreen([display(1, 'A', 0, 0)]) as never, app: { getAppMetrics: () => metrics as never }, windows }, null);
    const { lastRestart: _, ...noRestart } = machine().guard.report();
    expect(nodeHeartbeatSchema.safeParse({ ...beat, memoryGuard: noRestart }).success).toBe(false);
    const sentences = { ...machine().guard.report(), lastRestart: null, note: 'x'.repeat(1000) };
    // Keys the contract does not know are dropped, not kept.
    expect(nodeHeartbeatSchema.parse({ ...beat, memoryGuard: sentences }).memoryGuard).not.toHaveProperty('note');
  });

  it('a window that is not a time of day is refused', () => {
    const beat = collectHeartbeat({ version: '1.0.0', screen: new FakeScreen([display(1, 'A', 0, 0)]) as never, app: { getAppMetrics: () => metrics as never }, windows }, null);
    const memoryGuard = { ...machine().guard.report(), window: { from: '2:00', to: '<b>', timeZone: 'Asia/Ho_Chi_Minh' } };
    expect(nodeHeartbeatSchema.safeParse({ ...beat, memoryGuard }).success).toBe(false);
  });

  it('a beat from a node without the guard (older, or a browser) is still accepted', () => {
    const beat = collectHeartbeat({ version: '1.0.0', screen: new FakeScreen([display(1, 'A', 0, 0)]) as never, app: { getAppMetrics: () => metrics as never }, windows }, null);
    expect(beat).not.toHaveProperty('memoryGuard');
    expect(nodeHeartbeatSchema.parse(beat).memoryGuard).toBeUndefined();
  });
});

describe('configuration', () => {
  it('defaults: on, a derived ceiling, any quiet moment, at most one restart per 20 h', () => {
    expect(memoryGuardConfigSchema.parse({})).toEqual({ enabled: true, timeZone: 'Asia/Ho_Chi_Minh', minHoursBetween: 20, idleMinutes: 10 });
    expect(loadConfig({ env: {} }).memoryGuard).toBeUndefined();
  });

  it('takes a ceiling and a window, and refuses a malformed one by path', () => {
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ memoryGuard: { ceilingMB: 3072, window: '02:00-05:00' } }));
    expect(loadConfig({ file, env: {} }).memoryGuard).toMatchObject({ ceilingMB: 3072, window: '02:00-05:00', enabled: true });
    writeFileSync(file, JSON.stringify({ memoryGuard: { ceilingMB: 100, window: '2:00-25:00', windw: 1 } }));
    let problems: string[] = [];
    try {
      loadConfig({ file, env: {} });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      problems = (err as ConfigError).problems;
    }
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['memoryGuard.ceilingMB', 'memoryGuard.window', 'memoryGuard.windw']);
  });
});

describe('a node enrolled long after the app started', () => {
  it('derives its ceiling 15 minutes after its windows began (its first sample), not from the app start before enrollment', () => {
    // The enrollment window waited 40 min for its code: no heartbeat, no sample meanwhile.
    const m = machine();
    m.advance(40 * 60_000);
    // The wall's windows just opened: their first sample is far below the level they settle at.
    m.feed(300, 1);
    expect(m.guard.report()).toMatchObject({ state: 'settling', ceilingMB: null });
    m.feed(1500, SETTLE_MS / SAMPLE_MS + SUSTAIN_SAMPLES);
    expect(m.restarts).toEqual([]);
    expect(m.guard.report()).toMatchObject({ state: 'watching', ceilingMB: deriveCeilingMB(1500), ceilingFrom: 'derived' });
  });
});
