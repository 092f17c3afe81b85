import { describe, expect, it } from 'vitest';
import { gridWall } from '../../../layouts/presets';
import { rankRows, rowChange } from '../../../renderer/kiosk/compare';
import { displayTypeScale, tileTypeScale } from '../../../renderer/wall/type-scale';

const row = (areaId: string, value: number | null, previous: number | null) => ({ areaId, name: areaId, value, previous });

describe('so sánh địa bàn', () => {
  it('ranks the largest first and districts without a figure last, by name', () => {
    expect(rankRows([row('b', 5, 1), row('z', null, null), row('a', 9, 1), row('c', null, 2)]).map((r) => r.areaId)).toEqual(['a', 'b', 'c', 'z']);
  });

  it('changes against last year: relative, in points for percentages, none without a base', () => {
    expect(rowChange(row('a', 110, 100), false)).toEqual({ value: 0.1, kind: 'relative' });
    expect(rowChange(row('a', 95.5, 94), true)).toEqual({ value: 1.5, kind: 'points' });
    expect(rowChange(row('a', 3, 0), false)).toBeNull();
    expect(rowChange(row('a', null, 4), false)).toBeNull();
  });
});

describe('wall type scale', () => {
  it('follows the shorter side of the display against 1080 lines', () => {
    expect(displayTypeScale({ width: 1920, height: 1080 })).toBe(1);
    expect(displayTypeScale({ width: 3840, height: 2160 })).toBe(2);
    expect(displayTypeScale({ width: 1080, height: 1920 })).toBe(1);
    expect(displayTypeScale({ width: 3440, height: 1440 })).toBe(1.333);
    // Fewer lines than 1080: type is already larger on the glass; never shrunk.
    expect(displayTypeScale({ width: 1366, height: 768 })).toBe(1);
  });

  it('a tile takes the scale of the display that holds most of it', () => {
    const wall = gridWall({ cols: 2, rows: 1 });
    wall.displays[1] = { ...wall.displays[1]!, width: 3840, height: 2160 };
    const tile = (x: number, w: number) => ({ id: 't', panel: 'economy' as const, view: '', options: {}, rect: { x, y: 8, w, h: 500 } });
    expect(tileTypeScale(wall, tile(8, 1000))).toBe(1);
    expect(tileTypeScale(wall, tile(1900, 3000))).toBe(2);
  });
});
