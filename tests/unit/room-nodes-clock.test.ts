// The room's nodes when NTP steps the host's clock back: a dead node must not show online for the
// length of the step, and a 15-minute enrollment code must not live for step + 15 minutes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../host/db/open';
import { CODE_TTL_MS, NodeStore, OFFLINE_AFTER_MS } from '../../host/room/nodes';

const T0 = Date.parse('2026-12-07T03:00:00Z');
const HOUR = 3_600_000;
const MIN = 60_000;

let dir: string;
let db: Database.Database;
let clock: number;
let nodes: NodeStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-nodes-clock-'));
  db = openDatabase(dir).db;
  clock = T0;
  nodes = new NodeStore(db, () => new Date(clock));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const stateOf = (id: string, connections = 0) => nodes.list('x', () => connections).find((n) => n.id === id)!.state;

describe('nodes and a clock stepped back', () => {
  it('a node last seen before the clock stepped back an hour is offline, unless it is connected', () => {
    const n = nodes.add('wall', 'Tường d1', 'admin');
    const e = nodes.enroll(n.code, '10.0.0.7')!;
    nodes.heartbeat(e.nodeId, { version: 'x' } as never);
    expect(stateOf(n.id)).toBe('online');
    clock += OFFLINE_AFTER_MS + 1;
    expect(stateOf(n.id)).toBe('offline');
    // Its PC dies; the host's clock steps back an hour.
    for (const m of [0, 30, 59]) {
      clock = T0 - HOUR + m * MIN;
      expect(stateOf(n.id)).toBe('offline');
      // A live connection is the better witness while the last heartbeat looks "in the future".
      expect(stateOf(n.id, 1)).toBe('online');
    }
  });

  it('a code issued before the clock stepped back is refused, and no expiry is shown for it', () => {
    const spare = nodes.add('wall', 'Máy dự phòng', 'admin');
    clock = T0 - HOUR + 50 * MIN; // stepped back an hour, 50 minutes later
    expect(nodes.list('x', () => 0).find((x) => x.id === spare.id)!.codeExpiresAt).toBeNull();
    expect(nodes.enroll(spare.code, '10.0.0.8')).toBeNull();
  });

  it('a code is accepted within its 15 minutes and refused after them (no step)', () => {
    const a = nodes.add('wall', 'A', 'admin');
    const b = nodes.add('wall', 'B', 'admin');
    clock += CODE_TTL_MS - 1;
    expect(nodes.enroll(a.code, '10.0.0.9')).not.toBeNull();
    clock += 1;
    expect(nodes.enroll(b.code, '10.0.0.10')).toBeNull();
  });
});

describe("a node's own clock against the host's", () => {
  it('is reported as the offset at its last heartbeat, in seconds, and null when the node does not say', () => {
    const n = nodes.add('wall', 'Tường d2', 'admin');
    const e = nodes.enroll(n.code, '10.0.0.7')!;
    const offsetOf = () => nodes.list('x', () => 1).find((x) => x.id === n.id)!.clockOffsetSec;
    nodes.heartbeat(e.nodeId, { version: 'x' } as never);
    expect(offsetOf()).toBeNull();
    // A PC two hours fast, then one 90 s slow.
    nodes.heartbeat(e.nodeId, { version: 'x', clockAt: new Date(clock + 2 * HOUR).toISOString() } as never);
    expect(offsetOf()).toBe(7200);
    clock += 10_000;
    nodes.heartbeat(e.nodeId, { version: 'x', clockAt: new Date(clock - 90_000).toISOString() } as never);
    expect(offsetOf()).toBe(-90);
  });
});
