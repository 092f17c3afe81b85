import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Area } from '../../domains';
import { centroid, interiorPoint, polygonsOf, type PolygonalGeometry, type PolygonCoords, type Ring } from './geometry';
import { FLOOR_LEVEL, simplifyRings } from './simplify-rings';
import { FileRefused, MB, readRegularFile } from '../files';
import { cutText } from '../views/text-cut';
import { toStr } from '../../sync/adapters/util';

/**
 * Reads the district boundaries (the bundled GPL-3.0 file in data/geo/, or the installer's file
 * from config `boundaries.file`) into area records. The bundled file is read at run time, never
 * compiled in, so it stays a separate work under its own licence.
 */

export const AREA_VERSION_2019 = '2019';
export const PROVINCE_ID = '70';
export const DISTRICTS_FILE = 'binh-phuoc-districts.geojson';
const PROVINCE_FILE = 'binh-phuoc-province.geojson';

/**
 * Positions kept over the whole file (districts and the province outline together) once it is
 * simplified: ~5× the bundled file's 9,461, some 1.3 MB of `areas.list`. A finer file is
 * simplified at the finest level that fits (see simplify-rings.ts).
 */
export const BOUNDARY_BUDGET = 50_000;
/**
 * The most positions a file may hold before it is simplified. Reading and simplifying run at
 * start, before anything is served (and again only when the file changes, prepare-data.ts): the
 * 37 MB, 1.5 M-position test file (official files are often that size) takes ~3 s on a 2-core
 * machine. Twice that is taken; a larger file is refused with how to simplify it, not read for
 * a minute on every change.
 */
export const MAX_BOUNDARY_POSITIONS = 3_000_000;
/** The largest file read: ~25 bytes a position, so about the same cap as MAX_BOUNDARY_POSITIONS. */
const MAX_BOUNDARY_MB = 100;
/** A district's name or kind on a label, a list, a tooltip; a longer one is a mistake of the file. */
export const MAX_NAME_CHARS = 160;
/**
 * A district code as GSO gives them (3 digits for a district, 2 for a province, 5 for a commune)
 * or an installer's own code: it becomes an area id in every record, URL and log line, so nothing
 * but letters, digits and `_.-`.
 */
const CODE = /^[0-9A-Za-z_.-]{1,20}$/;
/** A ring whose shoelace area is below this (deg², ≈ 0.01 m²) covers nothing: flat, or one point. */
const NO_AREA = 1e-12;

const SIMPLIFY_HINT =
  'Simplify it first, e.g. `npx mapshaper in.geojson -simplify 10% keep-shapes -o out.geojson` (or QGIS: Vector › Geometry Tools › Simplify), ' +
  'then point "boundaries.file" at the result.';

/**
 * What loadBoundaries makes of a file, as a tag: changed whenever its output for the same file
 * would (the simplification's floor and budget, or this number when the rules change), so a
 * database that stored an older reading of the file is given the new one.
 */
export const BOUNDARIES_FORMAT = `3/${FLOOR_LEVEL}/${BOUNDARY_BUDGET}/${MAX_NAME_CHARS}`;

export class BoundariesError extends Error {
  override name = 'BoundariesError';
}

interface Feature {
  type: 'Feature';
  properties: { gso_code?: unknown; name?: unknown; kind?: unknown } | null;
  geometry: PolygonalGeometry | null;
}

/** Finds data/geo/ from the source tree (tsx, vitest) or from a bundle in dist/ (walks up). */
export function bundledGeoDir(): string {
  const candidates: string[] = [];
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    candidates.push(join(dir, 'data', 'geo'));
    dir = dirname(dir);
  }
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) candidates.push(join(resourcesPath, 'data', 'geo'));
  candidates.push(resolve('data', 'geo'));
  const found = candidates.find((d) => existsSync(join(d, DISTRICTS_FILE)));
  if (!found) {
    throw new BoundariesError(
      `The bundled district boundaries (data/geo/${DISTRICTS_FILE}) were not found. ` +
        `Reinstall IOC Wall, or set "boundaries": {"file": "..."} in the config to a GeoJSON file of the districts.`,
    );
  }
  return found;
}

export interface BoundaryLimits {
  /** MAX_BOUNDARY_POSITIONS unless a test needs a smaller cap. */
  maxPositions?: number;
  /** BOUNDARY_BUDGET unless a test needs another. */
  budget?: number;
}

function readFeatures(file: string): Feature[] {
  let json: unknown;
  try {
    // A BOM (GIS tools on Windows write one) is read past, as the config loader does.
    json = JSON.parse(readRegularFile(file, MAX_BOUNDARY_MB * MB, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    if (e instanceof FileRefused && e.code.startsWith('larger than')) {
      throw new BoundariesError(`Tệp ranh giới quá lớn / The boundaries file ${file} is ${e.code}. ${SIMPLIFY_HINT}`);
    }
    throw new BoundariesError(
      `Could not read the boundaries file ${file}: ${(e as Error).message}. Check the path in "boundaries.file" and that it is GeoJSON.`,
    );
  }
  const fc = (json !== null && typeof json === 'object' ? json : {}) as { type?: string; features?: unknown[] };
  if (fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new BoundariesError(`The boundaries file ${file} is not a GeoJSON FeatureCollection.`);
  }
  const i = fc.features.findIndex((f) => f === null || typeof f !== 'object');
  if (i >= 0) throw new BoundariesError(`Feature ${i} of ${file} is not a GeoJSON Feature object.`);
  return fc.features as Feature[];
}

// The geometry maths (geo.ts) iterates the coordinates without checking them, so a hand-edited
// file with a malformed ring must be refused here with its feature number, not crash there.
// A position is [lon, lat] on the Earth: a file with its axes swapped or in a projected system
// (metres) would put a district off the map and every report into no district.
const isPosition = (p: unknown) =>
  Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number' && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90;
const isRing = (r: unknown) => Array.isArray(r) && r.length >= 4 && r.every(isPosition);
const isPolygonCoords = (c: unknown) => Array.isArray(c) && c.length > 0 && c.every(isRing);

function isPolygonal(g: PolygonalGeometry | null): g is PolygonalGeometry {
  if (g === null || typeof g !== 'object') return false;
  if (g.type === 'Polygon') return isPolygonCoords(g.coordinates);
  return g.type === 'MultiPolygon' && Array.isArray(g.coordinates) && g.coordinates.length > 0 && g.coordinates.every(isPolygonCoords);
}

/** Positions of a feature's polygons, counted before any is checked (a cheap walk of the arrays). */
function positionsIn(g: unknown): number {
  const c = (g as { type?: unknown; coordinates?: unknown } | null)?.coordinates;
  if (!Array.isArray(c)) return 0;
  const polys = (g as { type?: unknown }).type === 'Polygon' ? [c] : c;
  let n = 0;
  for (const p of polys) if (Array.isArray(p)) for (const r of p) if (Array.isArray(r)) n += r.length;
  return n;
}

function shoelace(ring: Ring): number {
  let a = 0;
  for (let i = 1; i < ring.length; i++) a += ring[i - 1]![0] * ring[i]![1] - ring[i]![0] * ring[i - 1]![1];
  return Math.abs(a / 2);
}

/**
 * The polygons that cover something. A ring of one point or of positions on one line has no
 * area: its label point is 0/0 (NaN, stored as null) and it holds no point. A hole without area
 * cuts nothing and a MultiPolygon's part without area covers and draws nothing, so those are
 * dropped and nothing of value is lost; a district left with no part at all is refused by the caller.
 */
function polygonsWithArea(g: PolygonalGeometry): PolygonCoords[] {
  const out: PolygonCoords[] = [];
  for (const [outer, ...holes] of polygonsOf(g)) {
    if (shoelace(outer!) > NO_AREA) out.push([outer!, ...holes.filter((h) => shoelace(h) > NO_AREA)]);
  }
  return out;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A name or kind as a label shows it: cleaned as every text from a source is (sync's toStr: a
 * bidi override or a control character would turn or hide the labels of every map and list),
 * without lone surrogates (they are no character, and break the JSON of some clients), and cut
 * to MAX_NAME_CHARS (every answer with areas carries it). Null when nothing is left.
 */
function labelText(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const s = toStr(v);
  return s === null ? null : cutText(s.replace(LONE_SURROGATE, ''), MAX_NAME_CHARS) || null;
}

/** A refused code as the message quotes it: short, and every character outside printable ASCII escaped. */
function quoted(code: string): string {
  const shown = code.length > 40 ? `${code.slice(0, 40)}…` : code;
  return `"${shown.replace(/[^\x20-\x7E…]|"|\\/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}

interface Parsed {
  polygons: PolygonCoords[];
  /** Whether the file gave one Polygon (stored as a Polygon again) rather than a MultiPolygon. */
  single: boolean;
}

const asGeometry = (p: Parsed): PolygonalGeometry =>
  p.single && p.polygons.length === 1 ? { type: 'Polygon', coordinates: p.polygons[0]! } : { type: 'MultiPolygon', coordinates: p.polygons };

/**
 * Province 70 and its district-level units, version '2019' (the units before 1 July 2025), their
 * rings simplified to what a screen shows (simplify-rings.ts) and the label points worked out on
 * the simplified shapes, so every later use (areas.list, the demo, the district index) has the
 * small geometry and nothing is worked out again per request.
 */
export function loadBoundaries(file?: string, limits: BoundaryLimits = {}): Area[] {
  const maxPositions = limits.maxPositions ?? MAX_BOUNDARY_POSITIONS;
  const districtsFile = file ?? join(bundledGeoDir(), DISTRICTS_FILE);
  const features = readFeatures(districtsFile);
  const total = features.reduce((n, f) => n + positionsIn(f.geometry), 0);
  if (total > maxPositions) {
    throw new BoundariesError(
      `Tệp ranh giới quá chi tiết / The boundaries file ${districtsFile} has ${total.toLocaleString('en')} positions, ` +
        `above the limit of ${maxPositions.toLocaleString('en')} (no screen shows that much: a district on the wall is a few thousand). ${SIMPLIFY_HINT}`,
    );
  }
  let provinceFeature = features.find((f) => f.properties?.gso_code === PROVINCE_ID || f.properties?.kind === 'tỉnh');
  if (!provinceFeature && !file) provinceFeature = readFeatures(join(dirname(districtsFile), PROVINCE_FILE))[0];

  const districts: (Omit<Area, 'geometry' | 'lat' | 'lon'> & { shape: Parsed; feature: number })[] = [];
  // By code: a file of many thousand features (communes given by mistake) is checked in one pass.
  const seen = new Map<string, string>();
  for (const [i, f] of features.entries()) {
    if (f === provinceFeature) continue;
    const given = f.properties?.gso_code;
    const name = labelText(f.properties?.name);
    if (typeof given !== 'string' || name === null || !isPolygonal(f.geometry)) {
      throw new BoundariesError(
        `Feature ${i} of ${districtsFile} needs string properties "gso_code" and "name" and a Polygon or MultiPolygon geometry (rings of at least 4 [lon, lat] positions, in degrees: lon −180…180, lat −90…90).`,
      );
    }
    // Spaces around a code are an export's padding, not part of it.
    const code = given.trim();
    if (!CODE.test(code)) {
      throw new BoundariesError(
        `Feature ${i}: mã "gso_code" không hợp lệ / "gso_code" ${quoted(given)} of ${districtsFile} is not a district code: ` +
          'give 1–20 letters, digits, "_", "." or "-" (the GSO code, such as "689").',
      );
    }
    const twin = seen.get(code);
    if (twin !== undefined) {
      throw new BoundariesError(
        `Features of ${districtsFile} share "gso_code" "${code}" (${twin} and ${name}): each district needs its own code. Merge them into one MultiPolygon, or correct the code.`,
      );
    }
    seen.set(code, name);
    const polygons = polygonsWithArea(f.geometry);
    if (polygons.length === 0) throw noArea(i, code, districtsFile);
    districts.push({
      id: code,
      version: AREA_VERSION_2019,
      level: 'district',
      parentId: PROVINCE_ID,
      name,
      kind: labelText(f.properties?.kind) ?? 'huyện',
      shape: { polygons, single: f.geometry.type === 'Polygon' },
      feature: i,
    });
  }
  if (districts.length === 0) throw new BoundariesError(`The boundaries file ${districtsFile} has no districts.`);
  districts.sort((a, b) => a.id.localeCompare(b.id));

  // Without its own outline the province is the districts' union: the same ring arrays, which
  // the simplification below keeps shared, so both are simplified alike.
  const provincePolygons = provinceFeature && isPolygonal(provinceFeature.geometry) ? polygonsWithArea(provinceFeature.geometry) : [];
  const province: Parsed =
    provincePolygons.length > 0 ? { polygons: provincePolygons, single: false } : { polygons: districts.flatMap((d) => d.shape.polygons), single: false };

  // Every ring of the file at one level, so the whole file fits the budget (simplify-rings.ts).
  const shapes = [...districts.map((d) => d.shape), province];
  const { rings } = simplifyRings(
    shapes.flatMap((s) => s.polygons.flat()),
    limits.budget ?? BOUNDARY_BUDGET,
  );
  let next = 0;
  for (const s of shapes) s.polygons = s.polygons.map((p) => p.map(() => rings[next++]!));

  const areas: Area[] = [];
  for (const { shape, feature, ...d } of districts) {
    const geometry = asGeometry(shape);
    // The label point: the centroid, or a point inside when the centroid falls outside.
    const [lon, lat] = interiorPoint(geometry);
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw noArea(feature, d.id, districtsFile);
    areas.push({ ...d, geometry, lat: round(lat), lon: round(lon) });
  }
  const provinceGeometry = asGeometry(province);
  const [plon, plat] = centroid(provinceGeometry);
  return [
    {
      id: PROVINCE_ID,
      version: AREA_VERSION_2019,
      level: 'province',
      parentId: null,
      name: 'Bình Phước',
      kind: 'tỉnh',
      geometry: provinceGeometry,
      lat: round(plat),
      lon: round(plon),
    },
    ...areas,
  ];
}

function noArea(i: number, code: string, file: string): BoundariesError {
  return new BoundariesError(
    `Feature ${i} (gso_code ${code}): vùng không có diện tích / the polygon has no area; fix its ring in ${file} ` +
      '(its positions are one point, or lie on one line) in a GIS tool, or remove the feature.',
  );
}

function round(x: number): number {
  return Math.round(x * 1e5) / 1e5;
}
