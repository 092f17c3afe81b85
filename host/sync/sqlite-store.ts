import type Database from 'better-sqlite3';
import type { DomainId } from '../../domains';
import {
  emptyCounts,
  initialFeedState,
  type ApplyResult,
  type FeedCounts,
  type FeedError,
  type FeedState,
  type ObservationDelete,
  type OutboxItem,
  type OutboxError,
  type QuarantinedItem,
  type RecordBatch,
  type SyncStore,
} from '../../sync/store';
import { durably } from '../db/durable';
import { quarantineKey } from '../db/migrations/005_data_safety';
import { storeCapMessage } from '../alerts/cap-store';
import { AreaLocator, withDistrict, type DistrictIndex } from '../geo/area-locator';
import { RecordWriter } from '../store/records';
import { outsideViews } from '../views/cache';
import { boundedJson } from '../../sync/text/bounded-json';

const RAW_LIMIT = 4_000;

interface StateRow {
  feed_id: string;
  etag: string | null;
  last_modified: string | null;
  watermark: string | null;
  cursor: string | null;
  source: string | null;
  last_run_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
  consecutive_failures: number;
  next_run_at: string | null;
  last_counts: string;
  total_counts: string;
}

interface OutboxRow {
  seq: number;
  idempotency_key: string;
  event_id: string;
  action: OutboxItem['action'];
  payload: string;
  created_at: string;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  delivered_at: string | null;
  feed_id: string | null;
  rejected_at: string | null;
  discarded_at: string | null;
  discarded_by: string | null;
}

const counts = (json: string): FeedCounts => ({ ...emptyCounts(), ...(JSON.parse(json) as Partial<FeedCounts>) });

/** The raw item as text for its quarantine row: cut at RAW_LIMIT, whatever its size or depth. */
function rawText(raw: unknown): string {
  if (typeof raw === 'string') return raw.length > RAW_LIMIT ? `${raw.slice(0, RAW_LIMIT)}…` : raw;
  return boundedJson(raw, RAW_LIMIT);
}

export function outboxFromRow(r: OutboxRow): OutboxItem {
  return {
    seq: r.seq,
    idempotencyKey: r.idempotency_key,
    eventId: r.event_id,
    action: r.action,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
    createdAt: r.created_at,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error ? (JSON.parse(r.last_error) as OutboxError) : null,
    deliveredAt: r.delivered_at,
    feedId: r.feed_id,
    rejectedAt: r.rejected_at,
    discardedAt: r.discarded_at,
    discardedBy: r.discarded_by,
  };
}

/**
 * The sync engine's store on SQLite. A batch's records (through RecordWriter's upserts), its
 * quarantined items, the freshness of the touched domains and the feed's new state are written in
 * one transaction: a crash leaves all of it or none of it.
 */
export class SqliteSyncStore implements SyncStore {
  readonly records: RecordWriter;
  /** Fills the district of synced records that carry coordinates but no area (Open311, GeoJSON). */
  readonly areas: AreaLocator;
  private readonly s;
  private readonly scopedDeletes = new Map<string, Database.Statement<unknown[], DomainId>>();

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.records = new RecordWriter(db);
    this.areas = new AreaLocator(db);
    this.s = {
      getState: db.prepare<[string], StateRow>(`SELECT * FROM feed_state WHERE feed_id = ?`),
      setState: db.prepare(
        `INSERT INTO feed_state (feed_id, etag, last_modified, watermark, cursor, source, last_run_at, last_success_at, last_error,
           consecutive_failures, next_run_at, last_counts, total_counts)
         VALUES (@feed_id, @etag, @last_modified, @watermark, @cursor, @source, @last_run_at, @last_success_at, @last_error,
           @consecutive_failures, @next_run_at, @last_counts, @total_counts)
         ON CONFLICT (feed_id) DO UPDATE SET etag=excluded.etag, last_modified=excluded.last_modified,
           watermark=excluded.watermark, cursor=excluded.cursor, source=excluded.source, last_run_at=excluded.last_run_at,
           last_success_at=excluded.last_success_at, last_error=excluded.last_error,
           consecutive_failures=excluded.consecutive_failures, next_run_at=excluded.next_run_at,
           last_counts=excluded.last_counts, total_counts=excluded.total_counts`,
      ),
      // The same broken item seen again only counts: a bad mapping must not add a row per run.
      quarantine: db.prepare(
        `INSERT INTO quarantine (feed_id, item_key, external_id, reason, raw, count, first_seen, last_seen)
         VALUES (?, ?, ?, ?, ?, 1, ?, ?)
         ON CONFLICT (feed_id, item_key, reason) DO UPDATE SET count = count + 1, last_seen = excluded.last_seen, raw = excluded.raw`,
      ),
      // A feed deletes only its own figures, never another feed's or an operator's.
      deleteObservation: db
        .prepare<[string, string, string, string], DomainId>(
          `DELETE FROM observations WHERE indicator = ? AND area_id = ? AND period = ? AND source = ? AND manual = 0 RETURNING domain`,
        )
        .pluck(),
      domainKnown: db.prepare<[string], number>(`SELECT 1 FROM domain_freshness WHERE domain = ?`).pluck(),
      stationDomains: db
        .prepare<[string], DomainId>(`SELECT DISTINCT domain FROM stations WHERE id IN (SELECT value FROM json_each(?))`)
        .pluck(),
      pending: db.prepare<[number], OutboxRow>(
        `SELECT * FROM outbox WHERE delivered_at IS NULL AND discarded_at IS NULL ORDER BY seq LIMIT ?`,
      ),
      // Order is kept per report: a report's action goes only when every earlier one of that
      // report is delivered or discarded.
      pendingCount: db.prepare(`SELECT count(*) FROM outbox WHERE delivered_at IS NULL AND discarded_at IS NULL`).pluck(),
      deliverable: db.prepare<[number], OutboxRow>(
        `SELECT * FROM outbox o WHERE delivered_at IS NULL AND discarded_at IS NULL AND rejected_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.event_id = o.event_id AND p.seq < o.seq
                             AND p.delivered_at IS NULL AND p.discarded_at IS NULL)
         ORDER BY seq LIMIT ?`,
      ),
      delivered: db.prepare(`UPDATE outbox SET delivered_at = ?, response = ?, last_error = NULL WHERE seq = ?`),
      failed: db.prepare(`UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE seq = ?`),
      rejected: db.prepare(`UPDATE outbox SET attempts = attempts + 1, last_error = ?, rejected_at = ? WHERE seq = ?`),
    };
  }

  getFeedState(feedId: string): FeedState {
    const r = this.s.getState.get(feedId);
    if (!r) return initialFeedState(feedId);
    return {
      feedId,
      etag: r.etag,
      lastModified: r.last_modified,
      watermark: r.watermark,
      cursor: r.cursor,
      source: r.source,
      lastRunAt: r.last_run_at,
      lastSuccessAt: r.last_success_at,
      lastError: r.last_error ? (JSON.parse(r.last_error) as OutboxError) : null,
      consecutiveFailures: r.consecutive_failures,
      nextRunAt: r.next_run_at,
      lastCounts: counts(r.last_counts),
      totalCounts: counts(r.total_counts),
    };
  }

  // A feed's run state is no view's data: writing it keeps the displays' answers (host/views/cache.ts).
  setFeedState(st: FeedState): void {
    outsideViews(this.db, () => this.s.setState.run({
      feed_id: st.feedId,
      etag: st.etag,
      last_modified: st.lastModified,
      watermark: st.watermark,
      cursor: st.cursor,
      source: st.source,
      last_run_at: st.lastRunAt,
      last_success_at: st.lastSuccessAt,
      last_error: st.lastError ? JSON.stringify(st.lastError) : null,
      consecutive_failures: st.consecutiveFailures,
      next_run_at: st.nextRunAt,
      last_counts: JSON.stringify(st.lastCounts),
      total_counts: JSON.stringify(st.totalCounts),
    }));
  }

  confirmDomain(domain: DomainId, feedId: string): boolean {
    // Read first: a run that changes nothing must not write (a write drops every kept view answer).
    if (this.s.domainKnown.get(domain) !== undefined) return false;
    this.records.touch(domain, this.now().toISOString(), feedId);
    return true;
  }

  applyBatch(feedId: string, batch: RecordBatch, quarantined: QuarantinedItem[], newState: FeedState | null): ApplyResult {
    const at = this.now().toISOString();
    return this.db.transaction((): ApplyResult => {
      let inserted = 0;
      let updated = 0;
      let deleted = 0;
      const domains = new Set<DomainId>();
      const count = (isNew: boolean) => (isNew ? inserted++ : updated++);
      const w = this.records;
      let districts: DistrictIndex | undefined;
      const index = () => (districts ??= this.areas.current());
      // withDistrict returns the same object when it found nothing to fill: a new object is a located one.
      for (const s of batch.stations ?? []) {
        const r = withDistrict(s, index);
        count(w.station(r, r !== s)), domains.add(s.domain);
      }
      // Deletes first: the adapter already dropped a message's observations that a later Delete in
      // it removes, so what remains here comes after its deletes (SDMX: a series deleted, then sent anew).
      for (const k of batch.deleteObservations ?? []) {
        const gone = this.deleteObservations(k, feedId);
        deleted += gone.length;
        // The domains of what went are touched below, like an upsert: that drops the kept view
        // answers and tells the screens the domain changed, so the charts lose the deleted figures.
        for (const d of gone) domains.add(d);
      }
      const kept: QuarantinedItem[] = [];
      for (const o of batch.observations ?? []) {
        const r = w.feedObservation(o);
        if (r.result === 'kept') {
          kept.push({
            externalId: `${o.indicator}|${o.areaId}|${o.period}`,
            reason: r.manual
              ? `giữ số liệu do cán bộ nhập / kept: an operator entered this figure (${r.owner})`
              : `giữ số liệu của nguồn khác / kept: this figure belongs to source "${r.owner}"`,
            raw: o,
          });
        } else {
          count(r.result === 'inserted');
          domains.add(o.domain);
        }
      }
      for (const e of batch.events ?? []) {
        const r = withDistrict(e, index);
        count(w.event(r, r !== e)), domains.add(e.domain);
      }
      for (const p of batch.places ?? []) {
        const r = withDistrict(p, index);
        count(w.place(r, r !== p)), domains.add(p.domain);
      }
      if (batch.readings?.length) {
        for (const r of batch.readings) count(w.reading(r));
        const ids = JSON.stringify([...new Set(batch.readings.map((r) => r.stationId))]);
        for (const d of this.s.stationDomains.all(ids)) domains.add(d);
      }
      for (const m of batch.capMessages ?? []) if (storeCapMessage(this.db, feedId, m, at)) inserted++;
      for (const q of [...quarantined, ...kept]) {
        const raw = rawText(q.raw);
        this.s.quarantine.run(feedId, quarantineKey(q.externalId, raw), q.externalId, q.reason, raw, at, at);
      }
      for (const d of domains) w.touch(d, at, feedId);
      if (newState) this.setFeedState(newState);
      return { inserted, updated, deleted, quarantined: quarantined.length + kept.length, domains: [...domains] };
    })();
  }

  /**
   * One Delete, on the feed's own rows that are not an operator's: the whole key (one index
   * lookup), or what it names — a series is its indicator and area over every period, a data set
   * may name only an area, or nothing at all. One statement per shape of key, prepared once.
   */
  private deleteObservations(k: ObservationDelete, feedId: string): DomainId[] {
    if (k.indicator !== undefined && k.areaId !== undefined && k.period !== undefined) {
      return this.s.deleteObservation.all(k.indicator, k.areaId, k.period, feedId);
    }
    const columns: [string, string | undefined][] = [
      ['indicator', k.indicator],
      ['area_id', k.areaId],
      ['period', k.period],
    ];
    const named = columns.filter((c): c is [string, string] => c[1] !== undefined);
    const shape = named.map(([c]) => c).join(',');
    let st = this.scopedDeletes.get(shape);
    if (!st) {
      const where = [...named.map(([c]) => `${c} = ?`), 'source = ?', 'manual = 0'].join(' AND ');
      st = this.db.prepare<unknown[], DomainId>(`DELETE FROM observations WHERE ${where} RETURNING domain`).pluck();
      this.scopedDeletes.set(shape, st);
    }
    return st.all(...named.map(([, v]) => v), feedId);
  }

  areaExtent(): readonly [number, number, number, number] | null {
    return this.areas.current().extent;
  }

  pendingOutbox(limit = 100): OutboxItem[] {
    return this.s.pending.all(limit).map(outboxFromRow);
  }

  deliverableOutbox(limit = 100): OutboxItem[] {
    return this.s.deliverable.all(limit).map(outboxFromRow);
  }

  pendingOutboxCount(): number {
    return this.s.pendingCount.get() as number;
  }

  // The outbox's state changes are an operator's confirmed actions moving on: FULL sync. Views
  // read which reports were acted on (event_id, seq), never how delivery went.
  markDelivered(seq: number, at: string, response: unknown): void {
    durably(this.db, () => outsideViews(this.db, () => this.s.delivered.run(at, rawText(response ?? null), seq)));
  }

  markAttemptFailed(seq: number, error: FeedError, nextAttemptAt: string): void {
    durably(this.db, () => outsideViews(this.db, () => this.s.failed.run(JSON.stringify(error), nextAttemptAt, seq)));
  }

  markRejected(seq: number, error: FeedError, at: string): void {
    durably(this.db, () => outsideViews(this.db, () => this.s.rejected.run(JSON.stringify(error), at, seq)));
  }
}
