import type Database from 'better-sqlite3';
import { DOMAIN_IDS, type Area, type DomainEvent, type DomainId } from '../../domains';
import { bulkLoad } from '../store/bulk-load';
import { RecordWriter } from '../store/records';
import { DemoDistricts } from './areas';
import { loadBoundaries } from '../geo/boundaries';
import { generateDossiers, generateHotline, generateLand, generateTraffic, generateUrbanOrder, type EventContext } from './events';
import { DEMO_SOURCE } from './facts';
import { generateAir } from './air';
import { generateObservations } from './observations';
import { generatePlaces } from './places';
import { Random } from './random';
import { localParts } from './time';
import { DISTRICT_PROFILES } from './profile';

/**
 * The demo dataset ("Dữ liệu mẫu"): a believable Bình Phước generated in code from the
 * province's published figures, seeded on first start into an empty database. Deterministic:
 * the same `now` and `scale` give the same rows on every machine.
 */

export interface SeedOptions {
  /** Volume multiplier for events and readings (10 and 100 for benchmarks). */
  scale?: number;
  /** The generator's "today": data runs up to this instant. */
  now?: Date;
  /** Installer's district boundaries (config `boundaries.file`) instead of the bundled file. */
  boundariesFile?: string;
  /** The boundaries already loaded (from `boundariesFile`), so a large file is not read twice. */
  areas?: Area[];
  seed?: number;
}

export interface SeedSummary {
  areas: number;
  observations: number;
  events: number;
  stations: number;
  readings: number;
  places: number;
  ms: number;
}

export const DEMO_SEED = 20240701;

/** The district codes the demo's towns, stations and roads lie in (profile.ts, air.ts, corridors.ts). */
export const DEMO_DISTRICT_IDS: readonly string[] = DISTRICT_PROFILES.map((p) => p.id);

/**
 * Why the demo cannot be seeded on these boundaries, or null when it can. The demo is Bình Phước's
 * eleven districts by their GSO codes: on an installer's file of other codes its generators would
 * place data in districts that are not there (the start failed with "unknown district 698").
 */
export function demoMismatch(areas: readonly Area[], file: string | undefined): string | null {
  const have = new Set(areas.filter((a) => a.level === 'district').map((a) => a.id));
  const missing = DEMO_DISTRICT_IDS.filter((id) => !have.has(id));
  if (missing.length === 0) return null;
  const codes = `${DEMO_DISTRICT_IDS[0]}–${DEMO_DISTRICT_IDS[DEMO_DISTRICT_IDS.length - 1]}`;
  return (
    `Dữ liệu mẫu cần ranh giới có sẵn (mã huyện ${codes}); tệp ${file ?? 'ranh giới'} thiếu ${missing.join(', ')}, nên chỉ nạp ranh giới, không tạo dữ liệu mẫu / ` +
    `the demo needs the bundled districts (GSO codes ${codes}), and ${file ?? 'the boundaries file'} lacks ${missing.join(', ')}: ` +
    'the boundaries are loaded without the demo. Set "demo": false in the config to start without it.'
  );
}

export function seedDemo(db: Database.Database, options: SeedOptions = {}): SeedSummary {
  const started = performance.now();
  const scale = options.scale ?? 1;
  const now = options.now ?? new Date();
  const rng = new Random(options.seed ?? DEMO_SEED);
  const records = new RecordWriter(db);
  const summary: SeedSummary = { areas: 0, observations: 0, events: 0, stations: 0, readings: 0, places: 0, ms: 0 };

  const areas = options.areas ?? loadBoundaries(options.boundariesFile);
  const mismatch = demoMismatch(areas, options.boundariesFile);
  if (mismatch) throw new Error(mismatch);
  const districts = new DemoDistricts(areas);
  const today = localParts(now);

  db.transaction(() => {
    for (const a of areas) records.area(a);
    summary.areas = areas.length;
    generateObservations(rng.fork('observations'), now, today.year, today.month, (o) => {
      records.observation(o);
      summary.observations++;
    });
  })();

  // Events are new by construction: a plain INSERT (same columns as RecordWriter.event) skips
  // the upsert's existence check, a third of the seed time at benchmark volumes.
  const insertEvent = db.prepare(
    `INSERT INTO events (id, domain, kind, status, area_id, lat, lon, title, description, address, agency,
       opened_at, updated_at, due_at, closed_at, source, attrs)
     VALUES (@id, @domain, @kind, @status, @areaId, @lat, @lon, @title, @description, @address, @agency,
       @openedAt, @updatedAt, @dueAt, @closedAt, @source, @attrs)`,
  );
  const ctx: EventContext = {
    rng: rng.fork('events'),
    now,
    scale,
    districts,
    emit: (e: DomainEvent) => {
      insertEvent.run({ ...e, attrs: JSON.stringify(e.attrs) });
      summary.events++;
    },
  };
  // One bulk load for events and readings: the view aggregates are built once at the end.
  bulkLoad(db, () => {
    for (const gen of [generateHotline, generateTraffic, generateDossiers, generateUrbanOrder, generateLand]) gen(ctx);
    // Readings go straight in with one prepared INSERT: they are new by construction, and the
    // upsert path's existence check would double the seed time of the largest table.
    const insertReading = db.prepare(`INSERT OR REPLACE INTO readings (station_id, param, time, value) VALUES (?, ?, ?, ?)`);
    generateAir(rng.fork('air'), now, scale, districts, {
      station: (s) => {
        records.station(s);
        summary.stations++;
      },
      reading: (stationId, param, time, value) => {
        insertReading.run(stationId, param, time, value);
        summary.readings++;
      },
    });
  });

  const schoolCount = db.prepare(`SELECT area_id, value FROM observations WHERE indicator = ? AND period = ?`);
  db.transaction(() => {
    generatePlaces(
      rng.fork('places'),
      districts,
      (kind) => {
        const rows = schoolCount.all(`education.schools.${kind.slice('school.'.length)}`, String(today.year)) as { area_id: string; value: number }[];
        return new Map(rows.map((r) => [r.area_id, r.value]));
      },
      (p) => {
        records.place(p);
        summary.places++;
      },
    );
  })();

  db.transaction(() => {
    const at = now.toISOString();
    for (const d of DOMAIN_IDS) records.touch(d as DomainId, at, DEMO_SOURCE);
    db.prepare(`INSERT INTO meta (key, value) VALUES ('demo', '1') ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run();
    db.prepare(
      `INSERT INTO meta (key, value) VALUES ('demo.seededAt', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    ).run(at);
  })();

  summary.ms = Math.round(performance.now() - started);
  return summary;
}
