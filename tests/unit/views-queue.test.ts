import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runView } from '../../host/views';
import { QUEUE_OPEN_CAP } from '../../host/views/queue';
import { applyHotlineAction } from '../../host/sync/hotline-actions';
import { at, makeFixture, type Fixture } from './views-fixture';

let f: Fixture;
afterEach(() => f.close());

const now = new Date(at('2025-02-15 10:00'));
const MARKUP = '<b>x</b><img src=x onerror=alert(1)>';

describe("hotline 'queue' view (the operator's desk)", () => {
  beforeEach(() => {
    f = makeFixture();
    // c: open, overdue; d: open, due later; n: open, no due date; b: resolved this period;
    // old: resolved last year (not listed unless acted on at the desk).
    f.ev({ id: 'c', openedAt: at('2025-02-01 08:00'), dueAt: at('2025-02-04 08:00'), status: 'inProgress', title: MARKUP, agency: 'UBND phường Tân Phú' });
    f.ev({ id: 'd', openedAt: at('2025-02-14 08:00'), dueAt: at('2025-02-17 08:00'), status: 'received', areaId: '690' });
    f.ev({ id: 'n', openedAt: at('2025-02-13 08:00'), dueAt: null, status: 'received' });
    f.ev({ id: 'b', openedAt: at('2025-01-20 08:00'), dueAt: at('2025-01-23 08:00'), closedAt: at('2025-01-25 08:00'), status: 'resolved' });
    f.ev({ id: 'old', openedAt: at('2024-01-15 08:00'), dueAt: at('2024-01-18 08:00'), closedAt: at('2024-01-16 08:00'), status: 'resolved' });
    f.ev({
      id: 'src',
      openedAt: at('2025-02-12 08:00'),
      dueAt: at('2025-02-20 08:00'),
      attrs: { notes: [{ datetime: '2025-02-12T02:00:00Z', type: 'comment', description: 'Đã xác minh <i>hiện trường</i>' }] },
    });
  });

  it('lists open reports most urgent first, then settled ones of the period (newest settled first); overdue from dueAt', () => {
    const r = runView(f.db, 'hotline', 'queue', {}, { now });
    expect(r.kind).toBe('queue');
    expect(r.rows.map((x) => x.id)).toEqual(['c', 'd', 'src', 'n', 'b']);
    expect(r.rows.map((x) => [x.id, x.closed, x.overdue])).toEqual([
      ['c', false, true],
      ['d', false, false],
      ['src', false, false],
      ['n', false, false],
      ['b', true, false],
    ]);
    expect(r.open).toBe(4);
    expect(r.overdue).toBe(1);
    expect(r.truncated).toBe(false);
    const c = r.rows[0]!;
    // Citizen text exactly as written: the desk shows it as text.
    expect(c.title).toBe(MARKUP);
    expect(c).toMatchObject({ status: 'inProgress', statusName: { vi: 'Đang xử lý' }, areaName: 'Đồng Xoài', agency: 'UBND phường Tân Phú' });
    expect(r.rows.find((x) => x.id === 'src')!.notes).toEqual([
      { at: '2025-02-12T02:00:00Z', type: 'comment', text: 'Đã xác minh <i>hiện trường</i>', by: null },
    ]);
  });

  it('offers agencies seen on reports first, then the catalog’s', () => {
    const r = runView(f.db, 'hotline', 'queue', {}, { now });
    expect(r.agencies[0]).toBe('UBND phường Tân Phú');
    expect(r.agencies).toContain('Sở Y tế');
    expect(new Set(r.agencies).size).toBe(r.agencies.length);
  });

  it('narrows to a district', () => {
    const r = runView(f.db, 'hotline', 'queue', { areaId: '690' }, { now });
    expect(r.rows.map((x) => x.id)).toEqual(['d']);
    expect(r.areaName).toBe('Bình Long');
  });

  it('follows operator actions at once: assigned, noted, resolved', () => {
    applyHotlineAction(f.db, { eventId: 'd', action: 'acknowledge' }, 'op', new Date(at('2025-02-15 10:01')));
    applyHotlineAction(f.db, { eventId: 'd', action: 'assign', agency: 'Sở Xây dựng' }, 'op', new Date(at('2025-02-15 10:02')));
    applyHotlineAction(f.db, { eventId: 'd', action: 'note', note: 'Gọi lại cho người dân' }, 'op', new Date(at('2025-02-15 10:03')));
    let d = runView(f.db, 'hotline', 'queue', {}, { now }).rows.find((x) => x.id === 'd')!;
    expect(d).toMatchObject({ status: 'assigned', agency: 'Sở Xây dựng', closed: false });
    expect(d.notes.map((n) => [n.type, n.text, n.by])).toEqual([
      ['acknowledge', 'acknowledge', 'op'],
      ['assign', '→ Sở Xây dựng', 'op'],
      ['note', 'Gọi lại cho người dân', 'op'],
    ]);
    applyHotlineAction(f.db, { eventId: 'd', action: 'resolve', note: 'Đã sửa xong' }, 'op', new Date(at('2025-02-15 10:04')));
    const r = runView(f.db, 'hotline', 'queue', {}, { now });
    d = r.rows.find((x) => x.id === 'd')!;
    expect(d).toMatchObject({ status: 'resolved', closed: true, overdue: false });
    expect(r.open).toBe(3);
    // Newest settled first.
    expect(r.rows.filter((x) => x.closed)[0]!.id).toBe('d');
  });

  it('keeps a settled report the desk acted on, however old', () => {
    expect(runView(f.db, 'hotline', 'queue', {}, { now }).rows.some((x) => x.id === 'old')).toBe(false);
    applyHotlineAction(f.db, { eventId: 'old', action: 'note', note: 'Người dân gọi lại hỏi' }, 'op', now);
    const old = runView(f.db, 'hotline', 'queue', {}, { now }).rows.find((x) => x.id === 'old');
    expect(old).toMatchObject({ closed: true, status: 'resolved' });
    expect(old!.notes.at(-1)).toMatchObject({ type: 'note', text: 'Người dân gọi lại hỏi' });
  });

  it('lists at most QUEUE_OPEN_CAP open reports, most urgent first, but counts them all', () => {
    for (let i = 0; i < QUEUE_OPEN_CAP + 5; i++) {
      f.ev({ id: `bulk${i}`, openedAt: at('2025-02-10 08:00'), dueAt: new Date(Date.parse(at('2025-02-16 08:00')) + i * 60_000).toISOString() });
    }
    const r = runView(f.db, 'hotline', 'queue', {}, { now });
    const open = r.rows.filter((x) => !x.closed);
    expect(open).toHaveLength(QUEUE_OPEN_CAP);
    expect(r.truncated).toBe(true);
    expect(r.open).toBe(QUEUE_OPEN_CAP + 5 + 4);
    expect(r.overdue).toBe(1);
    expect(open.slice(0, 3).map((x) => x.id)).toEqual(['c', 'bulk0', 'bulk1']);
    // The undated report is past the cap: it is the least urgent.
    expect(open.some((x) => x.id === 'n')).toBe(false);
  });
});
