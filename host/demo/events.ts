import type { DomainEvent, DomainId } from '../../domains';
import { CATALOG } from '../../domains';
import type { DemoDistricts } from './areas';
import { CORRIDORS, DISTRICT_SEATS } from './corridors';
import { DEMO_SOURCE } from './facts';
import { alongLine } from './lines';
import { DISTRICT_PROFILES } from './profile';
import type { Random } from './random';
import { HOTLINE_TEXTS, LAND_TEXTS, MARKUP_REPORTS, STREETS, TRAFFIC_TEXTS, URBAN_TEXTS } from './texts';
import { DAY, HOUR, localClock, localMidnight, localParts } from './time';

/**
 * Events for two years before `now`: hotline reports, dossiers, traffic incidents, urban-order
 * violations and land cases, each moved through its domain's workflow as far as its age allows.
 * Volumes are per day at scale 1 and multiply with `scale`.
 */

export const EVENT_DAYS = 730;

export interface EventContext {
  rng: Random;
  now: Date;
  scale: number;
  districts: DemoDistricts;
  emit(e: DomainEvent): void;
}

const popWeights = DISTRICT_PROFILES.map((d) => d.population2019 * (d.urban ? 1.6 : 1));
const districtIds = DISTRICT_PROFILES.map((d) => d.id);

function kindsOf(domain: DomainId) {
  return CATALOG[domain].eventKinds;
}

function dueDaysOf(domain: DomainId, kind: string): number {
  return kindsOf(domain).find((k) => k.id === kind)?.dueDays ?? 7;
}

/** Each day of the window, oldest first, as local midnight; `count` events that day (Poisson). */
function* days(ctx: EventContext, label: string, perDay: (dayStart: Date, month: number) => number) {
  const r = ctx.rng.fork(label);
  const today = localParts(ctx.now);
  const start = localMidnight(today.year, today.month, today.day - EVENT_DAYS + 1);
  for (let k = 0; k < EVENT_DAYS; k++) {
    const dayStart = new Date(start.getTime() + k * DAY);
    const month = localParts(dayStart).month;
    const n = r.poisson(perDay(dayStart, month) * ctx.scale);
    yield { r, dayStart, n };
  }
}

/** A time of day weighted to office and evening hours; never after `now`. */
function timeInDay(r: Random, dayStart: Date, now: Date): Date | null {
  const hour = r.weighted([6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 19, 20, 21, 22], [1, 3, 5, 6, 6, 4, 3, 5, 5, 4, 3, 3, 3, 2, 1]);
  const t = new Date(dayStart.getTime() + hour * HOUR + r.int(0, 3599) * 1000);
  return t.getTime() <= now.getTime() ? t : null;
}

function iso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function seqId(domain: string, n: number): string {
  return `demo:${domain}:${String(n).padStart(7, '0')}`;
}

function addressIn(r: Random, districtId: string, districts: DemoDistricts): string {
  const seat = DISTRICT_SEATS[districtId];
  return `${r.int(1, 420)} ${r.pick(STREETS)}, ${seat ? seat.name + ', ' : ''}${districts.name(districtId)}`;
}

interface Lifecycle {
  status: string;
  updatedAt: Date;
  closedAt: Date | null;
}

/**
 * Moves a case through `states` (the last one closed): each step takes its share of the time to
 * close; a case whose closing time is still ahead stays in the state it has reached by now.
 */
function lifecycle(openedAt: Date, hoursToClose: number, steps: string[], now: Date): Lifecycle {
  const closeAt = new Date(openedAt.getTime() + hoursToClose * HOUR);
  if (closeAt.getTime() <= now.getTime()) return { status: steps[steps.length - 1]!, updatedAt: closeAt, closedAt: closeAt };
  const elapsed = (now.getTime() - openedAt.getTime()) / (hoursToClose * HOUR);
  const open = steps.slice(0, -1);
  const idx = Math.min(open.length - 1, Math.floor(Math.sqrt(elapsed) * open.length));
  const stepStart = new Date(openedAt.getTime() + ((idx / open.length) ** 2) * hoursToClose * HOUR);
  return { status: open[idx]!, updatedAt: stepStart, closedAt: null };
}

function pickDistrict(r: Random): string {
  return r.weighted(districtIds, popWeights);
}

export function generateHotline(ctx: EventContext): number {
  let n = 0;
  const kinds = kindsOf('hotline').map((k) => k.id);
  const weights = kinds.map((k) => (k.startsWith('hotline.call') ? 0.25 : k === 'hotline.infrastructure' ? 3 : k === 'hotline.environment' ? 2.5 : 1.5));
  const agencies = ['UBND cấp xã', 'Công an tỉnh', 'Sở Xây dựng', 'Sở Nông nghiệp và Môi trường', 'Công ty Điện lực Bình Phước', 'Trung tâm Phục vụ hành chính công'];
  for (const { r, dayStart, n: count } of days(ctx, 'hotline', (_d, m) => 22 * (m >= 5 && m <= 10 ? 1.15 : 1))) {
    for (let i = 0; i < count; i++) {
      const opened = timeInDay(r, dayStart, ctx.now);
      if (!opened) continue;
      const kind = r.weighted(kinds, weights);
      const due = dueDaysOf('hotline', kind);
      const districtId = pickDistrict(r);
      const seat = DISTRICT_SEATS[districtId]!;
      const [lon, lat] = ctx.districts.randomPoint(r, districtId, { lon: seat.lon, lat: seat.lat, spread: 0.04 });
      // Most are settled well inside the deadline; one in eight runs late; a few stall.
      const stalls = r.chance(0.015);
      const late = r.chance(0.12);
      const hours = stalls ? 24 * 365 * 5 : due * 24 * (late ? r.range(1.05, 2.5) : r.range(0.15, 0.95));
      const lc = lifecycle(opened, hours, ['received', 'assigned', 'inProgress', 'resolved'], ctx.now);
      const text = r.pick(HOTLINE_TEXTS[kind]!);
      n++;
      ctx.emit({
        id: seqId('hotline', n),
        domain: 'hotline',
        kind,
        status: lc.status,
        areaId: districtId,
        lat,
        lon,
        title: text.title,
        description: text.description,
        address: addressIn(r, districtId, ctx.districts),
        agency: lc.status === 'received' ? null : r.pick(agencies),
        openedAt: iso(opened),
        updatedAt: iso(lc.updatedAt),
        dueAt: iso(new Date(opened.getTime() + due * DAY)),
        closedAt: lc.closedAt ? iso(lc.closedAt) : null,
        source: DEMO_SOURCE,
        attrs: { channel: kind.startsWith('hotline.call') ? kind.slice(-3) : r.weighted(['1022', 'app', 'zalo', 'web'], [5, 2, 2, 1]) },
      });
    }
  }
  // Three recent, still-open reports whose text carries markup (shown literally by the UI).
  MARKUP_REPORTS.forEach((m, i) => {
    const opened = new Date(ctx.now.getTime() - (i + 1) * 2 * HOUR);
    const districtId = '689';
    const seat = DISTRICT_SEATS[districtId]!;
    n++;
    ctx.emit({
      id: seqId('hotline', n),
      domain: 'hotline',
      kind: m.kind,
      status: i === 0 ? 'received' : 'assigned',
      areaId: districtId,
      lat: seat.lat + 0.004 * (i + 1),
      lon: seat.lon - 0.003 * (i + 1),
      title: m.title,
      description: m.description,
      address: `Phường Tân Phú, <Đồng Xoài> & "khu phố ${i + 1}"`,
      agency: i === 0 ? null : 'UBND cấp xã',
      openedAt: iso(opened),
      updatedAt: iso(opened),
      dueAt: iso(new Date(opened.getTime() + dueDaysOf('hotline', m.kind) * DAY)),
      closedAt: null,
      source: DEMO_SOURCE,
      attrs: { channel: 'app' },
    });
  });
  return n;
}

export function generateTraffic(ctx: EventContext): number {
  let n = 0;
  const kinds = ['traffic.accident', 'traffic.congestion', 'traffic.roadDamage', 'traffic.flooding', 'traffic.obstruction'];
  for (const { r, dayStart, n: count } of days(ctx, 'traffic', (_d, m) => (m >= 5 && m <= 10 ? 5.2 : 4.2))) {
    const month = localParts(dayStart).month;
    const rainy = month >= 5 && month <= 10;
    for (let i = 0; i < count; i++) {
      const opened = timeInDay(r, dayStart, ctx.now);
      if (!opened) continue;
      const kind = r.weighted(kinds, [1.1, 1.4, 0.9, rainy ? 0.6 : 0.05, 0.6]);
      // Nine in ten on the three corridors; the rest on local roads near a district seat.
      let lon: number;
      let lat: number;
      let road: string;
      const corridor = r.chance(0.9) ? r.weighted(CORRIDORS, CORRIDORS.map((c) => c.weight / 0.9)) : null;
      if (corridor) {
        [lon, lat] = alongLine(corridor.line, r.next());
        lon += 0.0025 * r.normal();
        lat += 0.0025 * r.normal();
        road = corridor.id;
      } else {
        const d = pickDistrict(r);
        const seat = DISTRICT_SEATS[d]!;
        [lon, lat] = ctx.districts.randomPoint(r, d, { lon: seat.lon, lat: seat.lat, spread: 0.05 });
        road = 'local';
      }
      const areaId = ctx.districts.locate(lon, lat);
      if (!areaId) continue; // a corridor end just outside the province
      const hours = kind === 'traffic.roadDamage' ? r.range(24, 24 * 20) : kind === 'traffic.flooding' ? r.range(1, 8) : r.range(0.3, 4);
      const lc = lifecycle(opened, hours, ['reported', 'responding', 'cleared'], ctx.now);
      const accident = kind === 'traffic.accident';
      const deaths = accident && r.chance(0.22) ? r.weighted([1, 2, 3], [8, 2, 0.5]) : 0;
      const injuries = accident ? r.weighted([0, 1, 2, 3, 4], [2, 6, 3, 1, 0.5]) : 0;
      n++;
      ctx.emit({
        id: seqId('traffic', n),
        domain: 'traffic',
        kind,
        status: lc.status,
        areaId,
        lat: Math.round(lat * 1e5) / 1e5,
        lon: Math.round(lon * 1e5) / 1e5,
        title: r.pick(TRAFFIC_TEXTS[kind]!),
        description: road === 'local' ? 'Đường địa phương' : `Trên ${CORRIDORS.find((c) => c.id === road)!.name}, km ${r.int(1, 140)}`,
        address: road === 'local' ? addressIn(r, areaId, ctx.districts) : `${CORRIDORS.find((c) => c.id === road)!.name}, ${ctx.districts.name(areaId)}`,
        agency: 'Cảnh sát giao thông',
        openedAt: iso(opened),
        updatedAt: iso(lc.updatedAt),
        dueAt: null,
        closedAt: lc.closedAt ? iso(lc.closedAt) : null,
        source: DEMO_SOURCE,
        attrs: { road, deaths, injuries },
      });
    }
  }
  return n;
}

function generateCases(
  ctx: EventContext,
  domain: 'urbanOrder' | 'land',
  perDay: number,
  texts: Record<string, string[]>,
  agency: (districtId: string) => string,
  urbanBias: number,
): number {
  let n = 0;
  const kinds = kindsOf(domain).map((k) => k.id);
  const weights = DISTRICT_PROFILES.map((d) => d.population2019 * (d.urban ? urbanBias : 1));
  for (const { r, dayStart, n: count } of days(ctx, domain, () => perDay)) {
    for (let i = 0; i < count; i++) {
      const opened = timeInDay(r, dayStart, ctx.now);
      if (!opened) continue;
      const kind = r.pick(kinds);
      const due = dueDaysOf(domain, kind);
      const districtId = r.weighted(districtIds, weights);
      const seat = DISTRICT_SEATS[districtId]!;
      const [lon, lat] = ctx.districts.randomPoint(r, districtId, domain === 'urbanOrder' ? { lon: seat.lon, lat: seat.lat, spread: 0.025 } : undefined);
      const late = r.chance(domain === 'land' ? 0.25 : 0.12);
      const stalls = r.chance(0.02);
      const hours = stalls ? 24 * 365 * 5 : due * 24 * (late ? r.range(1.05, 2) : r.range(0.1, 0.95));
      const lc = lifecycle(opened, hours, ['received', 'inProgress', 'resolved'], ctx.now);
      n++;
      ctx.emit({
        id: seqId(domain, n),
        domain,
        kind,
        status: lc.status,
        areaId: districtId,
        lat,
        lon,
        title: r.pick(texts[kind]!),
        description: '',
        address: addressIn(r, districtId, ctx.districts),
        agency: agency(districtId),
        openedAt: iso(opened),
        updatedAt: iso(lc.updatedAt),
        dueAt: iso(new Date(opened.getTime() + due * DAY)),
        closedAt: lc.closedAt ? iso(lc.closedAt) : null,
        source: DEMO_SOURCE,
        attrs: {},
      });
    }
  }
  return n;
}

export function generateUrbanOrder(ctx: EventContext): number {
  return generateCases(ctx, 'urbanOrder', 7, URBAN_TEXTS, (d) => `UBND ${ctx.districts.name(d)}`, 2.5);
}

export function generateLand(ctx: EventContext): number {
  return generateCases(ctx, 'land', 2.2, LAND_TEXTS, (d) => `Phòng Nông nghiệp và Môi trường ${ctx.districts.name(d)}`, 0.8);
}

const DOSSIER_AGENCY: Record<string, string> = {
  'publicAdmin.land': 'Sở Nông nghiệp và Môi trường',
  'publicAdmin.business': 'Sở Tài chính',
  'publicAdmin.investment': 'Sở Tài chính',
  'publicAdmin.construction': 'Sở Xây dựng',
  'publicAdmin.transport': 'Sở Xây dựng',
  'publicAdmin.civilStatus': 'Sở Tư pháp',
  'publicAdmin.socialWelfare': 'Sở Nội vụ',
};

/**
 * Dossiers: dueAt is the appointment date (NgayHenTra), closedAt the end of processing
 * (NgayKetThucXuLy); on time means closedAt ≤ dueAt, the rule in the facts file.
 */
export function generateDossiers(ctx: EventContext): number {
  let n = 0;
  const kinds = kindsOf('publicAdmin').map((k) => k.id);
  const kindWeights = [3, 2, 1.5, 3.5, 0.4, 1.6, 1.2];
  const lateShare: Record<string, number> = { 'publicAdmin.land': 0.09, 'publicAdmin.construction': 0.06 };
  const firstDay = ctx.now.getTime() - EVENT_DAYS * DAY;
  for (const { r, dayStart, n: count } of days(ctx, 'publicAdmin', (d) => {
    const dow = localClock(d).getUTCDay();
    return dow === 0 ? 0 : dow === 6 ? 12 : 40;
  })) {
    const progress = (dayStart.getTime() - firstDay) / (EVENT_DAYS * DAY);
    for (let i = 0; i < count; i++) {
      const opened = timeInDay(r, dayStart, ctx.now);
      if (!opened) continue;
      const kind = r.weighted(kinds, kindWeights);
      const due = dueDaysOf('publicAdmin', kind);
      const districtId = pickDistrict(r);
      const atDepartment = r.chance(kind === 'publicAdmin.civilStatus' ? 0.1 : 0.55);
      const agency = atDepartment ? DOSSIER_AGENCY[kind]! : `UBND ${ctx.districts.name(districtId)}`;
      const late = r.chance(lateShare[kind] ?? 0.035);
      const hours = r.chance(0.008) ? 24 * 365 * 5 : due * 24 * (late ? r.range(1.05, 1.8) : r.range(0.2, 0.98));
      const lc = lifecycle(opened, hours, ['received', 'inProgress', 'supplementRequested', 'returned'], ctx.now);
      const status = lc.closedAt && r.chance(0.12) ? 'processed' : lc.status;
      const [lon, lat] = atDepartment ? [106.8937, 11.5355] : [DISTRICT_SEATS[districtId]!.lon, DISTRICT_SEATS[districtId]!.lat];
      n++;
      ctx.emit({
        id: seqId('publicAdmin', n),
        domain: 'publicAdmin',
        kind,
        status,
        areaId: districtId,
        lat,
        lon,
        title: CATALOG.publicAdmin.eventKinds.find((k) => k.id === kind)!.name.vi,
        description: '',
        address: '',
        agency,
        openedAt: iso(opened),
        updatedAt: iso(lc.updatedAt),
        dueAt: iso(new Date(opened.getTime() + due * DAY)),
        closedAt: lc.closedAt ? iso(lc.closedAt) : null,
        source: DEMO_SOURCE,
        attrs: { online: r.chance(0.38 + 0.3 * progress) },
      });
    }
  }
  return n;
}
