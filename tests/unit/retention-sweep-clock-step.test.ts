import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../host/db/open';
import { sweep, sweepDue } from '../../host/db/retention';

/**
 * The daily retention sweep (host/db/retention.ts) when the clock was wrong and is put right: a
 * sweep recorded at a date the clock has since stepped back from must not stop the sweeps until
 * the clock reaches that date again.
 */
const DAY = 86_400_000;
const T0 = Date.parse('2026-12-07T03:00:00Z');

let dir: string;
let db: Database.Database;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-retention-clock-'));
  db = openDatabase(dir).db;
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const retention = { quarantineDays: 30, outboxDays: 30, auditDays: 365, readingsDays: 400 };

describe('retention sweeps and a stepped clock', () => {
  it('is due again the day after a sweep made while the clock was 3 days ahead', async () => {
    await sweep(db, retention, new Date(T0 + 3 * DAY)); // the clock was 3 days fast
    const fixed = T0; // an operator puts it right
    expect(sweepDue(db, new Date(fixed + 2 * 3_600_000))).toBe(true);
    await sweep(db, retention, new Date(fixed + 2 * 3_600_000));
    // Swept on the corrected clock: once a day again, not at every upkeep check.
    expect(sweepDue(db, new Date(fixed + 3 * 3_600_000))).toBe(false);
    expect(sweepDue(db, new Date(fixed + 2 * 3_600_000 + DAY))).toBe(true);
  });

  it('an unreadable last sweep is due once, then the sweep records a readable one (not due at every upkeep check)', async () => {
    db.prepare(`INSERT INTO meta (key, value) VALUES ('retention.lastSweep', 'not a time') ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run();
    expect(sweepDue(db, new Date(T0))).toBe(true);
    await sweep(db, retention, new Date(T0));
    expect(sweepDue(db, new Date(T0 + 10 * 60_000))).toBe(false);
    expect(sweepDue(db, new Date(T0 + DAY))).toBe(true);
  });
});
