import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOMAIN_IDS } from '../../domains';
import { migrate } from '../../host/db/migrate';
import { DemoDistricts } from '../../host/demo/areas';
import { loadBoundaries } from '../../host/geo/boundaries';
import { seedDemo, type SeedSummary } from '../../host/demo';

// The province's published figures: the generator must agree with this file, not with itself.
const facts = JSON.parse(readFileSync(new URL('../../../shared/data/binh-phuoc-facts.json', import.meta.url), 'utf8'));

const now = new Date('2026-11-25T08:00:00Z');
let db: Database.Database;
let summary: SeedSummary;

function fresh(): Database.Database {
  const d = new Database(':memory:');
  migrate(d);
  return d;
}

beforeAll(() => {
  db = fresh();
  summary = seedDemo(db, { now });
});
afterAll(() => db.close());

const sum = (sql: string, ...args: unknown[]) => db.prepare(sql).pluck().get(...args) as number;
const province = (indicator: string, like: string) =>
  sum(`SELECT total(value) FROM observations WHERE indicator = ? AND area_id = '70' AND period LIKE ?`, indicator, like);
const districts = (indicator: string, like: string) =>
  sum(`SELECT total(value) FROM observations WHERE indicator = ? AND area_id <> '70' AND period LIKE ?`, indicator, like);

describe('demo dataset', () => {
  it('is deterministic: the same now and scale give the same rows', () => {
    const other = fresh();
    seedDemo(other, { now });
    const digest = (d: Database.Database) => {
      const h = createHash('sha256');
      for (const t of ['areas', 'observations', 'events', 'stations', 'readings', 'places', 'event_stats']) {
        for (const row of d.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3`).raw().iterate()) h.update(JSON.stringify(row));
      }
      return h.digest('hex');
    };
    expect(digest(other)).toBe(digest(db));
    other.close();
  }, 60_000);

  it('has the 11 districts with their GSO codes, names and kinds, and boundaries', () => {
    const rows = db.prepare(`SELECT id, name, kind, parent_id, geometry IS NOT NULL AS g FROM areas WHERE level = 'district' ORDER BY id`).all();
    expect(rows).toEqual(
      facts.districts_before_2025.map((d: { gso_code: string; name: string; kind: string }) => ({ id: d.gso_code, name: d.name, kind: d.kind, parent_id: '70', g: 1 })),
    );
    expect(db.prepare(`SELECT id, version, level FROM areas WHERE id = '70'`).get()).toEqual({ id: '70', version: '2019', level: 'province' });
    // Centroids lie inside their own district.
    const index = new DemoDistricts(loadBoundaries());
    for (const a of db.prepare(`SELECT id, lat, lon FROM areas WHERE level = 'district'`).all() as { id: string; lat: number; lon: number }[]) {
      expect(index.locate(a.lon, a.lat), a.id).toBe(a.id);
    }
  });

  it('agrees with the published totals, and districts add up to the province', () => {
    expect(province('economy.grdp', '2024-__')).toBe(facts.economy.grdp_2024_billion_vnd);
    expect(districts('economy.grdp', '2024-__')).toBe(facts.economy.grdp_2024_billion_vnd);
    expect(sum(`SELECT value FROM observations WHERE indicator = 'economy.grdpGrowth' AND period = '2024'`)).toBeCloseTo(facts.economy.grdp_growth['2024'] * 100, 6);
    expect(sum(`SELECT value FROM observations WHERE indicator = 'economy.grdpGrowth' AND period = '2023'`)).toBeCloseTo(facts.economy.grdp_growth['2023'] * 100, 6);
    // 2023 GRDP is 2024's divided by the published 2024 growth.
    expect(province('economy.grdp', '2023-__')).toBe(Math.round(facts.economy.grdp_2024_billion_vnd / (1 + facts.economy.grdp_growth['2024'])));
    expect(sum(`SELECT value FROM observations WHERE indicator = 'economy.population' AND area_id = '70' AND period = '2024'`)).toBe(facts.province.population['2024']);
    expect(districts('economy.population', '2024')).toBe(facts.province.population['2024']);
    expect(province('economy.fdi', '2023-__')).toBeCloseTo(facts.economy.fdi_2023.million_usd, 6);
    expect(districts('economy.fdi', '2023-__')).toBeCloseTo(facts.economy.fdi_2023.million_usd, 6);
    expect(province('economy.fdiProjects', '2023-__')).toBe(facts.economy.fdi_2023.projects);
    expect(province('tourism.visitors', '2024-__')).toBe(facts.tourism.visitors_2024);
    expect(districts('tourism.visitors', '2024-__')).toBe(facts.tourism.visitors_2024);
    expect(province('tourism.revenue', '2024-__')).toBeCloseTo(facts.tourism.revenue_2024_billion_vnd, 6);
    expect(districts('tourism.revenue', '2024-__')).toBeCloseTo(facts.tourism.revenue_2024_billion_vnd, 6);
    expect(sum(`SELECT value FROM observations WHERE indicator = 'tourism.visitors.plan' AND period = '2025'`)).toBe(facts.tourism.visitors_target_2025);
    expect(sum(`SELECT value FROM observations WHERE indicator = 'land.perennialCropsHa' AND area_id = '70' AND period = '2024'`)).toBe(facts.economy.perennial_crops_ha);
    const levels = { preschool: 'preschool', primary: 'primary', lowerSecondary: 'lower_secondary', upperSecondary: 'upper_secondary' } as const;
    for (const [id, key] of Object.entries(levels)) {
      expect(province(`education.schools.${id}`, '2024')).toBe(facts.education.schools[key]);
      expect(districts(`education.schools.${id}`, '2024')).toBe(facts.education.schools[key]);
      // One school place per counted school.
      expect(sum(`SELECT count(*) FROM places WHERE kind = ?`, `school.${id}`)).toBe(facts.education.schools[key]);
    }
    const allSchools = Object.values(facts.education.schools as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(province('education.schools', '2024')).toBe(allSchools);
    expect(districts('education.schools', '2024')).toBe(allSchools);
  });

  it('covers two years of events and hourly readings, labelled as demo data', () => {
    expect(summary).toMatchObject({ areas: 12, stations: 20 });
    expect(summary.events).toBeGreaterThan(20_000);
    const span = db.prepare(`SELECT min(opened_at) AS a, max(opened_at) AS b FROM events WHERE domain = 'hotline'`).get() as { a: string; b: string };
    expect((Date.parse(span.b) - Date.parse(span.a)) / 86_400_000).toBeGreaterThan(700);
    expect(Date.parse(span.b)).toBeLessThanOrEqual(now.getTime());
    expect(db.prepare(`SELECT value FROM meta WHERE key = 'demo'`).pluck().get()).toBe('1');
    const fresh = db.prepare(`SELECT domain, source FROM domain_freshness ORDER BY domain`).all() as { domain: string; source: string }[];
    expect(fresh.map((r) => r.domain).sort()).toEqual([...DOMAIN_IDS].sort());
    expect(new Set(fresh.map((r) => r.source))).toEqual(new Set(['Dữ liệu mẫu']));
    for (const t of ['observations', 'events', 'stations', 'places']) {
      expect(db.prepare(`SELECT DISTINCT source FROM ${t}`).pluck().all(), t).toEqual(['Dữ liệu mẫu']);
    }
    // Every station has a reading in the last hour, for each of the six parameters.
    const recent = db.prepare(`SELECT count(DISTINCT station_id || param) FROM readings WHERE time >= ?`).pluck().get(new Date(now.getTime() - 2 * 3600_000).toISOString());
    expect(recent).toBe(120);
  });

  it('has a realistic hotline workflow with some overdue, and markup reports kept as text', () => {
    const byStatus = Object.fromEntries(
      (db.prepare(`SELECT status, count(*) n FROM events WHERE domain = 'hotline' GROUP BY status`).all() as { status: string; n: number }[]).map((r) => [r.status, r.n]),
    );
    expect(Object.keys(byStatus).sort()).toEqual(['assigned', 'inProgress', 'received', 'resolved']);
    const overdue = sum(`SELECT count(*) FROM events WHERE domain = 'hotline' AND closed_at IS NULL AND due_at < ?`, now.toISOString());
    expect(overdue).toBeGreaterThan(10);
    expect(overdue).toBeLessThan(byStatus['resolved']! * 0.05);
    expect(sum(`SELECT count(*) FROM events WHERE domain = 'hotline' AND (title LIKE '%<script>%' OR description LIKE '%<script>%')`)).toBeGreaterThan(0);
    expect(sum(`SELECT count(*) FROM events WHERE domain = 'hotline' AND title LIKE '%<img src=x onerror%'`)).toBeGreaterThan(0);
  });

  it('puts nine traffic incidents in ten on QL13, QL14 and ĐT741, each inside its district', () => {
    const rows = db.prepare(`SELECT area_id, lat, lon, json_extract(attrs, '$.road') AS road FROM events WHERE domain = 'traffic'`).all() as {
      area_id: string;
      lat: number;
      lon: number;
      road: string;
    }[];
    const onCorridors = rows.filter((r) => ['QL13', 'QL14', 'DT741'].includes(r.road)).length / rows.length;
    expect(onCorridors).toBeGreaterThan(0.85);
    const index = new DemoDistricts(loadBoundaries());
    for (const r of rows.slice(0, 300)) expect(index.locate(r.lon, r.lat)).toBe(r.area_id);
  });

  it('places the named sites at their real locations, in the right district', () => {
    const site = (name: string) => db.prepare(`SELECT area_id, lat, lon FROM places WHERE name = ?`).get(name) as { area_id: string; lat: number; lon: number };
    const byName = new Map((facts.districts_before_2025 as { gso_code: string; name: string }[]).map((d) => [d.name, d.gso_code]));
    for (const s of facts.tourism.sites as { name: string; district: string }[]) {
      const name = s.name === 'Khu di tích Tà Thiết' ? 'Khu di tích Tà Thiết' : s.name;
      expect(site(name), name).toBeDefined();
      expect(site(name).area_id, name).toBe(byName.get(s.district));
    }
    expect(site('Bệnh viện Đa khoa tỉnh Bình Phước').area_id).toBe('689');
  });
});
