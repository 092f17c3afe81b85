import { afterEach, describe, expect, it } from 'vitest';
import type { KpiItem } from '../../domains/views';
import { canonicalTime } from '../../domains/time';
import { runView } from '../../host/views';
import { makeFixture, type Fixture } from './views-fixture';

let f: Fixture | undefined;
afterEach(() => {
  f?.close();
  f = undefined;
});

describe('times are stored in one canonical UTC spelling', () => {
  it('canonicalTime converts offsets and drops milliseconds, and refuses non-times', () => {
    expect(canonicalTime('2025-02-04T15:00:00+07:00')).toBe('2025-02-04T08:00:00Z');
    expect(canonicalTime('2025-02-04T08:00:00.250Z')).toBe('2025-02-04T08:00:00Z');
    expect(canonicalTime('2025-02-04T08:00:00Z')).toBe('2025-02-04T08:00:00Z');
    expect(() => canonicalTime('hôm qua')).toThrow(/ISO-8601/);
  });

  it('a report due at 15:00+07:00 is overdue at 08:30Z and not at 07:30Z (text comparison stays time order)', () => {
    f = makeFixture();
    f!.ev({ id: 'x', openedAt: '2025-02-01T09:00:00+07:00', dueAt: '2025-02-04T15:00:00+07:00', status: 'received' });
    const stored = f!.db.prepare('SELECT opened_at, due_at FROM events WHERE id = ?').get('x');
    expect(stored).toEqual({ opened_at: '2025-02-01T02:00:00Z', due_at: '2025-02-04T08:00:00Z' });
    const overdue = (now: string) =>
      (runView(f!.db, 'hotline', 'kpis', {}, { now: new Date(now) }).items as KpiItem[]).find((i) => i.id === 'hotline.overdue')!.value;
    // Stored as '+07:00' text, '2025-02-04T15:00:00+07:00' > '2025-02-04T08:30:00Z' would hide it.
    expect(overdue('2025-02-04T08:30:00Z')).toBe(1);
    expect(overdue('2025-02-04T07:30:00Z')).toBe(0);
  });

  it('readings keep one row per instant whatever the offset the source wrote', () => {
    f = makeFixture();
    f!.w.station({ id: 's1', domain: 'environment', name: 'Trạm 1', areaId: '689', lat: 11.5, lon: 106.9, params: ['pm25'], source: 't' });
    expect(f!.w.reading({ stationId: 's1', param: 'pm25', time: '2025-02-04T15:00:00+07:00', value: 30 })).toBe(true);
    expect(f!.w.reading({ stationId: 's1', param: 'pm25', time: '2025-02-04T08:00:00Z', value: 31 })).toBe(false);
    expect(f!.db.prepare('SELECT count(*) n, max(value) v FROM readings').get()).toEqual({ n: 1, v: 31 });
  });
});
