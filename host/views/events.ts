import { CATALOG, type EventStateDef, type LocalText } from '../../domains';
import type { AgencyRow, ByAgencyResult, ByKindResult, ByStatusResult, MapPoint, MapResult, RecentResult } from '../../domains/views';
import { aqiBand } from '../../domains';
import { base, type ViewContext } from './common';
import { DOMAIN_VIEWS } from './config';
import { stationRows } from './environment';
import { agencyStats, openBy, openNow, openTotal, statsBy, statTotals } from './eventStats';
import { monthStartUtc } from './period';
import { stmt } from '../db/statements';
import { CUT, cutOrNull, cutText, textOf } from './text-cut';

/** Views over events and places: map, byStatus, byKind, byAgency, recent. */

/**
 * The map carries at most this many open events (most urgent first) and as many settled ones
 * of the period (newest first); it says so when it shows fewer than there are.
 */
export const MAP_POINT_CAP = 300;

function stateDef(ctx: ViewContext, status: string): EventStateDef | undefined {
  return CATALOG[ctx.domain].eventStates.find((s) => s.id === status);
}

function kindName(ctx: ViewContext, kind: string): LocalText {
  const d = CATALOG[ctx.domain];
  return d.eventKinds.find((k) => k.id === kind)?.name ?? d.placeKinds.find((k) => k.id === kind)?.name ?? { vi: kind, en: kind };
}

function statusName(ctx: ViewContext, status: string): LocalText {
  return stateDef(ctx, status)?.name ?? { vi: status, en: status };
}

interface EventRow {
  id: string;
  kind: string;
  status: string;
  area_id: string | null;
  lat: number;
  lon: number;
  title: string;
  description: string;
  address: string;
  agency: string | null;
  opened_at: string;
  due_at: string | null;
  closed_at: string | null;
}

/** A map row: open ones carry their due date (overdue now?), settled ones whether closed_at is ''. */
type MapRow = Omit<EventRow, 'description' | 'agency' | 'closed_at' | 'due_at' | 'area_id'> & { area_id?: string | null; due_at?: string | null; blank?: 0 | 1 };

function overdue(ctx: ViewContext, e: { closed_at: string | null; due_at: string | null }): boolean {
  return e.closed_at === null && e.due_at !== null && Date.parse(e.due_at) < ctx.now.getTime();
}

function periodBounds(ctx: ViewContext) {
  return { start: monthStartUtc(ctx.period.from), end: monthStartUtc(ctx.period.to, 1) };
}

const EVENT_COLS = `id, kind, status, area_id, lat, lon, title, description, address, agency, opened_at, due_at, closed_at`;
// The map needs no description or agency, and no closed_at (the query says open or settled):
// fewer values to turn into JavaScript per point, the larger part of a map's cost. Nor, for a
// district, its area_id: the query asks for that one value (mapCols).
const MAP_COLS = `id, kind, status, lat, lon, title, address, opened_at`;
const mapCols = (ctx: ViewContext) => (ctx.district ? MAP_COLS : `${MAP_COLS}, area_id`);

export function mapView(ctx: ViewContext): MapResult {
  const spec = DOMAIN_VIEWS[ctx.domain].map ?? {};
  const points: MapPoint[] = [];
  const names: Record<string, LocalText> = {};
  let total = 0;
  const area = ctx.district ? ' AND area_id = ?' : '';
  const areaArgs = ctx.district ? [ctx.district] : [];
  if (spec.events) {
    // Open ones first (they need action), then the newest of the period up to the cap.
    const { start, end } = periodBounds(ctx);
    const open = stmt(
      ctx.db,
      `SELECT ${mapCols(ctx)}, due_at FROM events WHERE domain = ? AND closed_at IS NULL AND lat IS NOT NULL${area} ORDER BY due_at LIMIT ${MAP_POINT_CAP}`,
    ).all(ctx.domain, ...areaArgs) as MapRow[];
    const recent = stmt(
      ctx.db,
      `SELECT ${mapCols(ctx)}, closed_at = '' AS blank FROM events WHERE domain = ?${area} AND opened_at >= ? AND opened_at < ? AND closed_at IS NOT NULL
         AND lat IS NOT NULL ORDER BY opened_at DESC LIMIT ${MAP_POINT_CAP}`,
    ).all(ctx.domain, ...areaArgs, start, end) as MapRow[];
    const periodTotals = statTotals(ctx.db, ctx.domain, ctx.district, ctx.period.from, ctx.period.to);
    // At most MAP_POINT_CAP open ones are drawn (the most urgent): beyond it the count of all open
    // ones comes from the summary table, so the map says how many it leaves out.
    const openCount = open.length < MAP_POINT_CAP ? open.length : openTotal(ctx.db, ctx.domain, ctx.district);
    total = openCount + periodTotals.closed;
    const now = ctx.now.getTime();
    const district = ctx.district;
    for (const e of [...open, ...recent]) {
      // Settled rows come with `blank` (a closed_at of '' reads as not closed, as it always did).
      const state = e.blank === undefined ? (e.due_at != null && Date.parse(e.due_at) < now ? 'overdue' : 'open') : e.blank ? 'open' : 'closed';
      points.push({
        id: e.id,
        type: 'event',
        kind: e.kind,
        lat: e.lat,
        lon: e.lon,
        title: cutText(e.title, CUT.line),
        detail: cutText(e.address, CUT.line),
        status: e.status,
        state,
        // A district's rows carry no area_id: each is that district's.
        areaId: district ?? e.area_id ?? null,
        at: e.opened_at,
      });
    }
  }
  if (spec.stations) {
    for (const s of stationRows(ctx)) {
      total++;
      points.push({
        id: s.id,
        type: 'station',
        kind: 'airStation',
        lat: s.lat,
        lon: s.lon,
        title: s.name,
        detail: s.areaName,
        status: s.aqiLevel ?? 'noData',
        state: 'site',
        areaId: s.areaId,
        at: s.time,
        aqi: s.aqi,
        ...(s.aqiLevel ? { aqiLevel: s.aqiLevel } : {}),
      });
    }
  }
  if (spec.places) {
    const rows = stmt(
      ctx.db,
      `SELECT id, kind, name, area_id, lat, lon, attrs FROM places WHERE domain = ?${area} ORDER BY kind, id LIMIT ${MAP_POINT_CAP}`,
    ).all(ctx.domain, ...areaArgs) as { id: string; kind: string; name: string; area_id: string | null; lat: number; lon: number; attrs: string }[];
    total += rows.length;
    for (const p of rows) {
      // A source's extra fields: a note or an address may be any JSON value, or very long.
      const attrs = JSON.parse(p.attrs) as { note?: unknown; address?: unknown };
      points.push({
        id: p.id,
        type: 'place',
        kind: p.kind,
        lat: p.lat,
        lon: p.lon,
        title: cutText(p.name, CUT.line),
        detail: textOf(attrs.note, CUT.line) ?? textOf(attrs.address, CUT.line) ?? '',
        status: p.kind,
        state: 'site',
        areaId: p.area_id,
        at: null,
      });
    }
  }
  if (spec.cameras) {
    // Cameras that can play (host/cameras: places of kind camera with streams); a camera known
    // only as a dot (the demo's 577) cannot open a picture, so it is not offered here.
    const rows = stmt(
      ctx.db,
      `SELECT id, name, area_id, lat, lon FROM places WHERE domain = ? AND kind = 'camera' AND attrs LIKE '%"streams"%'${area} ORDER BY id LIMIT ${MAP_POINT_CAP}`,
    ).all(ctx.domain, ...areaArgs) as { id: string; name: string; area_id: string | null; lat: number; lon: number }[];
    total += rows.length;
    for (const c of rows) {
      points.push({ id: c.id, type: 'place', kind: 'camera', lat: c.lat, lon: c.lon, title: cutText(c.name, CUT.line), detail: '', status: 'camera', state: 'site', areaId: c.area_id, at: null });
    }
  }
  for (const p of points) {
    if (!names[p.kind]) names[p.kind] = p.kind === 'airStation' ? { vi: 'Trạm quan trắc không khí', en: 'Air quality station' } : kindName(ctx, p.kind);
    if (!names[p.status]) {
      names[p.status] =
        p.type === 'station'
          ? p.aqi == null
            ? { vi: 'Không có số liệu', en: 'No data' }
            : aqiBand(p.aqi).name
          : p.type === 'place'
            ? kindName(ctx, p.kind)
            : statusName(ctx, p.status);
    }
  }
  return { kind: 'map', ...base(ctx), points, names, total, truncated: total > points.length };
}

export function byStatusView(ctx: ViewContext): ByStatusResult {
  const rows = statsBy(ctx.db, ctx.domain, 'status', ctx.district, ctx.period.from, ctx.period.to);
  const counts = new Map(rows.map((r) => [r.key, r.n]));
  const states = [...CATALOG[ctx.domain].eventStates].sort((a, b) => a.order - b.order);
  const known = new Set(states.map((s) => s.id));
  const out: ByStatusResult['rows'] = states.map((s) => ({ id: s.id, name: s.name, count: counts.get(s.id) ?? 0, closed: s.closed }));
  // A state a feed sends that the catalog does not know is still counted, under its own name.
  for (const r of rows) if (!known.has(r.key)) out.push({ id: r.key, name: { vi: r.key, en: r.key }, count: r.n, closed: false });
  const live = openNow(ctx.db, ctx.domain, ctx.district, ctx.nowIso);
  return {
    kind: 'byStatus',
    ...base(ctx),
    rows: out,
    total: rows.reduce((a, r) => a + r.n, 0),
    overdue: live.overdue,
    closedLate: rows.reduce((a, r) => a + r.late, 0),
  };
}

export function byKindView(ctx: ViewContext): ByKindResult {
  const rows = statsBy(ctx.db, ctx.domain, 'kind', ctx.district, ctx.period.from, ctx.period.to);
  const counts = new Map(rows.map((r) => [r.key, r.n]));
  const kinds = CATALOG[ctx.domain].eventKinds;
  const out = kinds.map((k) => ({ id: k.id, name: k.name, count: counts.get(k.id) ?? 0 }));
  for (const r of rows) if (!kinds.some((k) => k.id === r.key)) out.push({ id: r.key, name: { vi: r.key, en: r.key }, count: r.n });
  out.sort((a, b) => b.count - a.count);
  return { kind: 'byKind', ...base(ctx), rows: out, total: rows.reduce((a, r) => a + r.n, 0) };
}

/**
 * Dossiers by agency: received in the period; settled on time / late (end of processing on or
 * before / after the appointment date); and, now, open past the appointment date or still in time.
 */
export function byAgencyView(ctx: ViewContext): ByAgencyResult {
  const stats = agencyStats(ctx.db, ctx.domain, ctx.district, ctx.period.from, ctx.period.to);
  const open = openBy(ctx.db, ctx.domain, 'agency', ctx.district, ctx.nowIso);
  const agencies = new Set([...stats.map((s) => s.key), ...open.keys()]);
  const byKey = new Map(stats.map((s) => [s.key, s]));
  const rows: AgencyRow[] = [...agencies].map((agency) => {
    const s = byKey.get(agency);
    const o = open.get(agency);
    const closed = s?.closed ?? 0;
    const late = s?.late ?? 0;
    return {
      agency: agency === '' ? 'Chưa phân công' : agency,
      received: s?.n ?? 0,
      onTime: closed - late,
      late,
      overdue: o?.overdue ?? 0,
      pending: (o?.open ?? 0) - (o?.overdue ?? 0),
      onTimeRate: closed === 0 ? null : (100 * (closed - late)) / closed,
    };
  });
  rows.sort((a, b) => b.received - a.received || a.agency.localeCompare(b.agency, 'vi'));
  return { kind: 'byAgency', ...base(ctx), rows };
}

export const RECENT_LIMIT = 30;

export function recentView(ctx: ViewContext): RecentResult {
  const { start, end } = periodBounds(ctx);
  const area = ctx.district ? ' AND area_id = ?' : '';
  const rows = stmt(
    ctx.db,
    `SELECT ${EVENT_COLS} FROM events WHERE domain = ?${area} AND opened_at >= ? AND opened_at < ? ORDER BY opened_at DESC LIMIT ${RECENT_LIMIT}`,
  ).all(ctx.domain, ...(ctx.district ? [ctx.district] : []), start, end) as EventRow[];
  return {
    kind: 'recent',
    ...base(ctx),
    rows: rows.map((e) => ({
      id: e.id,
      kind: e.kind,
      kindName: kindName(ctx, e.kind),
      status: e.status,
      statusName: statusName(ctx, e.status),
      title: cutText(e.title, CUT.line),
      description: cutText(e.description, CUT.description),
      address: cutText(e.address, CUT.line),
      areaId: e.area_id,
      agency: cutOrNull(e.agency, CUT.line),
      openedAt: e.opened_at,
      dueAt: e.due_at,
      overdue: overdue(ctx, e),
    })),
  };
}
