import { describe, expect, it } from 'vitest';
import { canvasSize, checkLayout } from '../../layouts/geometry';
import { layoutSchema, wallSchema } from '../../layouts/model';
import { KIOSK_PRESET_ID, wallRequestLayout } from '../../layouts/wall-request';
import { idleSecondsFrom } from '../../renderer/kiosk/idle-time';

const bezel = { top: 10, right: 10, bottom: 10, left: 10 };
const wall = wallSchema.parse({
  id: 'ioc-3x2',
  name: 'Tường 3x2',
  cols: 3,
  rows: 2,
  displays: [0, 1, 2, 3, 4, 5].map((i) => ({ id: `d${i + 1}`, col: i % 3, row: Math.floor(i / 3), width: 1920, height: 1080, bezel })),
});

describe('kiosk "Đưa lên tường" layout', () => {
  it('is one tile of the domain and district over the whole canvas, valid for the wall', () => {
    const layout = wallRequestLayout(wall, 'health', '689', 'Kiosk: Y tế — Đồng Xoài');
    expect(layoutSchema.parse(layout)).toEqual(layout);
    expect(checkLayout(wall, layout)).toEqual([]);
    expect(layout.id).toBe(KIOSK_PRESET_ID);
    expect(layout.wallId).toBe('ioc-3x2');
    const { width, height } = canvasSize(wall);
    expect(layout.tiles).toEqual([
      { id: 'kiosk-health', panel: 'health', view: '', options: { areaId: '689' }, rect: { x: 0, y: 0, w: width, h: height } },
    ]);
  });

  it('whole province: no area option; a long name is cut to what presets accept', () => {
    const layout = wallRequestLayout(wall, 'economy', undefined, 'x'.repeat(300));
    expect(layout.tiles[0].options).toEqual({});
    expect(layout.name).toHaveLength(120);
    expect(layoutSchema.safeParse(layout).success).toBe(true);
  });
});

describe('kiosk idle time', () => {
  it('comes from ?idle=SECONDS within sane bounds, else 3 minutes', () => {
    expect(idleSecondsFrom('?idle=60')).toBe(60);
    expect(idleSecondsFrom('')).toBe(180);
    expect(idleSecondsFrom('?idle=1')).toBe(180);
    expect(idleSecondsFrom('?idle=abc')).toBe(180);
    expect(idleSecondsFrom('?idle=99999')).toBe(180);
  });
});
