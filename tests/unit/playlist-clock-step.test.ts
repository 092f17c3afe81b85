import { describe, expect, it } from 'vitest';
import { resolveActive, type ActiveStateInput } from '../../layouts/schedule';

/**
 * A playlist the operator started by hand (layouts/schedule.ts `resolveActive`) when NTP steps the
 * host's clock back 2 h: it must go on rotating its presets, not freeze on its first one until the
 * clock has caught up with when it was started.
 */
const HOUR = 3_600_000;
const T0 = Date.parse('2026-03-10T03:00:00Z');

const state: ActiveStateInput = {
  playlists: [{ id: 'pl', name: 'Luân phiên', items: [{ presetId: 'a', dwellSec: 60 }, { presetId: 'b', dwellSec: 60 }, { presetId: 'c', dwellSec: 60 }] }],
  override: { target: { kind: 'playlist', id: 'pl' }, at: new Date(T0).toISOString(), until: 'release' },
};

describe('a manual playlist and a clock stepped back', () => {
  it('shows each of its presets in 3 minutes after the clock stepped back 2 h', () => {
    const stepped = T0 + 30_000 - 2 * HOUR;
    const shown = new Set<string | null>();
    for (let s = 0; s < 180; s += 10) shown.add(resolveActive(state, stepped + s * 1000).presetId);
    expect([...shown].sort()).toEqual(['a', 'b', 'c']);
  });

  it('rotates from when it was started without a step', () => {
    expect(resolveActive(state, T0 + 30_000).presetId).toBe('a');
    expect(resolveActive(state, T0 + 90_000).presetId).toBe('b');
    expect(resolveActive(state, T0 + 150_000).presetId).toBe('c');
    expect(resolveActive(state, T0 + 210_000).presetId).toBe('a');
  });
});
