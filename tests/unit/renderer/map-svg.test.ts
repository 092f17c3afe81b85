// The district map as a wall's first frame draws it (renderer/components/map-svg.tsx): the host
// renders the frame with react-dom/server inside StaticFrameContext, where no effect runs and
// Leaflet is a stub. Rendered here the same way, from the bundled boundaries, and checked against
// what the live map (Map.tsx, Leaflet) draws from the same inputs: its choropleth, its fit, its
// clusters. A .ts file like the other renderer tests: the node typecheck has no JSX, so the
// components are imported by path at run time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createElement, type ComponentType, type ReactElement } from 'react';
import { renderToString } from 'react-dom/server';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import Supercluster from 'supercluster';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { geometryLevels } from '../../../base/boundary-detail';
import { hostKey } from '../../../renderer/client/query-keys';
import { StaticFrameContext } from '../../../renderer/components/static-frame';
import { SurfaceContext } from '../../../renderer/components/surface';
import { FIT_PADDING_PX, STATIC_BOX, WALL_CLUSTER_RADIUS, areaStyle, choroplethMax } from '../../../renderer/components/map-svg-project';

// The server build replaces Leaflet with an inert stub; so does this test, counting what is
// called on it (its module-level uses in Map.tsx run at import, before the count starts).
const probe = vi.hoisted(() => ({ loaded: false, calls: 0 }));
vi.mock('leaflet', () => {
  probe.loaded = true;
  const inert: object = new Proxy(function () {}, {
    get: (t, k) => (typeof k === 'symbol' ? undefined : k === 'prototype' ? (t as { prototype: object }).prototype : inert),
    apply: () => {
      probe.calls++;
      return inert;
    },
    construct: () => {
      probe.calls++;
      return inert;
    },
  });
  return { default: inert };
});
vi.mock('../../../renderer/client/context', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  useHostClient: () => ({ call: () => new Promise(() => {}) }),
}));

interface Point {
  id: string;
  lat: number;
  lon: number;
  color?: string;
  radius?: number;
  stroke?: string;
  title: string;
}

type Props = Record<string, unknown>;
let MapC: ComponentType<Props>;
let leafletWithSvgOnly: boolean | undefined;

const districts = JSON.parse(readFileSync(join(import.meta.dirname, '../../../data/geo/binh-phuoc-districts.geojson'), 'utf8')) as {
  features: { properties: { name: string; gso_code: string; kind: string }; geometry: { type: string; coordinates: unknown } }[];
};
const province = JSON.parse(readFileSync(join(import.meta.dirname, '../../../data/geo/binh-phuoc-province.geojson'), 'utf8')) as {
  features: { geometry: { type: string; coordinates: unknown } }[];
};
/** 'areas.list' as the host answers it for the bundled boundaries: each with its detail levels. */
const area = (id: string, name: string, geometry: unknown, level = 'district') => ({
  id,
  version: '2019',
  level,
  parentId: level === 'province' ? null : '70',
  name,
  kind: 'huyện',
  geometry,
  detail: geometry ? geometryLevels(geometry as never) : null,
  lat: null,
  lon: null,
});
const AREAS = [
  area('70', 'Bình Phước', province.features[0]!.geometry, 'province'),
  ...districts.features.map((f) => area(f.properties.gso_code, f.properties.name, f.geometry)),
];

/** Points around eleven towns of the province, as the demo's reports are (deterministic). */
function points(n: number, seed = 7): Point[] {
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const towns = Array.from({ length: 11 }, () => [106.55 + rnd() * 0.75, 11.45 + rnd() * 0.7] as const);
  return Array.from({ length: n }, (_, i) => {
    const [lon, lat] = towns[Math.floor(rnd() * towns.length)]!;
    return { id: `p${i}`, lon: lon + (rnd() - 0.5) * 0.12, lat: lat + (rnd() - 0.5) * 0.12, title: `điểm ${i}`, color: i % 2 ? '#ee6677' : '#228833', radius: i % 3 ? 8 : 12 };
  });
}

function render(props: Props, opts: { frame?: boolean; areas?: unknown[] } = {}): string {
  const qc = new QueryClient();
  qc.setQueryData(hostKey('areas.list', { withGeometry: true }), opts.areas ?? AREAS);
  let el: ReactElement = createElement(MapC, { ariaLabel: 'Bản đồ thử', ...props });
  el = createElement(SurfaceContext.Provider, { value: 'wall' }, el);
  el = createElement(QueryClientProvider, { client: qc }, el);
  if (opts.frame ?? true) el = createElement(StaticFrameContext.Provider, { value: true }, el);
  return renderToString(el);
}

const attrs = (tag: string): Record<string, string> => Object.fromEntries([...tag.matchAll(/([\w:-]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
const tags = (html: string, name: string) => [...html.matchAll(new RegExp(`<${name}\\b[^>]*>`, 'g'))].map((m) => attrs(m[0]));
/** The markup of one layer of the drawing (`<g data-layer="…">`; layers hold no groups). */
const layer = (html: string, name: string) => html.match(new RegExp(`<g data-layer="${name}"[^>]*>(.*?)</g>`))?.[1] ?? '';
const svgOf = (html: string) => attrs(html.match(/<svg\b[^>]*>/)?.[0] ?? '');
/** Counts as printed on the clusters (grouping dots or commas taken out). */
const clusterCounts = (html: string) => [...layer(html, 'counts').matchAll(/>([\d.,\s]+)</g)].map((m) => Number(m[1]!.replace(/[.,\s]/g, '')));

/** Web Mercator as Leaflet's EPSG3857 puts it, in px at `zoom` (256 px tiles). */
const mercX = (lon: number, zoom: number) => ((lon + 180) / 360) * 256 * 2 ** zoom;
const mercY = (lat: number, zoom: number) => {
  const s = Math.sin((lat * Math.PI) / 180);
  return (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * 256 * 2 ** zoom;
};
function boundsOf(geoms: { coordinates: unknown }[]) {
  let west = Infinity, south = Infinity, east = -Infinity, north = -Infinity;
  const walk = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      west = Math.min(west, c[0]);
      east = Math.max(east, c[0]);
      south = Math.min(south, c[1] as number);
      north = Math.max(north, c[1] as number);
    } else c.forEach(walk);
  };
  geoms.forEach((g) => walk(g.coordinates));
  return { west, south, east, north };
}
/** Leaflet's fitBounds with zoomSnap 0 and 12 px padding in a `box`: the zoom it picks. */
function fitZoom(b: { west: number; south: number; east: number; north: number }, box: { width: number; height: number }) {
  const w0 = mercX(b.east, 0) - mercX(b.west, 0);
  const h0 = mercY(b.south, 0) - mercY(b.north, 0);
  return Math.log2(Math.min((box.width - 2 * FIT_PADDING_PX) / w0, (box.height - 2 * FIT_PADDING_PX) / h0));
}

// Imported by path at run time: the node typecheck has no JSX or DOM types for the components.
const MAP_SVG: string = '../../../renderer/components/map-svg';
const MAP: string = '../../../renderer/components/Map';

beforeAll(async () => {
  // The i18n layer sets the page's language on the document when it loads.
  vi.stubGlobal('document', { documentElement: { lang: '' } });
  // Alone first: whether the static drawing's own imports bring Leaflet in.
  await import(/* @vite-ignore */ MAP_SVG);
  leafletWithSvgOnly = probe.loaded;
  MapC = ((await import(/* @vite-ignore */ MAP)) as { Map: ComponentType<Props> }).Map;
});
afterAll(() => vi.unstubAllGlobals());

describe("a wall's first frame draws the district map as SVG", () => {
  it('without the frame, renders the live map’s container as before', () => {
    expect(render({ points: points(3), shapes: [{ id: 's', polygons: [], circles: [], color: '#f00', title: 'x' }] }, { frame: false })).toBe(
      '<div class="map" role="img" aria-label="Bản đồ thử" data-map-points="3" data-map-shapes="1"><div style="position:absolute;inset:0"></div></div>',
    );
  });

  it('keeps the live wrapper and its markers, and neither loads nor calls Leaflet', () => {
    expect(leafletWithSvgOnly).toBe(false);
    probe.calls = 0;
    const html = render({ points: points(3), shapes: [] });
    expect(probe.calls).toBe(0);
    expect(html).toMatch(/^<div class="map" role="img" aria-label="Bản đồ thử" data-map-points="3" data-map-shapes="0"><svg /);
    const svg = svgOf(html);
    expect(svg.preserveAspectRatio).toBe('xMidYMid meet');
    expect(svg.viewBox).toMatch(/^0 0 \d+(\.\d)? \d+(\.\d)?$/);
  });

  it('draws one path per district, filled by the live choropleth, the selected one stroked as live', () => {
    const values = { '689': 40, '690': 10, '691': 0 };
    const color = '#ee6677';
    const html = render({ areaValues: values, selectedAreaId: '692', zoomToSelected: false, color, labels: false });
    const paths = tags(layer(html, 'areas'), 'path');
    expect(paths.map((p) => p['data-area-id']).sort()).toEqual(districts.features.map((f) => f.properties.gso_code).sort());
    const max = choroplethMax(values);
    for (const p of paths) {
      const want = areaStyle(p['data-area-id']!, values, max, '692', color);
      expect(p.fill).toBe(want.fillColor);
      expect(Number(p['fill-opacity'])).toBeCloseTo(want.fillOpacity, 2);
      expect(p.stroke).toBe(want.color);
      expect(Number(p['stroke-width'])).toBe(want.weight);
      // Tenths of a pixel at most: the frame's HTML stays small.
      expect(p.d).not.toMatch(/\.\d\d/);
      expect(p.d).toMatch(/^M[\d.]+[ ,-]?[\d.-]+/);
    }
    const by = Object.fromEntries(paths.map((p) => [p['data-area-id'], p]));
    // The live map's scale: its accent at 0.12 + 0.55 × value / largest value; the selected in yellow, 4 px.
    expect(Number(by['689']!['fill-opacity'])).toBeCloseTo(0.67, 2);
    expect(Number(by['690']!['fill-opacity'])).toBeCloseTo(0.12 + 0.55 / 4, 2);
    expect(Number(by['688']!['fill-opacity'])).toBeCloseTo(0.12, 2);
    expect(by['692']!.stroke).toBe('#ffd34d');
    expect(by['692']!['stroke-width']).toBe('4');
    expect(by['688']!.stroke).toBe('#c5cfdc');
  });

  it('fits the province, or the selected district, as Leaflet fits them (Web Mercator, 12 px padding)', () => {
    const all = boundsOf(districts.features.map((f) => f.geometry));
    const z = fitZoom(all, STATIC_BOX);
    const html = render({ points: [{ id: 'a', lat: 11.5, lon: 106.9, title: 'a' }] });
    const svg = svgOf(html);
    // The fit is of the boundaries as drawn (simplified under half a pixel): within a pixel of the full ones.
    expect(Number(svg['data-zoom'])).toBeCloseTo(z, 2);
    const [, , w, h] = svg.viewBox!.split(' ').map(Number);
    expect(Math.abs(w! - (mercX(all.east, z) - mercX(all.west, z) + 24))).toBeLessThan(1.5);
    expect(Math.abs(h! - (mercY(all.south, z) - mercY(all.north, z) + 24))).toBeLessThan(1.5);
    // Leaflet's limiting side fills the box: the province is about square, so the height here.
    expect(Math.abs(h! - STATIC_BOX.height)).toBeLessThan(1.5);
    const c = tags(layer(html, 'points'), 'circle')[0]!;
    expect(Math.abs(Number(c.cx) - (mercX(106.9, z) - mercX(all.west, z) + 12))).toBeLessThan(1.5);
    expect(Math.abs(Number(c.cy) - (mercY(11.5, z) - mercY(all.north, z) + 12))).toBeLessThan(1.5);

    const dx = boundsOf([districts.features.find((f) => f.properties.gso_code === '689')!.geometry]);
    const zoomed = svgOf(render({ selectedAreaId: '689' }));
    expect(Number(zoomed['data-zoom'])).toBeCloseTo(fitZoom(dx, STATIC_BOX), 2);
    expect(Number(zoomed['data-zoom'])).toBeGreaterThan(z + 1);
    expect(Number(svgOf(render({ selectedAreaId: '689', zoomToSelected: false }))['data-zoom'])).toBeCloseTo(z, 2);
  });

  it('draws every point as a circle with its colour, radius and outline when not clustered', () => {
    const pts = points(150);
    pts[0]!.stroke = '#05080d';
    const circles = tags(layer(render({ points: pts, color: '#4477aa' }), 'points'), 'circle');
    expect(circles).toHaveLength(150);
    expect(circles[0]).toMatchObject({ r: '12', fill: '#228833', stroke: '#05080d' });
    expect(circles[1]).toMatchObject({ r: '8', fill: '#ee6677' });
    const plain = tags(layer(render({ points: [{ id: 'x', lat: 11.6, lon: 106.8, title: 'x' }], color: '#4477aa' }), 'points'), 'circle');
    // No colour of its own: the map's accent, 8 px, the group's white outline.
    expect(plain).toEqual([expect.objectContaining({ r: '8', fill: '#4477aa' })]);
    expect(layer(render({ points: pts }), 'counts')).toBe('');
  });

  it('clusters above clusterAbove exactly as Supercluster with the live wall radius does at the fitted zoom', () => {
    expect(WALL_CLUSTER_RADIUS).toBe(72);
    const pts = points(300);
    const html = render({ points: pts });
    const z = Number(svgOf(html)['data-zoom']);
    expect(z).toBeCloseTo(fitZoom(boundsOf(districts.features.map((f) => f.geometry)), STATIC_BOX), 2);
    const index = new Supercluster({ radius: WALL_CLUSTER_RADIUS, maxZoom: 16 });
    index.load(pts.map((p) => ({ type: 'Feature' as const, geometry: { type: 'Point' as const, coordinates: [p.lon, p.lat] }, properties: {} })));
    const want = index.getClusters([-180, -85, 180, 85], Math.round(z)).map((c) => (c.properties as { point_count?: number }).point_count ?? 1);
    const singles = tags(layer(html, 'points'), 'circle').length;
    const got = [...clusterCounts(html), ...Array<number>(singles).fill(1)];
    expect(got.sort((a, b) => a - b)).toEqual(want.sort((a, b) => a - b));
    expect(want.some((n) => n > 1)).toBe(true);
    expect(got.reduce((s, n) => s + n, 0)).toBe(300);
    // Discs sized by count as the live map's (36, 44, 54 px across, 3 px white ring inside).
    for (const c of tags(layer(html, 'clusters'), 'circle')) expect(['16.5', '20.5', '25.5']).toContain(c.r);
    // A higher threshold: every point its own circle.
    expect(tags(layer(render({ points: pts, clusterAbove: 1000 }), 'points'), 'circle')).toHaveLength(300);
  });

  it('names the districts where they fit, the selected first, its figure under its name', () => {
    const html = render({ areaValues: { '689': 1234 }, selectedAreaId: '689', zoomToSelected: false });
    const names = layer(html, 'labels');
    expect(names).toContain('Đồng Xoài');
    expect(names).toMatch(/Đồng Xoài<\/tspan><tspan[^>]*>1[.,]234</);
    const [, , w, h] = svgOf(html).viewBox!.split(' ').map(Number);
    for (const t of tags(names, 'text')) {
      expect(Number(t.x)).toBeGreaterThan(0);
      expect(Number(t.x)).toBeLessThan(w!);
      expect(Number(t.y)).toBeGreaterThan(0);
      expect(Number(t.y)).toBeLessThan(h!);
    }
    expect(layer(render({ labels: false }), 'labels')).toBe('');
  });

  it("draws a CAP warning's polygons and circles dashed, as the live map", () => {
    const html = render({
      shapes: [
        {
          id: 'w',
          color: '#cc3311',
          title: 'Cảnh báo',
          polygons: [[[11.5, 106.6], [11.9, 106.7], [11.7, 107.1], [11.5, 106.6]]],
          circles: [{ lat: 11.8, lon: 106.9, radiusKm: 10 }, { lat: 11.6, lon: 107.0, radiusKm: 0 }],
        },
      ],
    });
    const shapes = layer(html, 'shapes');
    expect(tags(shapes, 'path')).toHaveLength(1);
    const [big, dot] = tags(shapes, 'ellipse');
    expect(Number(big!.rx)).toBeGreaterThan(10);
    expect(Math.abs(Number(big!.rx) / Number(big!.ry) - 1)).toBeLessThan(0.05);
    expect(dot).toMatchObject({ rx: '8', ry: '8' });
    expect(svgOf(html)).toBeDefined();
    expect(layer(html, 'shapes').length).toBeGreaterThan(0);
    expect(html).toMatch(/<g data-layer="shapes"[^>]*stroke-dasharray="10 6"/);
  });

  it('never throws nor writes NaN or Infinity, whatever the data', () => {
    const bad = JSON.parse('{"__proto__": 5, "constructor": 3, "689": "x", "690": null}') as Record<string, number>;
    const weird = [
      area('__proto__', 'Proto', districts.features[0]!.geometry),
      area('constructor', 'Ctor', null),
      area('e1', 'Empty', { type: 'Polygon', coordinates: [] }),
      area('e2', 'No coordinates', { type: 'Polygon' }),
      area('e3', 'Not an array', { type: 'Polygon', coordinates: 5 }),
      { ...area('e4', 'Bad positions', null), geometry: { type: 'Polygon', coordinates: [[[NaN, 11], [106.5, 91], [1e9, 11.5], ['106.7', '11.6'], [106.8, 11.7], [106.9, 11.6], [106.8, 11.4]]] }, detail: [[99, 1, 2, 3, 99]] },
      area('e5', 'Empty rings', { type: 'MultiPolygon', coordinates: [[[]], [], [[[106.6, 11.5]]]] }),
      area('e6', 'Point', { type: 'Point', coordinates: [106.9, 11.7] }),
      area('e7', 'Line', { type: 'LineString', coordinates: [[106.9, 11.7], [107, 11.8]] }),
      { ...area('e8', 'Wrong levels', districts.features[1]!.geometry), detail: 'nonsense' },
      { ...area('e9', 'Nested nonsense', null), geometry: { type: 'MultiPolygon', coordinates: [[['a', 'b']], [[null]], 7] }, detail: [[[1]]] },
      area('e10', '', { type: 'Polygon', coordinates: [[[106.6, 11.5], [106.7, 11.5], [106.7, 11.6], [106.6, 11.5]]] }),
    ];
    const hostilePoints = [
      { id: '__proto__', lat: NaN, lon: 106.8, title: 'nan' },
      { id: 'b', lat: 11.6, lon: Infinity, title: 'inf' },
      { id: 'c', lat: '11.6', lon: '106.8', title: 'strings' },
      { id: 'd', lat: 91, lon: 106.8, title: 'pole' },
      { id: 'e', lat: 11.7, lon: 106.8, title: 'ok', radius: NaN, color: undefined },
      { id: 'f', lat: 11.7, lon: 106.9, title: 'big', radius: Infinity },
    ];
    const shapes = [
      { id: 's', color: '#f00', title: 's', polygons: [[[NaN, 106], [11, 'x'], [91, 1e9]], [], [[11.5, 106.6], [11.6, 106.7], [11.7, 106.6]]], circles: [{ lat: NaN, lon: 1, radiusKm: 3 }, { lat: 11.5, lon: 106.7, radiusKm: NaN }, { lat: 11.5, lon: 106.7, radiusKm: 1e12 }, { lat: 11.5, lon: 106.7, radiusKm: -4 }] },
    ];
    const cases: [string, Props, unknown[]][] = [
      ['hostile areas among good ones', { areaValues: bad, selectedAreaId: '__proto__', points: hostilePoints, shapes }, [...AREAS, ...weird]],
      ['only hostile areas', { areaValues: bad, selectedAreaId: 'e4', points: hostilePoints, shapes }, weird],
      ['no areas, no points', { points: [] }, []],
      ['a selected id that does not exist', { selectedAreaId: 'nope', areaValues: { nope: 3 } }, AREAS],
      ['a selected id of an inherited name', { selectedAreaId: 'constructor', areaValues: bad }, AREAS],
      ['only bad points, clustered', { points: Array.from({ length: 500 }, (_, i) => ({ id: `n${i}`, lat: NaN, lon: NaN, title: 'n' })) }, AREAS],
      ['a zero-size district selected', { selectedAreaId: 'dot' }, [...AREAS, area('dot', 'Dot', { type: 'Polygon', coordinates: [[[106.8, 11.6], [106.8, 11.6], [106.8, 11.6], [106.8, 11.6]]] })]],
      ['clusterAbove not a number', { points: points(300), clusterAbove: NaN }, AREAS],
    ];
    // Drawn, not given up on: the drawing's last resort (an empty SVG) logs an error, React's warnings too.
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    for (const [what, props, areas] of cases) {
      let html = '';
      expect(() => (html = render(props, { areas })), what).not.toThrow();
      expect(html, what).toContain('<svg');
      expect(html, what).not.toMatch(/NaN|Infinity/);
    }
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
    // The good districts are still drawn among the bad ones; the bad positions are left out.
    const mixed = render({ points: hostilePoints }, { areas: [...AREAS, ...weird] });
    expect(tags(layer(mixed, 'areas'), 'path').length).toBeGreaterThanOrEqual(11);
    expect(tags(layer(mixed, 'points'), 'circle')).toHaveLength(2);
  });

  it('bounds the markup for 100,000 points: clusters at most as many as fit the box a cluster radius apart', () => {
    const pts = points(100_000, 3);
    const html = render({ points: pts });
    const [, , w, h] = svgOf(html).viewBox!.split(' ').map(Number);
    const clusters = tags(layer(html, 'clusters'), 'circle').length;
    const singles = tags(layer(html, 'points'), 'circle').length;
    // Supercluster's seeds at one zoom lie more than its radius apart, i.e. at least 36 px × 2^-0.5
    // on the fitted (fractional) zoom; a marker sits within a radius of its seed, and markers are
    // drawn 32 px past the edge: no more than one per disc of half that spacing over the grown box.
    const r = 36 * Math.SQRT1_2;
    const grown = 2 * (32 + 36);
    const most = Math.ceil(((w! + grown) * (h! + grown)) / (Math.PI * (r / 2) ** 2));
    expect(clusters + singles).toBeLessThanOrEqual(most);
    expect(clusterCounts(html).reduce((s, n) => s + n, 0) + singles).toBe(100_000);
    // About 110 bytes a marker at most (a disc and its count) over the districts' ~20 KB.
    expect(html.length).toBeLessThan(20_000 + most * 110);
    expect(html.length).toBeLessThan(100_000);
  });
});
