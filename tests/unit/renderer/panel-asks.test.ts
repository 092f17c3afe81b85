/// <reference types="vite/client" />
// What a wall's start asks for (renderer/wall/first-queries.ts) is exactly what the panels ask for,
// for every domain panel, in every tile size and shape, overview and single-view tiles, with and
// without a district and a period — not only on the bundled presets that
// tests/e2e/wall-first-frame.spec.ts checks in Chromium. Each panel is rendered (react-dom/server)
// with the data hooks replaced by a recorder: the views it queries with `enabled` are what it
// would send. Both sides read the panel folder's asks.ts (renderer/panels/ask.ts); this fails
// when a panel asks for a view its asks.ts does not give at that size, or the other way round.
import { createElement, type ComponentType } from 'react';
import { renderToString } from 'react-dom/server';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DOMAIN_IDS, type DomainId } from '../../../domains/ids';
import { displayViewport } from '../../../layouts/geometry';
import type { Tile } from '../../../layouts/model';
import { DEFAULT_WALL } from '../../../layouts/presets';
import type { ViewOpts } from '../../../renderer/client/query-keys';
import { isWide, sizeForPixels, type PanelProps } from '../../../renderer/panels/types';
import { PANEL_VIEWS } from '../../../renderer/panels/views';
import { tileQueries } from '../../../renderer/wall/first-queries';
import { tileTypeScale } from '../../../renderer/wall/type-scale';

const asked: string[] = [];
const NO_DATA = { data: undefined, error: null, isError: false, isSuccess: false, isPending: true, isFetching: false };

vi.mock('../../../renderer/client/hooks', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  // The key a view query is cached and prefetched under: a disabled query is not sent.
  useView: (domain: string, view: string, o: ViewOpts = {}) => {
    if (o.enabled !== false) asked.push(key(domain, view, o.areaId, o.period));
    return NO_DATA;
  },
  useHost: () => NO_DATA,
}));
// Leaflet and Chart.js need a DOM; what a panel asks for is decided before either draws.
vi.mock('../../../renderer/components/Map', () => ({ Map: () => null }));
vi.mock('../../../renderer/components/Chart', async (importOriginal) => ({ ...(await importOriginal<object>()), Chart: () => null }));

const key = (domain: string, view: string, areaId?: string, period?: string) => JSON.stringify([domain, view, areaId ?? null, period ?? null]);

// Every panel folder, as the registry finds them; the domain ones are loaded below.
const LOADERS = import.meta.glob<{ default: ComponentType<PanelProps> }>('../../../renderer/panels/*/index.tsx');
const PANELS = new Map<DomainId, ComponentType<PanelProps>>();
const panelOf = (domain: DomainId) => PANELS.get(domain);

const wall = DEFAULT_WALL;
const d1 = displayViewport(wall, 'd1');
// Small, medium and large tiles, each also as a band much wider than tall (isWide).
const RECTS: [number, number][] = [
  [300, 300],
  [800, 200],
  [600, 400],
  [1200, 500],
  [1000, 700],
  [1900, 700],
];
const OPTIONS: Tile['options'][] = [{}, { areaId: '689' }, { period: '2025' }, { areaId: '689', period: '2025-03' }];

/** What the panel asks for when the wall mounts it in `tile` (as renderer/wall/TileView does). */
function panelAsks(domain: DomainId, tile: Tile): string[] {
  const Panel = panelOf(domain)!;
  const scale = tileTypeScale(wall, tile);
  const size = sizeForPixels(tile.rect.w / scale, tile.rect.h / scale);
  asked.length = 0;
  renderToString(createElement(Panel, { tile, size, areaId: tile.options.areaId, period: tile.options.period, onPainted: () => {} }));
  return [...new Set(asked)].sort();
}

const predicted = (tile: Tile) =>
  tileQueries(wall, tile)
    .map((q) => key(q.domain, q.view, q.areaId, q.period))
    .sort();

describe("a wall's first-frame queries are what each panel asks for", () => {
  beforeAll(async () => {
    // The i18n layer sets the page's language on the document when it loads.
    vi.stubGlobal('document', { documentElement: { lang: '' } });
    for (const domain of DOMAIN_IDS) {
      const load = LOADERS[`../../../renderer/panels/${domain}/index.tsx`];
      if (load) PANELS.set(domain, (await load()).default);
    }
  });
  afterAll(() => {
    vi.unstubAllGlobals();
  });
  beforeEach(() => {
    asked.length = 0;
  });

  it('covers every size, band or not', () => {
    const shapes = RECTS.map(([w, h]) => {
      const t: Tile = { id: 't', panel: 'economy', view: '', options: {}, rect: { x: d1.x, y: d1.y, w, h } };
      return `${sizeForPixels(w / tileTypeScale(wall, t), h / tileTypeScale(wall, t))}${isWide(t) ? ' wide' : ''}`;
    });
    expect(new Set(shapes)).toEqual(new Set(['small', 'small wide', 'medium', 'medium wide', 'large', 'large wide']));
  });

  for (const domain of DOMAIN_IDS) {
    it(`${domain}: overview and every view, at every size`, () => {
      expect(panelOf(domain), `renderer/panels/${domain}/index.tsx`).toBeDefined();
      let checked = 0;
      for (const view of ['', ...PANEL_VIEWS[domain], 'nonsense']) {
        for (const [w, h] of RECTS) {
          for (const options of OPTIONS) {
            const tile: Tile = { id: 't', panel: domain, view, options, rect: { x: d1.x, y: d1.y, w, h } };
            const want = predicted(tile);
            expect(want.length, JSON.stringify(tile)).toBeGreaterThan(0);
            expect(panelAsks(domain, tile), `${domain} view '${view}' ${w}×${h} ${JSON.stringify(options)}`).toEqual(want);
            checked++;
          }
        }
      }
      expect(checked).toBe((PANEL_VIEWS[domain].length + 2) * RECTS.length * OPTIONS.length);
    });
  }
});
