// A desktop node whose PC clock is off: its main process knows only its own clock, so its
// heartbeat's lastPaintAt is by that clock, and the host, which compares it with its own now in
// the console ("lần vẽ cuối … trước"), must place it on the host's clock by the beat's clockAt.
// The shell runs on the electron-fake; the host's room on a real database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectHeartbeat } from '../../electron/heartbeat';
import { Watchdog } from '../../electron/watchdog';
import { WindowManager, type WindowManagerDeps } from '../../electron/windows';
import type { NodeHeartbeat } from '../../host/api/contract';
import { openDatabase } from '../../host/db/open';
import { Room } from '../../host/room/room';
import { display, FakeBrowserWindow, FakeScreen } from './electron-fake';

const T0 = Date.parse('2026-12-07T03:00:00Z');
const HOUR = 3_600_000;

let dir: string;
let db: Database.Database;
let hostClock: number;
let room: Room;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-hb-clock-'));
  db = openDatabase(dir).db;
  hostClock = T0;
  room = new Room(db, () => new Date(hostClock));
  FakeBrowserWindow.reset();
});
afterEach(() => {
  room.dispose();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A wall node enrolled with this host, as the room knows it. */
function enrolled(): { id: string; info: () => NonNullable<ReturnType<Room['nodes']['list']>[number]> } {
  const n = room.nodes.add('wall', 'Tường d1', 'admin');
  const e = room.nodes.enroll(n.code, '10.0.0.7')!;
  return { id: e.nodeId, info: () => room.nodes.list('x', () => 1).find((x) => x.id === n.id)! };
}

/** The node's windows, on a PC clock `offsetMs` off the host's. */
function shell(offsetMs: number) {
  const pcClock = () => hostClock + offsetMs;
  const windows = new WindowManager({
    BrowserWindow: FakeBrowserWindow as unknown as WindowManagerDeps['BrowserWindow'],
    screen: new FakeScreen([display(1, 'A', 0, 0), display(2, 'B', 1920, 0)]) as unknown as WindowManagerDeps['screen'],
    powerMonitor: { getSystemIdleTime: () => 0 },
    role: 'wall',
    wall: null,
    preload: '/p.cjs',
    watchdog: new Watchdog({ log: () => {}, now: pcClock, setTimeout: () => {} }),
    now: pcClock,
    log: () => {},
  });
  windows.start();
  const beat = (): NodeHeartbeat =>
    collectHeartbeat(
      { version: '1.0.0', screen: new FakeScreen([display(1, 'A', 0, 0)]) as never, app: { getAppMetrics: () => [] }, windows, uptimeSec: () => 60, clock: pcClock },
      5,
    );
  const paint = () => (windows.list()[0]!.win as unknown as FakeBrowserWindow).webContents.emit('did-finish-load');
  return { windows, beat, paint };
}

describe("a desktop node's last paint, by the host's clock", () => {
  it.each([
    ['two hours fast', 2 * HOUR],
    ['ninety minutes slow', -1.5 * HOUR],
    ['right', 0],
  ])('a PC %s: the host shows the page painted when it did, by its own clock', (_name, offset) => {
    const node = enrolled();
    const { beat, paint, windows } = shell(offset);
    hostClock = T0 + 10_000;
    paint();
    // The node reports by its own clock (it cannot know the host's)…
    expect(windows.lastPaintAt()).toBe(new Date(T0 + 10_000 + offset).toISOString());
    hostClock = T0 + 15_000;
    room.heartbeat(null, { role: 'wall', nodeId: node.id, name: 'Tường d1' }, beat());
    // …and the host places it on its own: painted 5 s ago by the host's clock.
    expect(node.info().heartbeat!.lastPaintAt).toBe(new Date(T0 + 10_000).toISOString());
    expect(node.info().clockOffsetSec).toBe(Math.round(offset / 1000));
  });

  it("a browser page's beat is already by the host's clock and is kept as sent", () => {
    const node = enrolled();
    const sent = { ...shellBeat(), kind: 'browser' as const, lastPaintAt: new Date(T0 + 10_000).toISOString(), clockAt: new Date(T0 + 2 * HOUR).toISOString() };
    hostClock = T0 + 15_000;
    room.heartbeat(null, { role: 'wall', nodeId: node.id, name: 'Tường d1' }, sent);
    expect(node.info().heartbeat!.lastPaintAt).toBe(new Date(T0 + 10_000).toISOString());
  });
});

function shellBeat(): NodeHeartbeat {
  return { version: '1', kind: 'desktop', displays: [], showing: [], uptimeSec: 1, memoryMB: 1, rendererCrashes: 0, lastPaintAt: null, rttMs: null, pendingUpdate: null, clockAt: null };
}
