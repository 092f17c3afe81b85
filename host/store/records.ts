import type Database from 'better-sqlite3';
import type { Area, DomainEvent, DomainId, Observation, Place, Reading, Station } from '../../domains';
import { canonicalTime, canonicalTimeOrNull } from '../../domains/time';

/**
 * Source label of the demo dataset's records, shown in the UI's freshness line. The store knows it
 * because a synced figure may replace a demo one (feedObservation); the demo generator writes it.
 */
export const DEMO_SOURCE = 'Dữ liệu mẫu';

/**
 * Typed upserts for the five record kinds. Statements are prepared once per database; callers
 * (demo seed, sync store, HostApi) wrap a batch in one transaction themselves.
 * Upserts return whether the row was inserted (true) or updated (false).
 * Times are stored in one canonical UTC spelling (domains/time.ts) whatever offset the source used.
 */
export class RecordWriter {
  private readonly stmts;
  /** Prepared on first use: they need migration 005, and older-schema tests build a writer too. */
  private scoped?: ReturnType<RecordWriter['prepareScoped']>;

  constructor(private readonly db: Database.Database) {
    this.stmts = {
      area: db.prepare(
        `INSERT INTO areas (id, version, level, parent_id, name, kind, geometry, lat, lon)
         VALUES (@id, @version, @level, @parentId, @name, @kind, @geometry, @lat, @lon)
         ON CONFLICT (version, id) DO UPDATE SET level=excluded.level, parent_id=excluded.parent_id,
           name=excluded.name, kind=excluded.kind, geometry=excluded.geometry, lat=excluded.lat, lon=excluded.lon`,
      ),
      // Insert first and update only on a key conflict: a new row costs one statement, not a
      // lookup plus an upsert (the sync's bulk loads are mostly new rows).
      observationInsert: db.prepare(
        `INSERT INTO observations (indicator, area_id, period, domain, value, source, updated_at)
         VALUES (@indicator, @areaId, @period, @domain, @value, @source, @updatedAt)
         ON CONFLICT (indicator, area_id, period) DO NOTHING`,
      ),
      observationUpdate: db.prepare(
        `UPDATE observations SET domain=@domain, value=@value, source=@source, updated_at=@updatedAt
         WHERE indicator=@indicator AND area_id=@areaId AND period=@period`,
      ),
      eventExists: db.prepare(`SELECT 1 FROM events WHERE id=?`).pluck(),
      event: db.prepare(
        `INSERT INTO events (id, domain, kind, status, area_id, lat, lon, title, description, address, agency,
           opened_at, updated_at, due_at, closed_at, source, attrs, area_located)
         VALUES (@id, @domain, @kind, @status, @areaId, @lat, @lon, @title, @description, @address, @agency,
           @openedAt, @updatedAt, @dueAt, @closedAt, @source, @attrs, @areaLocated)
         ON CONFLICT (id) DO UPDATE SET domain=excluded.domain, kind=excluded.kind, status=excluded.status,
           area_id=excluded.area_id, lat=excluded.lat, lon=excluded.lon, title=excluded.title,
           description=excluded.description, address=excluded.address, agency=excluded.agency,
           opened_at=excluded.opened_at, updated_at=excluded.updated_at, due_at=excluded.due_at,
           closed_at=excluded.closed_at, source=excluded.source, attrs=excluded.attrs, area_located=excluded.area_located`,
      ),
      stationExists: db.prepare(`SELECT 1 FROM stations WHERE id=?`).pluck(),
      station: db.prepare(
        `INSERT INTO stations (id, domain, name, area_id, lat, lon, params, source, area_located)
         VALUES (@id, @domain, @name, @areaId, @lat, @lon, @params, @source, @areaLocated)
         ON CONFLICT (id) DO UPDATE SET domain=excluded.domain, name=excluded.name, area_id=excluded.area_id,
           lat=excluded.lat, lon=excluded.lon, params=excluded.params, source=excluded.source, area_located=excluded.area_located`,
      ),
      readingExists: db.prepare(`SELECT 1 FROM readings WHERE station_id=? AND param=? AND time=?`).pluck(),
      reading: db.prepare(
        `INSERT INTO readings (station_id, param, time, value) VALUES (@stationId, @param, @time, @value)
         ON CONFLICT (station_id, param, time) DO UPDATE SET value=excluded.value`,
      ),
      placeExists: db.prepare(`SELECT 1 FROM places WHERE id=?`).pluck(),
      place: db.prepare(
        `INSERT INTO places (id, domain, kind, name, area_id, lat, lon, source, attrs, area_located)
         VALUES (@id, @domain, @kind, @name, @areaId, @lat, @lon, @source, @attrs, @areaLocated)
         ON CONFLICT (id) DO UPDATE SET domain=excluded.domain, kind=excluded.kind, name=excluded.name,
           area_id=excluded.area_id, lat=excluded.lat, lon=excluded.lon, source=excluded.source, attrs=excluded.attrs,
           area_located=excluded.area_located`,
      ),
      freshness: db.prepare(
        `INSERT INTO domain_freshness (domain, updated_at, source) VALUES (?, ?, ?)
         ON CONFLICT (domain) DO UPDATE SET updated_at=excluded.updated_at, source=excluded.source`,
      ),
    };
  }

  private prepareScoped() {
    const db = this.db;
    return {
      // A feed updates only a figure it owns (or a demo one), never an operator's (manual = 1).
      observationFeedUpdate: db.prepare(
        `UPDATE observations SET domain=@domain, value=@value, source=@source, updated_at=@updatedAt
         WHERE indicator=@indicator AND area_id=@areaId AND period=@period AND manual = 0
           AND (source = @source OR source = @demoSource)`,
      ),
      observationManual: db.prepare(
        `INSERT INTO observations (indicator, area_id, period, domain, value, source, updated_at, manual)
         VALUES (@indicator, @areaId, @period, @domain, @value, @source, @updatedAt, 1)
         ON CONFLICT (indicator, area_id, period) DO UPDATE SET domain=excluded.domain, value=excluded.value,
           source=excluded.source, updated_at=excluded.updated_at, manual=1`,
      ),
      observationOwner: db.prepare(`SELECT source, manual FROM observations WHERE indicator=? AND area_id=? AND period=?`),
    };
  }

  area(a: Area): void {
    this.stmts.area.run({ ...a, geometry: a.geometry ? JSON.stringify(a.geometry) : null });
  }

  observation(input: Observation): boolean {
    const o = { ...input, updatedAt: canonicalTime(input.updatedAt) };
    if (this.stmts.observationInsert.run(o).changes === 1) return true;
    this.stmts.observationUpdate.run(o);
    return false;
  }

  /**
   * A synced figure: inserted, or updated when the row is this feed's own (or demo data). A figure
   * an operator entered, or one another feed owns, is kept: the result names who owns it.
   */
  feedObservation(input: Observation): { result: 'inserted' | 'updated' } | { result: 'kept'; owner: string; manual: boolean } {
    const o = { ...input, updatedAt: canonicalTime(input.updatedAt), demoSource: DEMO_SOURCE };
    if (this.stmts.observationInsert.run(o).changes === 1) return { result: 'inserted' };
    const scoped = (this.scoped ??= this.prepareScoped());
    if (scoped.observationFeedUpdate.run(o).changes === 1) return { result: 'updated' };
    const owner = scoped.observationOwner.get(o.indicator, o.areaId, o.period) as { source: string; manual: number };
    return { result: 'kept', owner: owner.source, manual: owner.manual === 1 };
  }

  /** A figure an operator entered: wins over every feed until an operator changes it again. */
  manualObservation(input: Observation): void {
    (this.scoped ??= this.prepareScoped()).observationManual.run({ ...input, updatedAt: canonicalTime(input.updatedAt) });
  }

  /** `located`: the area was found from the point (a boundaries back-fill may move it), not given. */
  event(e: DomainEvent, located = false): boolean {
    const existed = this.stmts.eventExists.get(e.id) !== undefined;
    this.stmts.event.run({
      ...e,
      areaLocated: located ? 1 : 0,
      openedAt: canonicalTime(e.openedAt),
      updatedAt: canonicalTime(e.updatedAt),
      dueAt: canonicalTimeOrNull(e.dueAt),
      closedAt: canonicalTimeOrNull(e.closedAt),
      attrs: JSON.stringify(e.attrs),
    });
    return !existed;
  }

  station(s: Station, located = false): boolean {
    const existed = this.stmts.stationExists.get(s.id) !== undefined;
    this.stmts.station.run({ ...s, params: JSON.stringify(s.params), areaLocated: located ? 1 : 0 });
    return !existed;
  }

  reading(input: Reading): boolean {
    const r = { ...input, time: canonicalTime(input.time) };
    const existed = this.stmts.readingExists.get(r.stationId, r.param, r.time) !== undefined;
    this.stmts.reading.run(r);
    return !existed;
  }

  place(p: Place, located = false): boolean {
    const existed = this.stmts.placeExists.get(p.id) !== undefined;
    this.stmts.place.run({ ...p, attrs: JSON.stringify(p.attrs), areaLocated: located ? 1 : 0 });
    return !existed;
  }

  /** Records that a domain's data changed now, from this source (the panels' freshness line). */
  touch(domain: DomainId, updatedAt: string, source: string): void {
    this.stmts.freshness.run(domain, canonicalTime(updatedAt), source);
  }
}
