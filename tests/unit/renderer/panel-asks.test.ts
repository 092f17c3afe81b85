import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../domains/catalog';
import { DOMAIN_IDS } from '../../../domains/ids';
import type { Tile } from '../../../layouts/model';
import { panelAsks } from '../../../renderer/panels/asks';
import type { PanelSize } from '../../../renderer/panels/types';

// The one table of what a panel asks for at each size (renderer/panels/asks.ts), read by the
// panels and by a wall's first-frame prediction alike.
const tile = (w: number, h: number): Tile => ({ id: 't', panel: 'traffic', view: '', options: {}, rect: { x: 0, y: 0, w, h } });
const SIZES: PanelSize[] = ['small', 'medium', 'large'];

describe('panel asks', () => {
  it('asks only for views the domain catalog defines, each once, always its kpis', () => {
    for (const d of DOMAIN_IDS) {
      const ids = new Set(CATALOG[d].views.map((v) => v.id));
      for (const size of SIZES) {
        const asks = panelAsks(d, tile(1920, 1080), size);
        for (const a of asks) expect(ids, `${d}.${a.view}`).toContain(a.view);
        expect(new Set(asks.map((a) => a.view)).size).toBe(asks.length);
        expect(asks.some((a) => a.view === 'kpis')).toBe(true);
      }
    }
  });

  it('a focus tile asks for its kpis and its one view at every size; district bars for the province', () => {
    expect(panelAsks('land', tile(400, 300), 'small', 'map')).toEqual([
      { view: 'kpis', sizes: SIZES },
      { view: 'map', sizes: SIZES, province: false },
    ]);
    expect(panelAsks('land', tile(400, 300), 'small', 'byArea')[1]).toMatchObject({ view: 'byArea', province: true });
  });

  it("traffic's breakdown: in a large tile, and in a wide medium one only", () => {
    const byKind = (w: number, h: number, size: PanelSize) => panelAsks('traffic', tile(w, h), size).find((a) => a.view === 'byKind')!.sizes;
    expect(byKind(1920, 1080, 'large')).toEqual(['medium', 'large']);
    expect(byKind(1900, 400, 'medium')).toEqual(['medium', 'large']);
    expect(byKind(700, 500, 'medium')).toEqual([]);
  });
});
