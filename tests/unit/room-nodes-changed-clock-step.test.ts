import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../host/db/open';
import { Room } from '../../host/room/room';

/**
 * The room's 'nodes.changed' throttle (host/room/room.ts: at most one a second) when NTP steps the
 * host's clock back: the consoles' node list must keep following connections and disconnections,
 * not go quiet for the length of the step.
 */
const HOUR = 3_600_000;

let dir: string;
let db: Database.Database;
beforeEach(() => {
  vi.useFakeTimers();
  dir = mkdtempSync(join(tmpdir(), 'ioc-room-changed-'));
  db = openDatabase(dir).db;
});
afterEach(() => {
  vi.useRealTimers();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the room's nodes.changed and a clock stepped back", () => {
  it('still tells the consoles within a second after the clock stepped back 2 h', () => {
    let clock = Date.parse('2026-12-07T03:00:00Z');
    const room = new Room(db, () => new Date(clock));
    const events: string[] = [];
    room.setEmit((event) => void events.push(event));
    const caller = { role: 'wall' as const, nodeId: 'n1', name: 'Tường d1' };
    const s = room.attach(caller, () => {});
    expect(events).toEqual(['nodes.changed']);
    clock -= 2 * HOUR; // NTP steps the clock back
    room.detach(s); // the wall node drops off
    clock += 1000;
    vi.advanceTimersByTime(1000);
    expect(events).toEqual(['nodes.changed', 'nodes.changed']);
    room.dispose();
  });
});
