import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { boundaryOf } from '../../host/geo/boundary-levels';
import { geometryLevels } from '../../base/boundary-detail';

const square = (size: number) => JSON.stringify({ type: 'Polygon', coordinates: [[[0, 0], [size, 0], [size, size], [size / 2, size * 1.01], [0, size], [0, 0]]] });

describe("the host's boundaries for areas.list: parsed and levelled once per boundary", () => {
  const dbs: Database.Database[] = [];
  const db = () => {
    const d = new Database(':memory:');
    dbs.push(d);
    return d;
  };
  afterEach(() => dbs.splice(0).forEach((d) => d.close()));

  it('answers the same boundary again without parsing or levelling it again', () => {
    const d = db();
    const first = boundaryOf(d, '2019', '689', square(1));
    expect(first.detail).toEqual(geometryLevels(JSON.parse(square(1))));
    expect(boundaryOf(d, '2019', '689', square(1))).toBe(first);
    // Shared by every later answer, so nobody may change it.
    expect(() => (first.geometry as { coordinates: number[][][] }).coordinates[0]![0]!.push(1)).toThrow(TypeError);
    expect(Object.isFrozen(first.detail)).toBe(true);
  });

  it('sees a redrawn boundary, another version and another database', () => {
    const d = db();
    const first = boundaryOf(d, '2019', '689', square(1));
    const redrawn = boundaryOf(d, '2019', '689', square(2));
    expect(redrawn).not.toBe(first);
    expect((redrawn.geometry as { coordinates: number[][][] }).coordinates[0]![1]).toEqual([2, 0]);
    expect(boundaryOf(d, '2025', '689', square(2))).not.toBe(redrawn);
    expect(boundaryOf(db(), '2025', '689', square(2)).detail).toEqual(redrawn.detail);
  });

  it('gives a boundary that is not JSON no geometry instead of failing the answer', () => {
    expect(boundaryOf(db(), '2019', '690', '{"type":"Polygon","coordinates":[[[0,0],')).toEqual(expect.objectContaining({ geometry: null, detail: null }));
  });
});
