// Which presets a wall prepares ahead (issue 12 §2: a preset switched to without a cue is a flip
// when it was prepared at idle), and that the number stays bounded however many presets exist.
import { describe, expect, it } from 'vitest';
import { PREPARE_AHEAD, presetsAhead } from '../../../layouts/ahead';

const none = { defaultPresetId: null, entries: [], playlists: [] };

describe('presets prepared ahead', () => {
  it('the default, then what the schedule and playlists name, then the rest, each once', () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    const cfg = {
      defaultPresetId: 'e',
      entries: [
        { id: 'x', days: [1], at: '07:00', enabled: true, holidays: 'any' as const, target: { kind: 'playlist' as const, id: 'p' } },
        { id: 'y', days: [1], at: '09:00', enabled: true, holidays: 'any' as const, target: { kind: 'preset' as const, id: 'e' } },
      ],
      playlists: [{ id: 'p', name: 'P', items: [{ presetId: 'c', dwellSec: 30 }, { presetId: 'f', dwellSec: 30 }] }],
    };
    expect(presetsAhead(ids, cfg)).toEqual(['e', 'c', 'f', 'a']);
    expect(presetsAhead(ids, cfg, 6)).toEqual(['e', 'c', 'f', 'a', 'b', 'd']);
  });

  it('leaves out presets that no longer exist and never exceeds the bound', () => {
    expect(presetsAhead(['a'], { ...none, defaultPresetId: 'gone' })).toEqual(['a']);
    const many = Array.from({ length: 500 }, (_, i) => `p${i}`);
    expect(presetsAhead(many, none)).toHaveLength(PREPARE_AHEAD);
    expect(presetsAhead(many, none)).toEqual(['p0', 'p1', 'p2', 'p3']);
    expect(presetsAhead([], none)).toEqual([]);
  });
});
