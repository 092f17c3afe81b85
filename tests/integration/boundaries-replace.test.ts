import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkBoundaries, checkDataDir } from '../../host/cli/doctor-checks';
import { loadConfig } from '../../host/config/load';
import { openDatabase } from '../../host/db/open';
import { logFileOf } from '../../host/log';
import { prepareData } from '../../host/prepare-data';
import { startHost } from '../../host/service';
import { RecordWriter } from '../../host/store/records';

/** A new boundaries file is applied whole, and the demo is seeded only on the districts it knows. */
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-bnd-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const square = (x: number, y: number) => ({ type: 'Polygon', coordinates: [[[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]] });
/** An installer's file: districts of these codes, side by side. */
const boundariesFile = (codes: string[]) => {
  const file = join(dir, `b-${codes.join('-')}.geojson`);
  const features = codes.map((c, i) => ({ type: 'Feature', properties: { gso_code: c, name: `Huyện ${c}` }, geometry: square(106 + 0.1 * i, 11.5) }));
  writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features }));
  return file;
};
const config = (value: unknown) => {
  const file = join(dir, 'host.json');
  writeFileSync(file, JSON.stringify(value));
  return loadConfig({ env: {}, file });
};
const event = (id: string, areaId: string | null, lon: number | null, lat: number | null) => ({
  id, domain: 'hotline' as const, kind: 'k', status: 'received', areaId, lat, lon, title: '', description: '', address: '', agency: null,
  openedAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', dueAt: null, closedAt: null, source: 's', attrs: {},
});

describe('a new boundaries file replaces the districts whole (M1)', () => {
  it('districts missing from the new file leave the map; records keep the code a source gave; located ones are placed again', () => {
    const { db } = openDatabase(join(dir, 'data'));
    try {
      const districts = () => db.prepare(`SELECT id FROM areas WHERE level = 'district' ORDER BY id`).pluck().all();
      const w = new RecordWriter(db);
      db.transaction(() => {
        w.event(event('given', '696', null, null)); // a source said Bù Đăng
        w.event(event('pt', null, 106.885, 11.535)); // Đồng Xoài, by its point
      })();
      prepareData(db, config({ demo: false }), new Date());
      expect(districts()).toHaveLength(11);
      expect(db.prepare(`SELECT area_id FROM events WHERE id = 'pt'`).pluck().get()).toBe('689');

      prepareData(db, config({ demo: false, boundaries: { file: boundariesFile(['688', '689', '700', '701']) } }), new Date());
      expect(districts()).toEqual(['688', '689', '700', '701']);
      expect(db.prepare(`SELECT name FROM areas WHERE id = '689'`).pluck().get()).toBe('Huyện 689');
      // The record's history stays as its source gave it; the located one left every district.
      expect(db.prepare(`SELECT id, area_id AS a FROM events ORDER BY id`).all()).toEqual([
        { id: 'given', a: '696' },
        { id: 'pt', a: null },
      ]);
    } finally {
      db.close();
    }
  });
});

describe('an unchanged boundaries file is not read again at each start (H1: a large file cost seconds a start)', () => {
  it('skips the file while its size and time are those applied; a replaced file is applied', () => {
    const { db } = openDatabase(join(dir, 'data'));
    try {
      const file = boundariesFile(['688', '689']);
      const cfg = config({ demo: false, boundaries: { file } });
      const mtime = new Date('2026-11-01T00:00:00Z');
      utimesSync(file, mtime, mtime);
      prepareData(db, cfg, new Date());
      const name = () => db.prepare(`SELECT name FROM areas WHERE id = '689'`).pluck().get();
      expect(name()).toBe('Huyện 689');
      // Same size, same time: taken as the file already applied (its bytes are not read).
      writeFileSync(file, readFileSync(file, 'utf8').replace('Huyện 689', 'Huyện XYZ'));
      utimesSync(file, mtime, mtime);
      prepareData(db, cfg, new Date());
      expect(name()).toBe('Huyện 689');
      // Written again (a new time): applied.
      utimesSync(file, mtime, new Date(mtime.getTime() + 1000));
      prepareData(db, cfg, new Date());
      expect(name()).toBe('Huyện XYZ');
    } finally {
      db.close();
    }
  });
});

describe('the demo needs the bundled districts (M3)', () => {
  it('with a file of other district codes, the host starts with the boundaries only and says why', async () => {
    const file = boundariesFile(['101', '102', '103']);
    const host = await startHost({ config: config({ boundaries: { file } }), dataDir: join(dir, 'data'), serveHttp: false, now: new Date('2026-06-15T03:00:00Z') });
    try {
      expect(host.startup).toMatchObject({ seeded: false, demoSkipped: expect.stringMatching(/^Dữ liệu mẫu cần ranh giới có sẵn.*the demo needs the bundled districts.*"demo": false/s) });
      expect(host.db.prepare(`SELECT id FROM areas WHERE level = 'district' ORDER BY id`).pluck().all()).toEqual(['101', '102', '103']);
      expect(host.db.prepare(`SELECT count(*) FROM events`).pluck().get()).toBe(0);
    } finally {
      await host.close();
    }
    expect(readFileSync(logFileOf(join(dir, 'data')), 'utf8')).toMatch(/the demo needs the bundled districts/);
  });

  it('doctor warns the same, and passes with the demo off', () => {
    const file = boundariesFile(['101', '102']);
    expect(checkBoundaries(file, true)).toMatchObject({ verdict: 'warn', detail: expect.stringMatching(/the demo needs the bundled districts/), fix: expect.stringMatching(/"demo": false/) });
    expect(checkBoundaries(file, false)).toMatchObject({ verdict: 'ok' });
    expect(checkBoundaries(undefined, true)).toMatchObject({ verdict: 'ok' });
  });
});

describe('doctor --data-dir on a file (L5)', () => {
  it('says what serve says: it is not a folder', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const doctor = checkDataDir(file);
    expect(doctor).toMatchObject({ verdict: 'fail', detail: expect.stringMatching(/không phải thư mục \/ .*a-file is not a folder/), fix: expect.stringMatching(/move that file away/) });
    expect(() => openDatabase(file)).toThrow(`${doctor.detail} ${doctor.fix}`);
  });
});
