import type { Layout, Wall } from '../layouts/model';
import { displayViewport } from '../layouts/geometry';
import type { Served } from '../tests/e2e/serve';

/** Camera ids `<prefix>-1` … `<prefix>-16`: one 4×4 grid. */
export const sixteen = (prefix: string) => Array.from({ length: 16 }, (_, i) => `${prefix}-${i + 1}`);

/** Saves and shows a layout of one 4×4 camera grid filling each named display (id → its cameras). */
export async function showCameraGrids(s: Served, id: string, grids: Record<string, string[]>): Promise<void> {
  const wall = await s.call<Wall>('wall.get', {});
  const layout: Layout = {
    id,
    name: `Bench ${id}`,
    wallId: wall.id,
    tiles: Object.entries(grids).map(([display, cameras]) => {
      const v = displayViewport(wall, display);
      return { id: `grid-${display}`, panel: 'cameraGrid', view: '', options: { grid: 4, cameras }, rect: { x: v.x, y: v.y, w: v.width, h: v.height } };
    }),
  };
  await s.call('preset.save', { layout });
  await s.call('preset.activate', { id });
}
