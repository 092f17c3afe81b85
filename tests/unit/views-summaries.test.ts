import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aqiBand, CATALOG, DOMAIN_IDS, nowcast, overallAqi, PARAM_TO_POLLUTANT, subIndex, type AqiPollutant, type DomainId } from '../../domains';
import type { MapResult, StationsResult } from '../../domains/views';
import { migrate } from '../../host/db/migrate';
import { seedDemo } from '../../host/demo';
import { computeView } from '../../host/views';
import { agenciesOf, openBy, openNow } from '../../host/views/eventStats';
import { RecordWriter } from '../../host/store/records';
import { hotlineEvent } from './hotline-event';

/**
 * The live event figures and the map and station rows, computed the way the views compute them
 * (summary tables, narrower reads), against the straightforward computation from the rows
 * (what the views did before migration 013): on a seeded province, on empty tables, and after
 * every kind of write — synced upserts, operator updates, closures and reopenings, moves,
 * deletions, reports without a point or with a bad one, and readings ahead of "now".
 */

const NOW = new Date('2026-11-25T08:00:00Z');
const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const NOWS = [NOW, new Date('2026-11-20T00:00:00Z'), new Date('2026-12-31T00:00:00Z'), new Date('2025-03-12T03:00:00Z')];

let dir: string;
let db: Database.Database;
let w: RecordWriter;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-views-summaries-'));
  db = new Database(join(dir, 'v.db'));
  migrate(db);
  w = new RecordWriter(db);
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

// The queries the views ran before migration 013, verbatim in what they count.
function openNowRef(domain: DomainId, district: string | null, nowIso: string, kinds?: readonly string[]) {
  const kindSql = kinds && kinds.length ? ` AND kind IN (${kinds.map(() => '?').join(',')})` : '';
  return db
    .prepare(
      `SELECT count(*) AS open, coalesce(sum(due_at < ?), 0) AS overdue FROM events
       WHERE domain = ? AND closed_at IS NULL${district ? ' AND area_id = ?' : ''}${kindSql}`,
    )
    .get(nowIso, domain, ...(district ? [district] : []), ...(kinds ?? []));
}
function openByRef(domain: DomainId, group: 'area_id' | 'agency', district: string | null, nowIso: string) {
  const rows = db
    .prepare(
      `SELECT coalesce(${group}, '') AS key, count(*) AS open, coalesce(sum(due_at < ?), 0) AS overdue FROM events
       WHERE domain = ? AND closed_at IS NULL${district ? ' AND area_id = ?' : ''} GROUP BY 1`,
    )
    .all(nowIso, domain, ...(district ? [district] : [])) as { key: string; open: number; overdue: number }[];
  return new Map(rows.map((r) => [r.key, { open: r.open, overdue: r.overdue }]));
}
const agenciesRef = (domain: DomainId) =>
  db.prepare(`SELECT DISTINCT agency FROM event_agency_stats WHERE domain = ? AND agency <> '' ORDER BY agency`).pluck().all(domain);

/** The map's event points as read before: every column, the state from closed_at and due_at. */
function mapEventsRef(domain: DomainId, district: string | null, start: string, end: string, now: Date) {
  const area = district ? ' AND area_id = ?' : '';
  const args = district ? [district] : [];
  const cols = `id, kind, status, area_id, lat, lon, title, address, opened_at, due_at, closed_at`;
  type Row = { id: string; kind: string; status: string; area_id: string | null; lat: number; lon: number; title: string; address: string; opened_at: string; due_at: string | null; closed_at: string | null };
  const open = db.prepare(`SELECT ${cols} FROM events WHERE domain = ? AND closed_at IS NULL AND lat IS NOT NULL${area} ORDER BY due_at LIMIT 300`).all(domain, ...args) as Row[];
  const recent = db
    .prepare(`SELECT ${cols} FROM events WHERE domain = ?${area} AND opened_at >= ? AND opened_at < ? AND closed_at IS NOT NULL AND lat IS NOT NULL ORDER BY opened_at DESC LIMIT 300`)
    .all(domain, ...args, start, end) as Row[];
  return [...open, ...recent].map((e) => {
    const late = e.closed_at === null && e.due_at !== null && Date.parse(e.due_at) < now.getTime();
    return { id: e.id, type: 'event', kind: e.kind, lat: e.lat, lon: e.lon, title: e.title, detail: e.address, status: e.status, state: e.closed_at ? 'closed' : late ? 'overdue' : 'open', areaId: e.area_id, at: e.opened_at };
  });
}

/** A station's current index as computed before: every reading of the 12-hour window, read in full. */
function stationRef(stationId: string, params: string[], until: string, nowIso: string) {
  const t0 = Date.parse(until);
  const running = until === nowIso;
  const since = iso(new Date(t0 - 12 * 3600_000));
  const rows = db
    .prepare(
      `SELECT param, time, value FROM readings WHERE station_id = ? AND param IN ('pm25','pm10','no2','so2','co','o3')
       AND time > ? AND time <= ? ORDER BY param, time DESC`,
    )
    .all(stationId, since, running ? '9999' : until) as { param: string; time: string; value: number }[];
  const byParam = new Map<string, { time: string; value: number }[]>();
  for (const r of rows) {
    if (r.time > until) continue;
    byParam.set(r.param, [...(byParam.get(r.param) ?? []), r]);
  }
  let latest: string | null = null;
  const conc: Partial<Record<AqiPollutant, number | null>> = {};
  const values = params.map((param) => {
    const pollutant = PARAM_TO_POLLUTANT[param];
    const list = byParam.get(param) ?? [];
    if (list.length === 0) return { param, value: null, subIndex: null };
    if (!latest || list[0]!.time > latest) latest = list[0]!.time;
    let c: number | null = list[0]!.value;
    if (pollutant === 'PM2_5' || pollutant === 'PM10') {
      const hourly: (number | null)[] = Array(12).fill(null);
      for (const r of list) {
        const k = Math.floor((t0 - Date.parse(r.time)) / 3600_000);
        if (k >= 0 && k < 12 && hourly[k] == null) hourly[k] = r.value;
      }
      c = nowcast(hourly);
    }
    if (pollutant) conc[pollutant] = c;
    const s = pollutant ? subIndex(pollutant, c) : null;
    return { param, value: list[0]!.value, subIndex: s === null ? null : Math.round(s) };
  });
  const result = overallAqi(conc);
  return { time: latest, aqi: result?.aqi ?? null, aqiLevel: result ? aqiBand(result.aqi).level : null, dominant: result?.dominant ?? null, params: values };
}

function districtIds(): (string | null)[] {
  return [null, ...(db.prepare(`SELECT DISTINCT id FROM areas WHERE level = 'district' ORDER BY id`).pluck().all() as string[]), '999'];
}

/** Every live figure of every domain, district, kind set and "now" against the straightforward count. */
function expectLiveFiguresAgree() {
  for (const domain of DOMAIN_IDS) {
    expect(agenciesOf(db, domain), domain).toEqual(agenciesRef(domain));
    const kindSets: (readonly string[] | undefined)[] = [undefined, CATALOG[domain].eventKinds.slice(0, 2).map((k) => k.id), ['no.such.kind']];
    for (const now of NOWS) {
      const nowIso = iso(now);
      for (const district of districtIds()) {
        for (const kinds of kindSets) {
          expect(openNow(db, domain, district, nowIso, kinds), `${domain} ${district} ${nowIso} ${kinds}`).toEqual(openNowRef(domain, district, nowIso, kinds));
        }
        for (const group of ['area_id', 'agency'] as const) {
          const got = openBy(db, domain, group, district, nowIso);
          const want = openByRef(domain, group, district, nowIso);
          expect([...got], `${domain} ${group} ${district} ${nowIso}`).toEqual([...want]);
        }
      }
    }
  }
}

/** Every map's event points and every station's current index against the straightforward reads. */
function expectRowsAgree() {
  for (const now of NOWS.slice(0, 2)) {
    // The province, and districts with and without the edge-case reports (none on empty tables).
    const known = districtIds().filter((d): d is string => d !== null && d !== '999');
    for (const district of [null, ...known.filter((d) => d === '689' || d === '690' || d === known.at(-1))]) {
      const params = district ? { areaId: district } : {};
      for (const domain of DOMAIN_IDS) {
        if (!CATALOG[domain].views.some((v) => v.id === 'map')) continue;
        for (const period of [undefined, '2025-03']) {
          const map = computeView(db, domain, 'map', { ...params, ...(period ? { period } : {}) }, { now }) as MapResult;
          const events = map.points.filter((p) => p.type === 'event');
          const start = iso(new Date(Date.parse(`${map.period.from}-01T00:00:00+07:00`)));
          const [y, m] = map.period.to.split('-').map(Number) as [number, number];
          const end = iso(new Date(Date.parse(`${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}-01T00:00:00+07:00`)));
          expect(events, `${domain} map ${district} ${period} ${iso(now)}`).toEqual(mapEventsRef(domain, district, start, end, now));
        }
      }
      for (const period of [undefined, '2025-06', '2026-11']) {
        const st = computeView(db, 'environment', 'stations', { ...params, ...(period ? { period } : {}) }, { now }) as StationsResult;
        for (const row of st.rows) {
          const stored = db.prepare(`SELECT params FROM stations WHERE id = ?`).pluck().get(row.id) as string;
          const [y, m] = st.period.to.split('-').map(Number) as [number, number];
          const end = iso(new Date(Date.parse(`${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}-01T00:00:00+07:00`)));
          const until = end < iso(now) ? end : iso(now);
          const { time, aqi, aqiLevel, dominant, params: values } = row;
          expect({ time, aqi, aqiLevel, dominant, params: values }, `${row.id} ${period} ${iso(now)}`).toEqual(
            stationRef(row.id, JSON.parse(stored) as string[], until, iso(now)),
          );
        }
      }
    }
  }
}

// Thousands of comparisons on a seeded province: minutes on a busy shared machine, not seconds.
describe('live event figures and map and station rows, against the straightforward computation', { timeout: 240_000 }, () => {
  it('agree on empty tables', () => {
    expectLiveFiguresAgree();
    expectRowsAgree();
    expect(openNow(db, 'hotline', null, iso(NOW))).toEqual({ open: 0, overdue: 0 });
  });

  it('agree on a seeded province', () => {
    seedDemo(db, { scale: 0.02, now: NOW });
    expect(openNow(db, 'hotline', null, iso(NOW)).overdue).toBeGreaterThan(0);
    expectLiveFiguresAgree();
    expectRowsAgree();
  });

  it('agree after synced upserts, operator updates, closures, reopenings, moves and deletions', () => {
    // Reports without a point, with a point outside every district, without a district or a due date.
    w.event(hotlineEvent('s-nopoint', { lat: null, lon: null, openedAt: '2026-11-24T01:00:00Z', dueAt: '2026-11-25T09:00:00Z' }));
    w.event(hotlineEvent('s-far', { lat: 48.85, lon: 2.35, areaId: null, openedAt: '2026-11-24T02:00:00Z', dueAt: '2026-11-25T07:59:59Z' }));
    w.event(hotlineEvent('s-undated', { areaId: null, dueAt: null, openedAt: '2026-11-24T03:00:00Z', agency: 'Sở Y tế' }));
    w.event(hotlineEvent('s-due-now', { dueAt: iso(NOW), openedAt: '2026-11-24T04:00:00Z' }));
    expectLiveFiguresAgree();
    expectRowsAgree();
    w.event(hotlineEvent('s-nopoint', { status: 'resolved', closedAt: '2026-11-24T05:00:00Z', lat: null, lon: null }));
    w.event(hotlineEvent('s-far', { areaId: '690', agency: 'Công an tỉnh', kind: 'hotline.env' }));
    db.prepare(`UPDATE events SET status = 'assigned', agency = 'UBND huyện', due_at = '2026-11-26T00:00:00Z' WHERE id = 's-undated'`).run();
    db.prepare(`UPDATE events SET closed_at = '', due_at = NULL, status = 'resolved' WHERE id = 's-due-now'`).run();
    // Reopen some settled reports, settle some open ones, move some, delete some.
    db.prepare(`UPDATE events SET closed_at = NULL, status = 'inProgress' WHERE closed_at IS NOT NULL AND rowid % 17 = 0`).run();
    db.prepare(`UPDATE events SET closed_at = '2026-11-23T00:00:00Z', status = 'resolved' WHERE closed_at IS NULL AND rowid % 5 = 0`).run();
    db.prepare(`UPDATE events SET area_id = NULL WHERE rowid % 23 = 0`).run();
    db.prepare(`DELETE FROM events WHERE rowid % 11 = 0`).run();
    expectLiveFiguresAgree();
    expectRowsAgree();
  });

  it('agree when readings come in ahead of now, with gaps, and for a station that stopped', () => {
    const station = db.prepare(`SELECT id FROM stations ORDER BY id LIMIT 1`).pluck().get() as string;
    const other = db.prepare(`SELECT id FROM stations ORDER BY id LIMIT 1 OFFSET 1`).pluck().get() as string;
    w.reading({ stationId: station, param: 'no2', time: '2026-11-25T09:30:00Z', value: 80 });
    w.reading({ stationId: station, param: 'pm25', time: '2026-11-25T08:40:00Z', value: 300 });
    db.prepare(`DELETE FROM readings WHERE station_id = ? AND param = 'pm25' AND time > '2026-11-25T03:00:00Z' AND time <= '2026-11-25T06:00:00Z'`).run(station);
    db.prepare(`DELETE FROM readings WHERE station_id = ? AND time > '2026-11-24T23:00:00Z'`).run(other);
    db.prepare(`DELETE FROM readings WHERE station_id = ? AND param = 'co'`).run(station);
    expectRowsAgree();
  });

  it('agree once every event is gone', () => {
    db.prepare(`DELETE FROM events`).run();
    expectLiveFiguresAgree();
    expectRowsAgree();
    expect(db.prepare(`SELECT count(*) FROM event_open_stats`).pluck().get()).toBe(0);
  });
});
