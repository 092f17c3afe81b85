import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MapResult, QueueResult, RecentResult } from '../../domains/views';
import { runView } from '../../host/views';
import { CUT, cutText, NOTES_SHOWN } from '../../host/views/text-cut';
import { at, makeFixture, type Fixture } from './views-fixture';

let f: Fixture;
afterAll(() => f.close());

const now = new Date(at('2025-02-15 10:00'));
/** What a broken or hostile source may put in a field: far more than any display shows. */
const HUGE = 'Đường 🚧 '.repeat(2_000);
/** Longer than any cut, for the many fields of a report's history. */
const LONG = 'Ghi chú '.repeat(300);
const REPORTS = 40;
/** Length in characters (code points), as SQLite's substr counts them. */
const chars = (s: string | null) => [...(s ?? '')].length;

describe('views send a bounded amount of each record’s text, however much a source stored', () => {
  beforeAll(() => {
    f = makeFixture();
    for (let i = 0; i < REPORTS; i++) {
      f.ev({
        id: `h${i}`,
        openedAt: at('2025-02-10 08:00'),
        dueAt: at('2025-02-20 08:00'),
        title: HUGE,
        description: HUGE,
        address: HUGE,
        agency: HUGE,
        attrs: { notes: Array.from({ length: NOTES_SHOWN + 30 }, (_, n) => ({ datetime: `2025-02-1${n % 5}T0${n % 10}:00:00Z`, type: LONG, description: LONG, by: LONG })) },
      });
    }
    f.w.place({ id: 'p1', domain: 'health', kind: 'hospital', name: HUGE, areaId: '689', lat: 11.55, lon: 106.85, source: 'test', attrs: { note: { nested: HUGE }, address: HUGE } });
    f.w.place({ id: 'p2', domain: 'health', kind: 'clinic', name: 'Trạm y tế', areaId: '689', lat: 11.56, lon: 106.86, source: 'test', attrs: { note: 42 } });
  });

  it('the map: a title and an address of at most one line each', () => {
    const r = runView(f.db, 'hotline', 'map', {}, { now }) as MapResult;
    expect(r.points).toHaveLength(REPORTS);
    for (const p of r.points) {
      expect(chars(p.title)).toBe(CUT.line);
      expect(p.title.endsWith('…')).toBe(true);
      expect(chars(p.detail)).toBe(CUT.line);
    }
    expect(JSON.stringify(r).length).toBeLessThan(REPORTS * 1_500);
  });

  it('a panel’s list and the desk: descriptions cut, the newest notes only, each cut', () => {
    const recent = runView(f.db, 'hotline', 'recent', {}, { now }) as RecentResult;
    for (const row of recent.rows) {
      expect(chars(row.description)).toBe(CUT.description);
      expect([row.title, row.address, row.agency].map(chars)).toEqual([CUT.line, CUT.line, CUT.line]);
    }
    const desk = runView(f.db, 'hotline', 'queue', {}, { now }) as QueueResult;
    expect(desk.rows).toHaveLength(REPORTS);
    for (const row of desk.rows) {
      expect(chars(row.description)).toBe(CUT.deskDescription);
      expect(row.notes).toHaveLength(NOTES_SHOWN);
      for (const n of row.notes) expect([n.text, n.type, n.by].map(chars)).toEqual([CUT.note, CUT.line, CUT.line]);
    }
    // Each report holds 640 KB of text; the desk gets about 130 KB of it.
    expect(JSON.stringify(desk).length).toBeLessThan(REPORTS * 150_000);
  });

  it('a place: its name cut, and a note that is not text is no detail', () => {
    const r = runView(f.db, 'health', 'map', {}, { now }) as MapResult;
    const byId = new Map(r.points.map((p) => [p.id, p]));
    expect(chars(byId.get('p1')!.title)).toBe(CUT.line);
    expect(chars(byId.get('p1')!.detail)).toBe(CUT.line);
    expect(byId.get('p2')!.detail).toBe('');
  });

  it('a cut counts characters as SQLite does, never splits a surrogate pair, and marks only a cut text', () => {
    expect(cutText('ab🚧cd', 4)).toBe('ab🚧…');
    expect(cutText('ab🚧c', 4)).toBe('ab🚧c');
    expect(cutText('🚧🚧🚧🚧🚧', 3)).toBe('🚧🚧…');
    expect(cutText('abcd', 4)).toBe('abcd');
    expect(cutText('abcde', 4)).toBe('abc…');
    expect(cutText('', 4)).toBe('');
  });
});
