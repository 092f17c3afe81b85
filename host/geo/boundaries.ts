import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Area } from '../../domains';
import { centroid, interiorPoint, type PolygonalGeometry } from './geometry';
import { MB, readRegularFile } from '../files';
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

function readFeatures(file: string): Feature[] {
  let json: unknown;
  try {
    // A BOM (GIS tools on Windows write one) is read past, as the config loader does.
    json = JSON.parse(readRegularFile(file, 512 * MB, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
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

/** Province 70 and its district-level units, version '2019' (the units before 1 July 2025). */
export function loadBoundaries(file?: string): Area[] {
  const districtsFile = file ?? join(bundledGeoDir(), DISTRICTS_FILE);
  const features = readFeatures(districtsFile);
  let provinceFeature = features.find((f) => f.properties?.gso_code === PROVINCE_ID || f.properties?.kind === 'tỉnh');
  if (!provinceFeature && !file) provinceFeature = readFeatures(join(dirname(districtsFile), PROVINCE_FILE))[0];

  const districts: Area[] = [];
  for (const [i, f] of features.entries()) {
    if (f === provinceFeature) continue;
    const code = f.properties?.gso_code;
    // Cleaned as every text from a source is (sync's toStr): a bidi override or a control
    // character in a district's name would turn or hide the labels of every map and list.
    const name = typeof f.properties?.name === 'string' ? toStr(f.properties.name) : null;
    if (typeof code !== 'string' || name === null || !isPolygonal(f.geometry)) {
      throw new BoundariesError(
        `Feature ${i} of ${districtsFile} needs string properties "gso_code" and "name" and a Polygon or MultiPolygon geometry (rings of at least 4 [lon, lat] positions, in degrees: lon −180…180, lat −90…90).`,
      );
    }
    const twin = districts.find((d) => d.id === code);
    if (twin) {
      throw new BoundariesError(
        `Features of ${districtsFile} share "gso_code" "${code}" (${twin.name} and ${name}): each district needs its own code. Merge them into one MultiPolygon, or correct the code.`,
      );
    }
    // The label point: the centroid, or a point inside when the centroid falls outside.
    const [lon, lat] = interiorPoint(f.geometry);
    districts.push({
      id: code,
      version: AREA_VERSION_2019,
      level: 'district',
      parentId: PROVINCE_ID,
      name,
      kind: (typeof f.properties?.kind === 'string' ? toStr(f.properties.kind) : null) ?? 'huyện',
      geometry: f.geometry,
      lat: round(lat),
      lon: round(lon),
    });
  }
  if (districts.length === 0) throw new BoundariesError(`The boundaries file ${districtsFile} has no districts.`);
  districts.sort((a, b) => a.id.localeCompare(b.id));

  const provinceGeometry: PolygonalGeometry =
    provinceFeature && isPolygonal(provinceFeature.geometry)
      ? provinceFeature.geometry
      : {
          type: 'MultiPolygon',
          coordinates: districts.flatMap((d) => {
            const g = d.geometry as PolygonalGeometry;
            return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
          }),
        };
  const [plon, plat] = centroid(provinceGeometry);
  const province: Area = {
    id: PROVINCE_ID,
    version: AREA_VERSION_2019,
    level: 'province',
    parentId: null,
    name: 'Bình Phước',
    kind: 'tỉnh',
    geometry: provinceGeometry,
    lat: round(plat),
    lon: round(plon),
  };
  return [province, ...districts];
}

function round(x: number): number {
  return Math.round(x * 1e5) / 1e5;
}
