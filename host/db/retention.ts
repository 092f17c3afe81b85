import type Database from 'better-sqlite3';
import { withoutTriggers } from './triggers';

/**
 * What the database forgets, so that it does not grow for as long as the IOC runs:
 * - quarantine rows not seen again for `quarantineDays` (default 30);
 * - outbox rows delivered or discarded more than `outboxDays` ago (default 30; undone ones never);
 * - audit rows older than `auditDays` (default 365);
 * - sensor readings older than `readingsDays` (default 400). Their monthly aggregates
 *   (reading_monthly, which the environment panel's period views read) are kept: the sweep lifts
 *   the trigger that would subtract them. The hourly rows the panels draw are the last days'.
 * A sweep deletes in slices of SLICE rows, each its own transaction, and lets the event loop
 * through between them: the screens keep being served while a year of readings goes.
 */

export interface RetentionPolicy {
  quarantineDays: number;
  outboxDays: number;
  auditDays: number;
  readingsDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { quarantineDays: 30, outboxDays: 30, auditDays: 365, readingsDays: 400 };

const SLICE = 5_000;
const DAY = 86_400_000;
const META_KEY = 'retention.lastSweep';

export interface SweepResult {
  quarantine: number;
  outbox: number;
  audit: number;
  readings: number;
}

const cutoff = (now: Date, days: number) => new Date(now.getTime() - days * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');
const breathe = () => new Promise<void>((r) => setImmediate(r));

/** Deletes in slices until a slice deletes less than SLICE rows. */
async function inSlices(run: () => number): Promise<number> {
  let total = 0;
  for (;;) {
    const n = run();
    total += n;
    if (n < SLICE) return total;
    await breathe();
  }
}

export async function sweep(db: Database.Database, policy: RetentionPolicy, now: Date = new Date()): Promise<SweepResult> {
  const q = db.prepare(
    `DELETE FROM quarantine WHERE id IN (SELECT id FROM quarantine WHERE last_seen < ? LIMIT ${SLICE})`,
  );
  const o = db.prepare(
    `DELETE FROM outbox WHERE seq IN (SELECT seq FROM outbox WHERE coalesce(delivered_at, discarded_at) < ? LIMIT ${SLICE})`,
  );
  const a = db.prepare(`DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < ? LIMIT ${SLICE})`);
  const r = db.prepare(
    `DELETE FROM readings WHERE (station_id, param, time) IN
       (SELECT station_id, param, time FROM readings WHERE param = ? AND time < ? LIMIT ${SLICE})`,
  );
  const result: SweepResult = {
    quarantine: await inSlices(() => q.run(cutoff(now, policy.quarantineDays)).changes),
    outbox: await inSlices(() => o.run(cutoff(now, policy.outboxDays)).changes),
    audit: await inSlices(() => a.run(cutoff(now, policy.auditDays)).changes),
    readings: 0,
  };
  const readingsBefore = cutoff(now, policy.readingsDays);
  const params = db.prepare(`SELECT DISTINCT param FROM reading_monthly`).pluck().all() as string[];
  // Lifted for the slice, then put back as the schema has it.
  const readingSlice = (param: string) => withoutTriggers(db, ['readings_monthly_delete'], () => r.run(param, readingsBefore).changes);
  for (const p of params) result.readings += await inSlices(() => readingSlice(p));
  db.prepare(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(
    META_KEY,
    now.toISOString(),
  );
  return result;
}

/** The last sweep's time, or null. */
export function lastSweep(db: Database.Database): string | null {
  return (db.prepare(`SELECT value FROM meta WHERE key = ?`).pluck().get(META_KEY) as string | undefined) ?? null;
}

/**
 * A sweep is due once a day. A last sweep after now was made on a clock that has since stepped
 * back (NTP, or an operator putting a fast clock right): due now, else no sweep would run until
 * the clock reached that date again, days away; the sweep then records this clock's time.
 */
export function sweepDue(db: Database.Database, now: Date): boolean {
  const last = lastSweep(db);
  if (!last) return true;
  const since = now.getTime() - Date.parse(last);
  return !(since >= 0 && since < DAY);
}
