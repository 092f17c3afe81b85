import { z } from 'zod';
import { method } from './method';
import { layoutSchema, wallSchema, type Layout, type Wall } from '../../../layouts/model';
import { scheduleConfigSchema, type Resolution, type ScheduleConfig } from '../../../layouts/schedule';
import type { LayoutFile, ImportSummary } from '../../../layouts/file';

/** A preset as stored: the layout plus where it came from and when it last changed. */
export type PresetRecord = Layout & { bundled: boolean; updatedAt: string };

/** What the wall shows now, and why. */
export interface ActiveLayout {
  wall: Wall;
  layout: Layout | null;
  resolution: Resolution;
}

const idParam = z.object({ id: z.string().min(1) });

/** Walls, presets, the schedule and playlists (layouts engineer). */
export const layoutsMethods = {
  'wall.get': method<Wall>()(z.object({})),
  /** Replaces the wall; every preset is carried over to the new grid (geometry refit). */
  'wall.save': method<{ wall: Wall; presets: PresetRecord[] }>()(z.object({ wall: wallSchema })),
  'layout.active': method<ActiveLayout>()(z.object({})),
  'preset.list': method<PresetRecord[]>()(z.object({})),
  'preset.get': method<PresetRecord>()(idParam),
  /** Creates or replaces a preset; refused with every problem listed (overlaps, off-canvas…). */
  'preset.save': method<PresetRecord>()(z.object({ layout: layoutSchema })),
  'preset.delete': method<{ id: string }>()(idParam),
  'preset.duplicate': method<PresetRecord>()(z.object({ id: z.string().min(1), name: z.string().min(1).max(120) })),
  /** "Hiển thị lên tường": show a preset now; holds until the next scheduled change unless 'release'. */
  'preset.activate': method<ActiveLayout>()(
    z.object({ id: z.string().min(1), until: z.enum(['next-change', 'release']).default('next-change') }),
  ),
  'playlist.start': method<ActiveLayout>()(
    z.object({ id: z.string().min(1), until: z.enum(['next-change', 'release']).default('release') }),
  ),
  /**
   * The operator is looking at a preset in the editor: displays prepare it hidden
   * ('layout.cued'), so showing it is immediate. Changes nothing on screen.
   */
  'preset.cue': method<{ id: string }>()(idParam),
  /** Drops a manual switch: the schedule (or the default preset) takes over again. */
  'layout.release': method<ActiveLayout>()(z.object({})),
  'schedule.get': method<ScheduleConfig>()(z.object({})),
  'schedule.save': method<ScheduleConfig>()(scheduleConfigSchema),
  /** The versioned JSON file (layouts/file.ts) of the wall, presets and schedule. */
  'layouts.export': method<LayoutFile>()(
    z.object({
      presetIds: z.array(z.string()).optional(),
      wall: z.boolean().default(true),
      schedule: z.boolean().default(true),
    }),
  ),
  /** Imports a file; an invalid file is refused whole with every problem by path. */
  'layouts.import': method<ImportSummary>()(z.object({ file: z.unknown(), replace: z.boolean().default(false) })),
};

export interface LayoutsEvents {
  /** The wall's layout (or the wall itself) changed: every display switches together. */
  'layout.changed': ActiveLayout & { layout: Layout | null; wall: Wall };
  /** A preset the console is about to show: prepare it hidden (no change on screen). */
  'layout.cued': { wall: Wall; layout: Layout };
}
