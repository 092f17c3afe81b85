/**
 * Which presets a wall prepares ahead (mounted hidden at idle, so a switch to one is a flip):
 * the ones an uncued switch may show — an alert's wall action, a leader's request approved, an
 * operator's API call, the schedule or a playlist. Bounded: each prepared preset keeps its
 * panels, charts and maps alive on every display, so a room with many presets prepares only
 * PREPARE_AHEAD of them, those the schedule names first.
 */
import type { ScheduleConfig } from './schedule';

/** At most this many presets are prepared ahead on each display. */
export const PREPARE_AHEAD = 4;

/**
 * Preset ids in the order to prepare them, at most `max`: the default preset, then the presets
 * the schedule's entries and playlists name (in the order they appear), then the rest in the
 * given order. Ids not in `presetIds` (deleted presets a schedule still names) are left out.
 */
export function presetsAhead(presetIds: readonly string[], cfg: Pick<ScheduleConfig, 'defaultPresetId' | 'entries' | 'playlists'>, max = PREPARE_AHEAD): string[] {
  const known = new Set(presetIds);
  const playlists = new Map(cfg.playlists.map((p) => [p.id, p]));
  const named: string[] = [];
  if (cfg.defaultPresetId) named.push(cfg.defaultPresetId);
  for (const e of cfg.entries) {
    if (e.target.kind === 'preset') named.push(e.target.id);
    else named.push(...(playlists.get(e.target.id)?.items.map((i) => i.presetId) ?? []));
  }
  for (const p of cfg.playlists) named.push(...p.items.map((i) => i.presetId));
  const out = new Set<string>();
  for (const id of [...named, ...presetIds]) {
    if (out.size >= max) break;
    if (known.has(id)) out.add(id);
  }
  return [...out];
}
