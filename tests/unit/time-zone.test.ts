import { describe, expect, it } from 'vitest';
import { localClock, localMidnight, TIME_ZONE, UTC_OFFSET, UTC_OFFSET_HOURS, UTC_OFFSET_MS } from '../../base/time-zone';

describe('the province time zone', () => {
  it('agrees with the IANA zone through Intl on every spelling', () => {
    const at = new Date('2026-06-15T20:30:00Z');
    const parts = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, timeZoneName: 'longOffset' }).formatToParts(at);
    expect(parts.find((p) => p.type === 'timeZoneName')?.value).toBe(`GMT${UTC_OFFSET}`);
    expect(UTC_OFFSET_MS).toBe(UTC_OFFSET_HOURS * 3_600_000);
  });

  it('reads the local wall clock: 17:30 UTC on 31 December is already New Year in Bình Phước', () => {
    const l = localClock(new Date('2025-12-31T17:30:00Z'));
    expect([l.getUTCFullYear(), l.getUTCMonth() + 1, l.getUTCDate(), l.getUTCHours(), l.getUTCMinutes()]).toEqual([2026, 1, 1, 0, 30]);
    expect(localClock(Date.parse('2025-12-31T16:59:59Z')).getUTCDate()).toBe(31);
    const hour = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', hourCycle: 'h23' });
    for (const iso of ['2024-03-31T01:00:00Z', '2024-10-27T01:00:00Z', '2026-07-01T12:00:00Z']) {
      expect(String(localClock(new Date(iso)).getUTCHours()).padStart(2, '0')).toBe(hour.format(new Date(iso)));
    }
  });

  it('gives local midnight as a UTC instant, with month and day overflow', () => {
    expect(localMidnight(2026, 1, 1).toISOString()).toBe('2025-12-31T17:00:00.000Z');
    expect(localMidnight(2026, 13).toISOString()).toBe('2026-12-31T17:00:00.000Z');
    expect(localMidnight(2026, 3, 0).toISOString()).toBe('2026-02-27T17:00:00.000Z');
  });
});
