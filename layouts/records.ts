import type { Layout, Wall } from './model';
import type { Resolution } from './schedule';

/** A preset as stored: the layout plus where it came from and when it last changed. */
export type PresetRecord = Layout & { bundled: boolean; updatedAt: string };

/** What the wall shows now, and why. */
export interface ActiveLayout {
  wall: Wall;
  layout: Layout | null;
  resolution: Resolution;
}
