import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ActiveLayout } from '../../host/api/contract';
import { openDatabase } from '../../host/db/open';
import { CUE_AHEAD_MS, startLayouts, type LayoutRuntime } from '../../host/layouts/runtime';
import { saveSchedule, setOverride } from '../../host/layouts/store';
import type { ScheduleConfig } from '../../layouts/schedule';

/** Weekdays: the morning briefing at 08:00, the emergency preset at 09:00. */
const WEEKDAYS: ScheduleConfig = {
  enabled: true,
  defaultPresetId: 'overview',
  entries: [
    { id: 'a', days: [1, 2, 3, 4, 5], at: '08:00', target: { kind: 'preset', id: 'morning-briefing' }, enabled: true, holidays: 'any' },
    { id: 'b', days: [1, 2, 3, 4, 5], at: '09:00', target: { kind: 'preset', id: 'emergency' }, enabled: true, holidays: 'any' },
  ],
  playlists: [],
};
/** A playlist 'rot': overview 20 s, emergency 10 s. */
const ROTATION: ScheduleConfig = {
  enabled: true,
  defaultPresetId: 'overview',
  entries: [],
  playlists: [{ id: 'rot', name: 'Xoay vòng', items: [{ presetId: 'overview', dwellSec: 20 }, { presetId: 'emergency', dwellSec: 10 }] }],
};

let dir: string;
let db: ReturnType<typeof openDatabase>['db'];
let rt: LayoutRuntime | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-layouts-ticker-'));
  db = openDatabase(dir).db;
  vi.useFakeTimers();
});
afterEach(() => {
  rt?.stop();
  rt = undefined;
  vi.useRealTimers();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('layout ticker', () => {
  it('switches the wall at the scheduled minute (Asia/Ho_Chi_Minh) and ends a manual override there', async () => {
    // Monday 2026-11-23 08:59:30 in Vietnam.
    vi.setSystemTime(new Date('2026-11-23T08:59:30+07:00'));
    saveSchedule(db, WEEKDAYS);
    setOverride(db, { target: { kind: 'preset', id: 'traffic-order' }, at: new Date().toISOString(), until: 'next-change' });
    const events: ActiveLayout[] = [];
    rt = startLayouts({ db, emit: (e, data) => e === 'layout.changed' && events.push(data as ActiveLayout) });
    expect(rt.announce().layout?.id).toBe('traffic-order');
    expect(events).toEqual([]); // nothing changed since start

    await vi.advanceTimersByTimeAsync(29_000);
    expect(events).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_000); // past 09:00:00
    expect(events.map((e) => [e.layout?.id, e.resolution.reason])).toEqual([['emergency', 'schedule']]);
    expect(db.prepare(`SELECT applied_preset_id FROM layout_state`).pluck().get()).toBe('emergency');
  });

  it('reading the active layout writes nothing and tells no display, even right past a change', async () => {
    vi.setSystemTime(new Date('2026-11-23T08:59:59+07:00'));
    saveSchedule(db, {
      enabled: true,
      defaultPresetId: 'overview',
      entries: [{ id: 'b', days: [1, 2, 3, 4, 5], at: '09:00', target: { kind: 'preset', id: 'emergency' }, enabled: true, holidays: 'any' }],
      playlists: [],
    });
    const events: ActiveLayout[] = [];
    rt = startLayouts({ db, emit: (_e, data) => events.push(data as ActiveLayout) });
    rt.stop(); // no ticker: only the read may act
    events.length = 0; // a cue sent at start is not the read's
    const applied = () => db.prepare(`SELECT applied_preset_id, applied_at FROM layout_state`).get();
    const before = applied();
    const changes = db.prepare(`SELECT total_changes()`).pluck();
    const writes = changes.get();
    vi.setSystemTime(new Date('2026-11-23T09:00:01+07:00'));
    expect(rt.current().layout?.id).toBe('emergency');
    expect(events).toEqual([]);
    expect(applied()).toEqual(before);
    expect(changes.get()).toBe(writes);
  });

  it('rotates a playlist on its own, one layout.changed per step', async () => {
    vi.setSystemTime(new Date('2026-11-23T10:00:00+07:00'));
    saveSchedule(db, ROTATION);
    setOverride(db, { target: { kind: 'playlist', id: 'rot' }, at: new Date().toISOString(), until: 'release' });
    const events: ActiveLayout[] = [];
    rt = startLayouts({ db, emit: (e, data) => e === 'layout.changed' && events.push(data as ActiveLayout) });
    await vi.advanceTimersByTimeAsync(61_000);
    // 0 s overview (already on at start), 20 s emergency, 30 s overview, 50 s emergency, 60 s overview.
    expect(events.map((e) => e.layout?.id)).toEqual(['emergency', 'overview', 'emergency', 'overview']);
  });

  it('cues the next scheduled preset on the displays a minute before it is due, once', async () => {
    vi.setSystemTime(new Date('2026-11-23T08:57:00+07:00'));
    saveSchedule(db, WEEKDAYS);
    const seen: { event: string; id: string | undefined; at: number }[] = [];
    rt = startLayouts({ db, emit: (e, data) => seen.push({ event: e, id: (data as ActiveLayout).layout?.id, at: Date.now() }) });
    expect(seen).toEqual([]); // 3 minutes ahead: not yet
    rt.announce(); // a re-announce before the cue time does not cue early
    await vi.advanceTimersByTimeAsync(3 * 60_000 - CUE_AHEAD_MS - 1_000);
    expect(seen).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(seen.map((x) => [x.event, x.id])).toEqual([['layout.cued', 'emergency']]);
    expect(Date.parse('2026-11-23T09:00:00+07:00') - seen[0]!.at).toBeGreaterThanOrEqual(CUE_AHEAD_MS - 1_000);
    rt.announce(); // re-announced between the cue and the change: not cued twice
    await vi.advanceTimersByTimeAsync(CUE_AHEAD_MS);
    expect(seen.map((x) => [x.event, x.id])).toEqual([
      ['layout.cued', 'emergency'],
      ['layout.changed', 'emergency'],
    ]);
  });

  it('cues each next step of a playlist right after the step before it', async () => {
    vi.setSystemTime(new Date('2026-11-23T10:00:00+07:00'));
    saveSchedule(db, ROTATION);
    setOverride(db, { target: { kind: 'playlist', id: 'rot' }, at: new Date().toISOString(), until: 'release' });
    const seen: string[] = [];
    rt = startLayouts({ db, emit: (e, data) => seen.push(`${e === 'layout.cued' ? 'cue' : 'show'} ${(data as ActiveLayout).layout?.id}`) });
    await vi.advanceTimersByTimeAsync(31_000);
    expect(seen).toEqual(['cue emergency', 'show emergency', 'cue overview', 'show overview', 'cue emergency']);
  });
});
