/**
 * The district map as an SVG, for a frame drawn once off the page: the host draws a wall
 * display's first frame with react-dom/server before the page's code has loaded
 * (static-frame.ts), where no effect runs and Leaflet is only a stub. It draws what the live map
 * (Map.tsx) shows at first sight, from the same inputs and through the same code
 * (map-svg-project.ts): the boundaries at the detail the live map keeps at that size, its
 * choropleth and selection, the CAP warning areas, the points or their clusters (the same index,
 * radius and zoom), and the district names placed by the same rule (label-placement.ts).
 *
 * Leaflet's fitBounds is done by hand (Web Mercator, 12 px padding) into a viewBox, drawn
 * xMidYMid meet: the box the map will have is not known while the frame is drawn, so the
 * drawing is fitted for a typical wall map's (STATIC_BOX) and scaled into the real one.
 * Nothing here or in what it imports uses Leaflet.
 */
import type { ReactNode } from 'react';
import { formatNumber } from '../format';
import { useAreas } from './hooks';
import { useSurface } from './surface';
import { geometryContains, placeLabels, type LabelBox, type LabelCandidate } from './label-placement';
import { boundaryTolerance, geometryBounds } from './map-detail';
import type { MapProps } from './Map';
import {
  DEFAULT_VIEW,
  MARKER_MARGIN_PX,
  SITE_OBSTACLES_MAX,
  STATIC_BOX,
  TOUCH_CLUSTER_RADIUS,
  TOUCH_TARGET_PX,
  WALL_CLUSTER_RADIUS,
  areaFeatures,
  areaStyle,
  areaValue,
  centredView,
  choroplethMax,
  circleInView,
  clusterDiscPx,
  clusterIndex,
  drawableUnits,
  featuresAt,
  featuresBounds,
  fitView,
  fromView,
  placeablePoints,
  pointStyle,
  ringsPath,
  round1,
  shapeStyle,
  shownMarkers,
  toView,
  validLonLat,
  type AreaFeature,
  type FittedView,
} from './map-svg-project';
import type { AreaAnswer as Area } from '../../host/api/contract/core';

export type MapSvgProps = Omit<MapProps, 'ariaLabel'> & {
  /** The box to fit the drawing for (default STATIC_BOX: the frame cannot measure its own). */
  box?: { width: number; height: number };
};

/**
 * Points drawn one by one at most: past this the static drawing clusters whatever `clusterAbove`
 * says, so a frame's markup stays bounded (the live map draws them all on its canvas).
 */
const STATIC_POINTS_MAX = 1000;

/** District names: 18 px bold, 1.15 lines, in a tooltip of 6 px padding (theme.css .map-label, Leaflet's tooltip). */
const LABEL_PX = 18;
const LABEL_LINE = LABEL_PX * 1.15;
const LABEL_PADDING = 6;

/**
 * A bold name's width estimated from its letters (nothing can be measured where the frame is
 * drawn), a little wide rather than narrow: names estimated apart do not touch once drawn.
 */
function textPx(s: string): number {
  let em = 0;
  for (const ch of s.normalize('NFC')) {
    if (ch === ' ') em += 0.28;
    else if (/[iljtfrI.,:;'!|()]/.test(ch)) em += 0.36;
    else if (/[mwMW]/.test(ch)) em += 0.95;
    else if (ch !== ch.toLowerCase()) em += 0.72;
    else em += 0.62;
  }
  return em * LABEL_PX;
}

/** Outer rings of the polygons, then their holes: [lon, lat] positions, as GeoJSON gives them. */
function polygonsOf(g: AreaFeature['geometry']): number[][][][] {
  if (g.type === 'Polygon') return [g.coordinates];
  if (g.type === 'MultiPolygon') return g.coordinates;
  return [];
}

/**
 * Where Leaflet puts a district's name: the centroid of its first polygon's outer ring, projected
 * (L.Polygon#getCenter; see CentredLabel in Map.tsx), its first position for a ring of no area.
 */
function labelCentre(v: FittedView, g: AreaFeature['geometry']): { x: number; y: number } | null {
  const ring = polygonsOf(g)[0]?.[0];
  if (!ring || ring.length === 0) return null;
  const pts = ring.map(([lon, lat]) => toView(v, lat!, lon!));
  let area = 0;
  let x = 0;
  let y = 0;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const p1 = pts[i]!;
    const p2 = pts[j]!;
    const f = p1.y * p2.x - p2.y * p1.x;
    x += (p1.x + p2.x) * f;
    y += (p1.y + p2.y) * f;
    area += f * 3;
  }
  return area === 0 ? pts[0]! : { x: x / area, y: y / area };
}

interface Drawing {
  view: FittedView;
  tolerance: number | null;
  areas: { id: string; d: string; stroke: string; strokeWidth: number; fill: string; fillOpacity: number }[];
  points: { x: number; y: number; r: number; fill: string; stroke: string }[];
  shapes: { color: string; paths: string[]; ellipses: { x: number; y: number; rx: number; ry: number }[] }[];
  clusters: { x: number; y: number; r: number; count: number }[];
  labels: { x: number; y: number; lines: string[] }[];
}

const opacity = (x: number) => Math.round(x * 1000) / 1000;

/** What the live map draws at first sight from these inputs, in the view's px. */
function drawing(units: Area[], props: MapSvgProps, touch: boolean): Drawing {
  const box = props.box ?? STATIC_BOX;
  const color = props.color ?? '#66CCEE';
  const features = areaFeatures(drawableUnits(units));
  const values = props.areaValues ?? null;
  const maxValue = choroplethMax(values);
  const sel = props.selectedAreaId;

  // The fit: the chosen district, else every unit, at the detail the live map keeps for it.
  const fitted = sel && (props.zoomToSelected ?? true) ? features.filter((f) => f.properties.id === sel) : [];
  const geo = fitted.length > 0 ? geometryBounds(fitted.map((f) => f.geometry as never)) : featuresBounds(features);
  const tolerance = geo ? boundaryTolerance(geo, box.width, box.height) : null;
  const shown = featuresAt(features, tolerance);
  const fitBounds = fitted.length > 0 ? geometryBounds(shown.filter((f) => f.properties.id === sel).map((f) => f.geometry as never)) : featuresBounds(shown);
  const view = (fitBounds && fitView(fitBounds, box)) ?? centredView(DEFAULT_VIEW.lat, DEFAULT_VIEW.lon, DEFAULT_VIEW.zoom, box);
  const at = (lat: number, lon: number) => toView(view, lat, lon);
  const inView = (x: number, y: number, margin: number) => x >= -margin && y >= -margin && x <= view.width + margin && y <= view.height + margin;

  // Districts in the features' order (the live map's, so shared borders are drawn alike); those
  // wholly outside the view are left out of the markup.
  const areas: Drawing['areas'] = [];
  const drawn: AreaFeature[] = [];
  for (const f of shown) {
    const b = geometryBounds([f.geometry as never]);
    if (!b) continue;
    const nw = at(b.north, b.west);
    const se = at(b.south, b.east);
    if (se.x < 0 || se.y < 0 || nw.x > view.width || nw.y > view.height) continue;
    const d = ringsPath(polygonsOf(f.geometry).flatMap((poly) => poly.map((ring) => ring.map(([lon, lat]) => at(lat!, lon!)))));
    if (!d) continue;
    const s = areaStyle(f.properties.id, values, maxValue, sel, color);
    areas.push({ id: f.properties.id, d, stroke: s.color, strokeWidth: s.weight, fill: s.fillColor, fillOpacity: opacity(s.fillOpacity) });
    drawn.push(f);
  }

  // Points, or their clusters as the live map makes them (its index, radius and whole zoom), in
  // the view and a marker's width around it, as a wall display draws those under its window.
  const all = props.points ?? [];
  const pts = placeablePoints(all);
  const clustered = all.length > (props.clusterAbove ?? 200) || pts.length > STATIC_POINTS_MAX;
  const points: Drawing['points'] = [];
  const clusters: Drawing['clusters'] = [];
  const obstacles: LabelBox[] = [];
  const disc = (x: number, y: number, d: number) => obstacles.push({ id: 'disc', left: x - d / 2, top: y - d / 2, width: d, height: d });
  const addPoint = (p: (typeof pts)[number], x: number, y: number) => {
    const s = pointStyle(p, color);
    const r = typeof s.radius === 'number' && Number.isFinite(s.radius) && s.radius >= 0 ? s.radius : 8;
    points.push({ x, y, r, fill: String(s.fillColor), stroke: String(s.color) });
    return r;
  };
  if (clustered) {
    const nw = fromView(view, -MARKER_MARGIN_PX, -MARKER_MARGIN_PX);
    const se = fromView(view, view.width + MARKER_MARGIN_PX, view.height + MARKER_MARGIN_PX);
    const bbox: [number, number, number, number] = [Math.max(-180, nw.lon), Math.max(-85, se.lat), Math.min(180, se.lon), Math.min(85, nw.lat)];
    const index = clusterIndex(pts, touch ? TOUCH_CLUSTER_RADIUS : WALL_CLUSTER_RADIUS);
    for (const c of shownMarkers(index, bbox, view.zoom, at, touch ? TOUCH_TARGET_PX : 0)) {
      const { x, y } = at(c.lat, c.lon);
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      if (c.clusters.length === 0 && c.points.length === 1) {
        // A single point's circle with its 2 px outline.
        disc(x, y, 2 * (addPoint(pts[c.points[0]!]!, x, y) + 1));
        continue;
      }
      const size = clusterDiscPx(c.count);
      clusters.push({ x, y, r: size / 2 - 1.5, count: c.count });
      disc(x, y, size);
    }
  } else {
    for (const p of pts) {
      const { x, y } = at(p.lat, p.lon);
      if (!inView(x, y, MARKER_MARGIN_PX)) continue;
      const r = addPoint(p, x, y);
      // A map of sites: names keep off each marker.
      if (pts.length <= SITE_OBSTACLES_MAX) disc(x, y, 2 * (r + 1));
    }
  }

  // CAP warning areas: each ring and circle as the live map draws it.
  const shapes: Drawing['shapes'] = [];
  for (const sh of props.shapes ?? []) {
    const out: Drawing['shapes'][number] = { color: String(sh.color), paths: [], ellipses: [] };
    for (const ring of Array.isArray(sh.polygons) ? sh.polygons : []) {
      const placed = (Array.isArray(ring) ? ring : []).filter((p) => Array.isArray(p) && validLonLat(p[1], p[0])).map(([lat, lon]) => at(lat, lon));
      const d = ringsPath([placed]);
      if (d) out.paths.push(d);
    }
    for (const c of Array.isArray(sh.circles) ? sh.circles : []) {
      if (!validLonLat(c?.lon, c?.lat)) continue;
      // A CAP circle of radius 0 is a point: a small marker so it stays visible.
      const e = c.radiusKm > 0 ? circleInView(view, c.lat, c.lon, c.radiusKm * 1000) : { ...at(c.lat, c.lon), rx: 8, ry: 8 };
      if (e) out.ellipses.push(e);
    }
    if (out.paths.length > 0 || out.ellipses.length > 0) shapes.push(out);
  }

  // Names: candidates as the live map measures them, kept by its rule (label-placement).
  const labels: Drawing['labels'] = [];
  if (props.labels ?? true) {
    const cands: (LabelCandidate & { x: number; y: number; lines: string[]; geometry: AreaFeature['geometry'] })[] = [];
    for (const f of drawn) {
      const c = labelCentre(view, f.geometry);
      if (!c || !Number.isFinite(c.x) || !Number.isFinite(c.y)) continue;
      const { id, name, area } = f.properties;
      const v = areaValue(values, id);
      const lines = v !== undefined ? [name, formatNumber(v, 0)] : [name];
      const width = Math.max(...lines.map(textPx)) + 2 * LABEL_PADDING;
      const height = lines.length * LABEL_LINE + 2 * LABEL_PADDING;
      cands.push({ id, area: Number.isFinite(area) ? area : 0, selected: id === sel, value: v, left: c.x - width / 2, top: c.y - height / 2, width, height, ...c, lines, geometry: f.geometry });
    }
    const byId = new globalThis.Map(cands.map((c) => [c.id, c]));
    // A name moved off a disc must still lie in its own district.
    const fits = (c: LabelCandidate, dx: number, dy: number) => {
      const g = byId.get(c.id)?.geometry;
      const p = fromView(view, c.left + c.width / 2 + dx, c.top + c.height / 2 + dy);
      return !!g && geometryContains(g as never, p.lon, p.lat);
    };
    const placed = placeLabels(cands, { id: 'map', left: 0, top: 0, width: view.width, height: view.height }, { gap: 4, unit: 1, obstacles, fits });
    for (const c of cands) {
      const s = placed.get(c.id);
      if (s) labels.push({ x: c.x + s.dx, y: c.y + s.dy, lines: c.lines });
    }
  }
  return { view, tolerance, areas, points, shapes, clusters, labels };
}

/** The map's drawing for a static frame: see the file's comment. */
export function MapSvg(props: MapSvgProps) {
  const { units } = useAreas();
  const touch = useSurface() === 'kiosk';
  let d: Drawing;
  try {
    d = drawing(units, props, touch);
  } catch (err) {
    // One map's odd data must not fail the whole frame: the live map draws it once loaded.
    console.error('[map] static drawing failed', err);
    return <svg className="map__svg" aria-hidden="true" />;
  }
  const { view } = d;
  const color = props.color ?? '#66CCEE';
  const shapeStyleOf = shapeStyle('');
  const children: ReactNode[] = [];
  if (d.areas.length > 0) {
    children.push(
      <g key="areas" data-layer="areas" strokeLinejoin="round" strokeLinecap="round" fillRule="evenodd">
        {d.areas.map((a, i) => (
          <path key={i} data-area-id={a.id} d={a.d} fill={a.fill} fillOpacity={a.fillOpacity} stroke={a.stroke} strokeWidth={a.strokeWidth} />
        ))}
      </g>,
    );
  }
  if (d.points.length > 0) {
    children.push(
      <g key="points" data-layer="points" stroke="#ffffff" strokeWidth={2} fillOpacity={0.95}>
        {d.points.map((p, i) => (
          <circle key={i} cx={round1(p.x)} cy={round1(p.y)} r={round1(p.r)} fill={p.fill} stroke={p.stroke === '#ffffff' ? undefined : p.stroke} />
        ))}
      </g>,
    );
  }
  if (d.shapes.length > 0) {
    children.push(
      <g key="shapes" data-layer="shapes" strokeWidth={shapeStyleOf.weight} strokeDasharray={shapeStyleOf.dashArray} fillOpacity={shapeStyleOf.fillOpacity} strokeLinejoin="round">
        {d.shapes.flatMap((s, i) => [
          ...s.paths.map((p, j) => <path key={`${i}p${j}`} d={p} fill={s.color} stroke={s.color} />),
          ...s.ellipses.map((e, j) => (
            <ellipse key={`${i}e${j}`} cx={round1(e.x)} cy={round1(e.y)} rx={round1(e.rx)} ry={round1(e.ry)} fill={s.color} stroke={s.color} />
          )),
        ])}
      </g>,
    );
  }
  if (d.clusters.length > 0) {
    children.push(
      <g key="clusters" data-layer="clusters" fill={color} stroke="#fff" strokeWidth={3}>
        {d.clusters.map((c, i) => (
          <circle key={i} cx={round1(c.x)} cy={round1(c.y)} r={c.r} />
        ))}
      </g>,
      <g key="counts" data-layer="counts" fill="#000" fontSize={18} fontWeight={800} textAnchor="middle" dominantBaseline="central">
        {d.clusters.map((c, i) => (
          <text key={i} x={round1(c.x)} y={round1(c.y)}>
            {formatNumber(c.count, 0)}
          </text>
        ))}
      </g>,
    );
  }
  if (d.labels.length > 0) {
    children.push(
      <g
        key="labels"
        data-layer="labels"
        fill="#f2f5f9"
        fontSize={LABEL_PX}
        fontWeight={700}
        textAnchor="middle"
        dominantBaseline="central"
        stroke="#000"
        strokeWidth={4}
        strokeLinejoin="round"
        paintOrder="stroke"
      >
        {d.labels.map((l, i) => {
          const x = round1(l.x);
          const top = round1(l.y - ((l.lines.length - 1) * LABEL_LINE) / 2);
          return (
            <text key={i} x={x} y={top}>
              {l.lines.length === 1 ? l.lines[0] : l.lines.map((line, j) => <tspan key={j} x={x} y={round1(top + j * LABEL_LINE)}>{line}</tspan>)}
            </text>
          );
        })}
      </g>,
    );
  }
  return (
    <svg
      className="map__svg"
      viewBox={`0 0 ${round1(view.width)} ${round1(view.height)}`}
      preserveAspectRatio="xMidYMid meet"
      aria-hidden="true"
      data-zoom={Math.round(view.zoom * 1000) / 1000}
      data-boundary-tolerance={d.tolerance === null ? 'full' : d.tolerance}
    >
      {children}
    </svg>
  );
}
