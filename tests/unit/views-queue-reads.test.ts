import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../../domains';
import type { QueueResult } from '../../domains/views';
import type { EventTableRow } from '../../host/db/event-row';
import { migrate } from '../../host/db/migrate';
import { seedDemo } from '../../host/demo';
import { applyHotlineAction } from '../../host/sync/hotline-actions';
import { computeView } from '../../host/views';
import { monthStartUtc } from '../../host/views/period';
import { notesOf } from '../../host/views/queue';
import { RecordWriter } from '../../host/store/records';
import { hotlineEvent } from './hotline-event';

/**
 * The queue reads less than it did (attrs only where it can hold notes, no area_id for a
 * district's queue): its rows must be what the full read gave, on a seeded province and after
 * notes, odd attrs, moves, closures and deletions. The reference is the queue's row read before,
 * verbatim in what it reads: every column, every row's attrs given to notesOf.
 */

const NOW = new Date('2026-11-25T08:00:00Z');

let dir: string;
let db: Database.Database;
let w: RecordWriter;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-views-queue-reads-'));
  db = new Database(join(dir, 'q.db'));
  migrate(db);
  w = new RecordWriter(db);
  seedDemo(db, { scale: 0.02, now: NOW });
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The queue's rows as read before: every column of every row, area names looked up per row. */
function queueRowsRef(district: string | null, from: string, to: string) {
  const area = district ? ' AND area_id = ?' : '';
  const args = district ? [district] : [];
  const dated = db.prepare(`SELECT * FROM events WHERE domain = 'hotline' AND closed_at IS NULL AND due_at IS NOT NULL${area} ORDER BY due_at LIMIT 301`).all(...args) as EventTableRow[];
  const undated =
    dated.length < 301
      ? (db.prepare(`SELECT * FROM events WHERE domain = 'hotline' AND closed_at IS NULL AND due_at IS NULL${area} ORDER BY opened_at LIMIT 301`).all(...args) as EventTableRow[])
      : [];
  const open = [...dated, ...undated].slice(0, 300);
  const periodClosed = db
    .prepare(`SELECT * FROM events WHERE domain = 'hotline'${area} AND opened_at >= ? AND opened_at < ? AND closed_at IS NOT NULL ORDER BY opened_at DESC LIMIT 100`)
    .all(...args, monthStartUtc(from), monthStartUtc(to, 1)) as EventTableRow[];
  const acted = db
    .prepare(`SELECT * FROM events WHERE id IN (SELECT event_id FROM outbox ORDER BY seq DESC LIMIT 50) AND domain = 'hotline'${area} AND closed_at IS NOT NULL`)
    .all(...args) as EventTableRow[];
  const closed = [...new Map([...acted, ...periodClosed].map((r) => [r.id, r])).values()].sort(
    (a, b) => b.closed_at!.localeCompare(a.closed_at!) || b.opened_at.localeCompare(a.opened_at),
  );
  const areaName = (id: string) => (db.prepare(`SELECT name FROM areas WHERE id = ? ORDER BY version DESC LIMIT 1`).pluck().get(id) as string | undefined) ?? null;
  const def = CATALOG.hotline;
  const name = (list: { id: string; name: { vi: string; en: string } }[], id: string) => list.find((x) => x.id === id)?.name ?? { vi: id, en: id };
  return [...open, ...closed].map((e) => ({
    id: e.id,
    kind: e.kind,
    kindName: name(def.eventKinds, e.kind),
    status: e.status,
    statusName: name(def.eventStates, e.status),
    title: e.title,
    description: e.description,
    address: e.address,
    areaId: e.area_id,
    areaName: e.area_id ? areaName(e.area_id) : null,
    agency: e.agency,
    openedAt: e.opened_at,
    updatedAt: e.updated_at,
    dueAt: e.due_at,
    closedAt: e.closed_at,
    closed: e.closed_at !== null,
    overdue: e.closed_at === null && e.due_at !== null && Date.parse(e.due_at) < NOW.getTime(),
    notes: notesOf(e.attrs),
  }));
}

function expectQueuesAgree() {
  const districts = db.prepare(`SELECT DISTINCT id FROM areas WHERE level = 'district' ORDER BY id`).pluck().all() as string[];
  let compared = 0;
  for (const district of [null, ...districts]) {
    for (const period of [undefined, '2026-11', '2025-03']) {
      const q = computeView(db, 'hotline', 'queue', { ...(district ? { areaId: district } : {}), ...(period ? { period } : {}) }, { now: NOW }) as QueueResult;
      expect(q.rows, `${district} ${period}`).toEqual(queueRowsRef(district, q.period.from, q.period.to));
      compared += q.rows.length;
    }
  }
  return compared;
}

describe("the queue's narrower reads", { timeout: 120_000 }, () => {
  it('give the rows of the full read on a seeded province', () => {
    expect(expectQueuesAgree()).toBeGreaterThan(100);
  });

  it('keep notes from the desk and from a feed, and read none where attrs only mention them', () => {
    const open = db.prepare(`SELECT id FROM events WHERE domain = 'hotline' AND closed_at IS NULL AND area_id = '689' ORDER BY due_at LIMIT 3`).pluck().all() as string[];
    applyHotlineAction(db, { eventId: open[0]!, action: 'note', note: 'Gọi lại cho người dân' }, 'op', new Date('2026-11-25T07:00:00Z'));
    applyHotlineAction(db, { eventId: open[1]!, action: 'resolve', note: 'Đã xử lý' }, 'op', new Date('2026-11-25T07:10:00Z'));
    const due = '2026-11-20T00:00:00Z';
    w.event(hotlineEvent('q-feed-notes', { openedAt: '2026-11-19T00:00:00Z', dueAt: due, attrs: { notes: [{ datetime: '2026-11-19T01:00:00Z', type: 'comment', description: 'Nguồn: Open311' }] } }));
    // "notes" as a value, inside an escaped string, as a key that is not a list. (attrs that are not
    // JSON cannot be stored: the events table refuses them.)
    w.event(hotlineEvent('q-notes-value', { openedAt: '2026-11-19T00:01:00Z', dueAt: due, attrs: { channel: 'notes', x: '"notes"' } }));
    w.event(hotlineEvent('q-notes-object', { openedAt: '2026-11-19T00:02:00Z', dueAt: due, attrs: { notes: { a: 1 } } }));
    w.event(hotlineEvent('q-notes-mixed', { openedAt: '2026-11-19T00:03:00Z', dueAt: due, attrs: { notes: ['x', null, { at: '2026-11-19T02:00:00Z', text: 'ghi chú' }] } }));
    w.event(hotlineEvent('q-no-area', { areaId: null, openedAt: '2026-11-19T00:05:00Z', dueAt: due }));
    const q = computeView(db, 'hotline', 'queue', { areaId: '689' }, { now: NOW }) as QueueResult;
    const byId = new Map(q.rows.map((r) => [r.id, r]));
    expect(byId.get(open[0]!)!.notes.map((n) => n.text)).toEqual(['Gọi lại cho người dân']);
    expect(byId.get('q-feed-notes')!.notes).toEqual([{ at: '2026-11-19T01:00:00Z', type: 'comment', text: 'Nguồn: Open311', by: null }]);
    expect(byId.get('q-notes-mixed')!.notes).toEqual([{ at: '2026-11-19T02:00:00Z', type: 'note', text: 'ghi chú', by: null }]);
    for (const id of ['q-notes-value', 'q-notes-object']) expect(byId.get(id)!.notes, id).toEqual([]);
    expect(byId.get(open[0]!)).toMatchObject({ areaId: '689', areaName: 'Đồng Xoài' });
    expectQueuesAgree();
  });

  it('give the rows of the full read after moves, closures, reopenings and deletions', () => {
    db.prepare(`UPDATE events SET area_id = '690' WHERE domain = 'hotline' AND rowid % 7 = 0`).run();
    db.prepare(`UPDATE events SET area_id = NULL WHERE domain = 'hotline' AND rowid % 13 = 0`).run();
    db.prepare(`UPDATE events SET closed_at = '2026-11-24T00:00:00Z', status = 'resolved' WHERE domain = 'hotline' AND closed_at IS NULL AND rowid % 5 = 0`).run();
    db.prepare(`UPDATE events SET closed_at = NULL, status = 'inProgress' WHERE domain = 'hotline' AND closed_at IS NOT NULL AND rowid % 19 = 0`).run();
    db.prepare(`DELETE FROM events WHERE domain = 'hotline' AND rowid % 11 = 0`).run();
    expectQueuesAgree();
  });
});
