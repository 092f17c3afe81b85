import { z } from 'zod';
import { ADMIN_ONLY, EVERY_ROLE, method, OPERATOR, read } from './method';
import { layoutSchema, MAX_ID, wallSchema, type Layout, type Wall } from '../../../layouts/model';
import { MAX_PRESETS } from '../../../layouts/file';
import { scheduleConfigSchema, type ScheduleConfig } from '../../../layouts/schedule';
import type { LayoutFile, ImportSummary } from '../../../layouts/file';

import type { ActiveLayout, PresetRecord } from '../../../layouts/records';

export type { ActiveLayout, PresetRecord };

/** What 'layout.ahead' answers: the wall and the layouts of the presets to prepare, in order. */
export interface LayoutsAhead {
  wall: Wall;
  layouts: Layout[];
}

const presetId = z.string().min(1).max(MAX_ID);
const idParam = z.object({ id: presetId });

/** Walls, presets, the schedule and playlists (layouts engineer). */
export const layoutsMethods = {
  'wall.get': method<Wall>()(z.object({}), read(EVERY_ROLE)),
  /** Replaces the wall; every preset is carried over to the new grid (geometry refit). */
  'wall.save': method<{ wall: Wall; presets: PresetRecord[] }>()(z.object({ wall: wallSchema }), { roles: ADMIN_ONLY }),
  'layout.active': method<ActiveLayout>()(z.object({}), read(EVERY_ROLE)),
  /**
   * The presets a display may be switched to without a cue (an alert, a leader's request, the
   * API), for it to prepare hidden at idle: at most PREPARE_AHEAD (layouts/ahead.ts), the ones
   * the schedule names first. A wall reads them because it may be asked to show any of them.
   */
  'layout.ahead': method<LayoutsAhead>()(z.object({}), read(EVERY_ROLE)),
  'preset.list': method<PresetRecord[]>()(z.object({}), read(OPERATOR)),
  'preset.get': method<PresetRecord>()(idParam, read(OPERATOR)),
  /** Creates or replaces a preset; refused with every problem listed (overlaps, off-canvas…). */
  'preset.save': method<PresetRecord>()(z.object({ layout: layoutSchema }), { roles: OPERATOR }),
  'preset.delete': method<{ id: string }>()(idParam, { roles: OPERATOR }),
  'preset.duplicate': method<PresetRecord>()(z.object({ id: presetId, name: z.string().min(1).max(120) }), { roles: OPERATOR }),
  /** "Hiển thị lên tường": show a preset now; holds until the next scheduled change unless 'release'. */
  'preset.activate': method<ActiveLayout>()(
    z.object({ id: presetId, until: z.enum(['next-change', 'release']).default('next-change') }),
    { roles: OPERATOR },
  ),
  'playlist.start': method<ActiveLayout>()(
    z.object({ id: presetId, until: z.enum(['next-change', 'release']).default('release') }),
    { roles: OPERATOR },
  ),
  /**
   * The operator is looking at a preset in the editor: displays prepare it hidden
   * ('layout.cued'), so showing it is immediate. Changes nothing on screen.
   */
  'preset.cue': method<{ id: string }>()(idParam, { roles: OPERATOR }),
  /** Drops a manual switch: the schedule (or the default preset) takes over again. */
  'layout.release': method<ActiveLayout>()(z.object({}), { roles: OPERATOR }),
  'schedule.get': method<ScheduleConfig>()(z.object({}), read(OPERATOR)),
  'schedule.save': method<ScheduleConfig>()(scheduleConfigSchema, { roles: OPERATOR }),
  /** The versioned JSON file (layouts/file.ts) of the wall, presets and schedule. */
  'layouts.export': method<LayoutFile>()(
    z.object({
      presetIds: z.array(presetId).max(MAX_PRESETS).optional(),
      wall: z.boolean().default(true),
      schedule: z.boolean().default(true),
    }), read(OPERATOR)),
  /**
   * Imports a file; an invalid file is refused whole with every problem by path. A file that
   * carries a wall replaces the wall's displays, so it is taken only from a caller that may call
   * 'wall.save' (admin); anyone else's is refused whole ('forbidden'), unless `wall: false` leaves
   * the file's wall out (its presets and schedule are then checked against the wall as it is).
   */
  'layouts.import': method<ImportSummary>()(
    z.object({ file: z.unknown(), replace: z.boolean().default(false), wall: z.boolean().default(true) }),
    { roles: OPERATOR },
  ),
};

export interface LayoutsEvents {
  /** The wall's layout (or the wall itself) changed: every display switches together. */
  'layout.changed': ActiveLayout & { layout: Layout | null; wall: Wall };
  /** A preset the console is about to show: prepare it hidden (no change on screen). */
  'layout.cued': { wall: Wall; layout: Layout };
  /** A preset, the schedule or the wall was saved, deleted or imported: 'layout.ahead' may have changed. */
  'presets.changed': { at: string };
}
