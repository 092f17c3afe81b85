import { describe, expect, it } from 'vitest';
import { resolveActive, wallClock, zonedInstant, type ActiveStateInput } from '../../../layouts/schedule';
import { holidayChecker } from '../../../layouts/holidays';

// Asia/Ho_Chi_Minh is UTC+7 all year. 2026-11-23 is a Monday.
const vn = (date: string, time: string) => new Date(`${date}T${time}+07:00`);

const week: ActiveStateInput = {
  defaultPresetId: 'overview',
  entries: [
    { id: 'weekday-morning', days: [1, 2, 3, 4, 5], at: '07:30', target: { kind: 'preset', id: 'morning' } },
    { id: 'weekday-day', days: [1, 2, 3, 4, 5], at: '09:00', target: { kind: 'preset', id: 'overview' } },
    { id: 'night', days: [1, 2, 3, 4, 5, 6, 7], at: '22:00', target: { kind: 'preset', id: 'night' } },
    { id: 'weekend', days: [6, 7], at: '08:00', target: { kind: 'preset', id: 'weekend' } },
  ],
};

describe('time in Asia/Ho_Chi_Minh via Intl', () => {
  it('maps local wall-clock time to the instant and back', () => {
    expect(new Date(zonedInstant(2026, 11, 23, 7, 30)).toISOString()).toBe('2026-11-23T00:30:00.000Z');
    expect(new Date(zonedInstant(2026, 1, 1, 0, 0)).toISOString()).toBe('2025-12-31T17:00:00.000Z');
    expect(wallClock(Date.parse('2026-11-22T17:00:00Z'))).toEqual({ weekday: 1, time: '00:00' });
    expect(wallClock(Date.parse('2026-11-22T16:59:00Z'))).toEqual({ weekday: 7, time: '23:59' });
  });
});

describe('schedule by weekday and time of day', () => {
  it('switches exactly at the change point, not a second before', () => {
    const before = resolveActive(week, vn('2026-11-23', '07:29:59'));
    expect(before.presetId).toBe('night'); // Sunday 22:00 still holds early Monday
    expect(before.next).toEqual({ at: vn('2026-11-23', '07:30:00').toISOString(), presetId: 'morning', reason: 'schedule' });
    const at = resolveActive(week, vn('2026-11-23', '07:30:00'));
    expect(at).toMatchObject({ presetId: 'morning', reason: 'schedule', entryId: 'weekday-morning' });
    expect(at.since).toBe(vn('2026-11-23', '07:30').toISOString());
    expect(at.next?.at).toBe(vn('2026-11-23', '09:00').toISOString());
  });

  it('carries the evening preset across midnight and picks up the right weekday after it', () => {
    expect(resolveActive(week, vn('2026-11-23', '23:59:59')).presetId).toBe('night');
    const afterMidnight = resolveActive(week, vn('2026-11-24', '00:00:01'));
    expect(afterMidnight.presetId).toBe('night');
    expect(afterMidnight.since).toBe(vn('2026-11-23', '22:00').toISOString());
    // Friday night → Saturday: the weekday morning entry does not apply, the weekend one does.
    const sat = resolveActive(week, vn('2026-11-28', '07:45'));
    expect(sat.presetId).toBe('night');
    expect(sat.next).toMatchObject({ at: vn('2026-11-28', '08:00').toISOString(), presetId: 'weekend' });
    expect(resolveActive(week, vn('2026-11-29', '12:00')).presetId).toBe('weekend');
    expect(resolveActive(week, vn('2026-11-30', '08:00')).presetId).toBe('morning'); // Monday again
  });

  it('the entry listed later wins when two fall on the same minute', () => {
    const s: ActiveStateInput = {
      entries: [
        { id: 'a', days: [1], at: '10:00', target: { kind: 'preset', id: 'a' } },
        { id: 'b', days: [1], at: '10:00', target: { kind: 'preset', id: 'b' } },
      ],
    };
    expect(resolveActive(s, vn('2026-11-23', '10:00')).presetId).toBe('b');
  });

  it('falls back to the default preset with no entries, a paused schedule, or only disabled entries', () => {
    expect(resolveActive({ defaultPresetId: 'overview' }, vn('2026-11-23', '10:00'))).toEqual({
      presetId: 'overview',
      reason: 'default',
      since: null,
      next: null,
    });
    expect(resolveActive({ ...week, enabled: false }, vn('2026-11-23', '10:00')).reason).toBe('default');
    const off = { ...week, entries: week.entries!.map((e) => ({ ...e, enabled: false })) };
    expect(resolveActive(off, vn('2026-11-23', '10:00')).presetId).toBe('overview');
    expect(resolveActive({}, vn('2026-11-23', '10:00'))).toEqual({ presetId: null, reason: 'none', since: null, next: null });
  });

  it('skips entries naming presets that no longer exist', () => {
    const presets = new Set(['overview', 'morning', 'weekend']);
    const r = resolveActive(week, vn('2026-11-23', '23:00'), { presets });
    expect(r.presetId).toBe('overview'); // 'night' is gone: 09:00 still holds
    expect(r.next?.presetId).toBe('morning');
  });
});

describe('manual override', () => {
  it('holds until the next scheduled change, then the schedule takes over', () => {
    const s = { ...week, override: { target: { kind: 'preset', id: 'emergency' }, at: vn('2026-11-23', '08:10').toISOString(), until: 'next-change' } } as const;
    const during = resolveActive(s, vn('2026-11-23', '08:59:59'));
    expect(during).toMatchObject({ presetId: 'emergency', reason: 'manual', since: vn('2026-11-23', '08:10').toISOString() });
    expect(during.next).toMatchObject({ at: vn('2026-11-23', '09:00').toISOString(), presetId: 'overview' });
    expect(resolveActive(s, vn('2026-11-23', '09:00'))).toMatchObject({ presetId: 'overview', reason: 'schedule' });
  });

  it("holds past every change when it is 'until released', with nothing next", () => {
    const s = { ...week, override: { target: { kind: 'preset', id: 'emergency' }, at: vn('2026-11-23', '08:10').toISOString(), until: 'release' } } as const;
    const r = resolveActive(s, vn('2026-11-25', '09:00'));
    expect(r).toMatchObject({ presetId: 'emergency', reason: 'manual', next: null });
  });

  it("an override made before the clock stepped back an hour still holds (its time counts as now)", () => {
    const s = { ...week, override: { target: { kind: 'preset', id: 'emergency' }, at: vn('2026-11-23', '10:00').toISOString(), until: 'release' } } as const;
    for (const t of ['09:01', '09:30', '09:59']) {
      expect(resolveActive(s, vn('2026-11-23', t))).toMatchObject({ presetId: 'emergency', reason: 'manual', next: null });
    }
    // Until the next change: the change the operator overrode (09:00, before 09:10) does not come back with the step.
    const n = { ...week, override: { ...s.override, at: vn('2026-11-23', '09:10').toISOString(), until: 'next-change' } } as const;
    const r = resolveActive(n, vn('2026-11-23', '08:50'));
    expect(r).toMatchObject({ presetId: 'emergency', reason: 'manual' });
    expect(r.next).toMatchObject({ at: vn('2026-11-23', '22:00').toISOString(), presetId: 'night' });
    expect(resolveActive(n, vn('2026-11-23', '09:00'))).toMatchObject({ presetId: 'emergency', reason: 'manual' });
    expect(resolveActive(n, vn('2026-11-23', '22:00'))).toMatchObject({ presetId: 'night', reason: 'schedule' });
  });

  it('an override of a deleted preset is ignored', () => {
    const s = { ...week, override: { target: { kind: 'preset', id: 'gone' }, at: vn('2026-11-23', '08:10').toISOString(), until: 'release' } } as const;
    expect(resolveActive(s, vn('2026-11-23', '08:20'), { presets: new Set(['morning', 'overview']) }).presetId).toBe('morning');
  });
});

describe('playlists', () => {
  const playlists = [
    {
      id: 'rot',
      name: 'Xoay vòng',
      items: [
        { presetId: 'a', dwellSec: 30 },
        { presetId: 'b', dwellSec: 60 },
      ],
    },
  ];

  it('rotates with each item’s dwell time from when it was started', () => {
    const t0 = vn('2026-11-23', '10:00:00').getTime();
    const s: ActiveStateInput = { playlists, override: { target: { kind: 'playlist', id: 'rot' }, at: new Date(t0).toISOString(), until: 'release' } };
    const at = (sec: number) => resolveActive(s, t0 + sec * 1000);
    expect(at(0)).toMatchObject({ presetId: 'a', playlist: { id: 'rot', index: 0 }, reason: 'manual' });
    expect(at(29.999).presetId).toBe('a');
    expect(at(29).next).toEqual({ at: new Date(t0 + 30_000).toISOString(), presetId: 'b', reason: 'manual' });
    expect(at(30).presetId).toBe('b');
    expect(at(89).next?.at).toBe(new Date(t0 + 90_000).toISOString());
    expect(at(90).presetId).toBe('a');
    expect(at(90 * 100 + 45).presetId).toBe('b');
  });

  it('a scheduled playlist starts at its change point and stops at the next one', () => {
    const s: ActiveStateInput = {
      playlists,
      entries: [
        { id: 'p', days: [1], at: '10:00', target: { kind: 'playlist', id: 'rot' } },
        { id: 'q', days: [1], at: '10:01', target: { kind: 'preset', id: 'c' } },
      ],
    };
    expect(resolveActive(s, vn('2026-11-23', '10:00:31'))).toMatchObject({ presetId: 'b', reason: 'schedule' });
    // b would end at 10:01:30, but the schedule changes first.
    expect(resolveActive(s, vn('2026-11-23', '10:00:31')).next).toMatchObject({ at: vn('2026-11-23', '10:01').toISOString(), presetId: 'c' });
    expect(resolveActive(s, vn('2026-11-23', '10:01')).presetId).toBe('c');
  });

  it('drops playlist items whose preset is gone; an empty playlist is skipped', () => {
    const s: ActiveStateInput = { playlists, defaultPresetId: 'z', override: { target: { kind: 'playlist', id: 'rot' }, at: vn('2026-11-23', '10:00').toISOString(), until: 'release' } };
    expect(resolveActive(s, vn('2026-11-23', '10:00:45'), { presets: new Set(['a', 'z']) })).toMatchObject({ presetId: 'a', next: null });
    expect(resolveActive(s, vn('2026-11-23', '10:00:45'), { presets: new Set(['z']) }).presetId).toBe('z');
  });
});

describe('bad inputs', () => {
  it('refuses malformed entries, listing each problem by path', () => {
    const bad = {
      entries: [
        { id: 'x', days: [0, 8], at: '24:00', target: { kind: 'preset', id: 'a' } },
        { id: 'y', days: [], at: '7:30', target: { kind: 'screen', id: 'a' } },
      ],
      playlists: [{ id: 'p', name: 'p', items: [{ presetId: 'a', dwellSec: 0 }] }],
    };
    let err: unknown;
    try {
      resolveActive(bad as never, new Date());
    } catch (e) {
      err = e;
    }
    const paths = (err as { issues: { path: PropertyKey[] }[] }).issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining(['entries.0.days.0', 'entries.0.days.1', 'entries.0.at', 'entries.1.days', 'entries.1.at', 'entries.1.target.kind', 'playlists.0.items.0.dwellSec']),
    );
  });

  it('refuses an invalid date', () => {
    expect(() => resolveActive(week, new Date('not a date'))).toThrow(RangeError);
    expect(() => resolveActive(week, Number.NaN)).toThrow(/not a valid date/);
  });
});

describe('public holidays in the schedule', () => {
  const entries = [
    { id: 'work', days: [1, 2, 3, 4, 5], at: '07:30', target: { kind: 'preset' as const, id: 'morning-briefing' }, holidays: 'skip' as const },
    { id: 'hol', days: [], at: '07:00', target: { kind: 'preset' as const, id: 'emergency' }, holidays: 'only' as const },
  ];
  const isHoliday = holidayChecker([{ date: '2026-09-01', name: 'Quốc khánh (ngày liền kề)' }]);
  // 08:00 Vietnam time on a local date.
  const morning = (date: string) => zonedInstant(...(date.split('-').map(Number) as [number, number, number]), 8, 0);

  it('on Giỗ Tổ Hùng Vương (lunar) and an extra day off, the holiday entry runs and the weekday one does not', () => {
    const state = { defaultPresetId: 'overview', entries };
    // 2026-04-27 is a Monday, the day after Giỗ Tổ (Sunday 26/4): an ordinary working day.
    expect(resolveActive(state, morning('2026-04-27'), { isHoliday })).toMatchObject({ presetId: 'morning-briefing', entryId: 'work' });
    expect(resolveActive(state, morning('2026-04-26'), { isHoliday })).toMatchObject({ presetId: 'emergency', entryId: 'hol' });
    // Tết 2026: Tuesday 17 February, a weekday, is a holiday.
    expect(resolveActive(state, morning('2026-02-17'), { isHoliday })).toMatchObject({ presetId: 'emergency', entryId: 'hol' });
    // The configured extra day (Tuesday 1 September).
    expect(resolveActive(state, morning('2026-09-01'), { isHoliday })).toMatchObject({ presetId: 'emergency' });
    // Without a holiday calendar, 'only' never fires and 'skip' is a plain weekday entry.
    expect(resolveActive(state, morning('2026-02-17'))).toMatchObject({ presetId: 'morning-briefing' });
  });

  it('an entry with no weekdays must be a holidays-only entry', () => {
    expect(() => resolveActive({ entries: [{ ...entries[0]!, days: [] }] }, morning('2026-04-27'))).toThrow(/at least one weekday/);
  });
});
