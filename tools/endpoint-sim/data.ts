/**
 * The simulator's own dataset: a small Bình Phước (11 district-level units, GSO 688–698) whose
 * hotline reports, air-quality readings, statistics and facilities change as time passes. Fully
 * deterministic from the seed, so tests can compare a synced database with the source exactly.
 */

export const DISTRICTS = [
  { code: '688', name: 'Phước Long', lat: 11.835, lon: 106.995 },
  { code: '689', name: 'Đồng Xoài', lat: 11.535, lon: 106.885 },
  { code: '690', name: 'Bình Long', lat: 11.655, lon: 106.605 },
  { code: '691', name: 'Bù Gia Mập', lat: 12.02, lon: 107.02 },
  { code: '692', name: 'Lộc Ninh', lat: 11.85, lon: 106.6 },
  { code: '693', name: 'Bù Đốp', lat: 11.98, lon: 106.82 },
  { code: '694', name: 'Hớn Quản', lat: 11.6, lon: 106.65 },
  { code: '695', name: 'Đồng Phú', lat: 11.5, lon: 107.05 },
  { code: '696', name: 'Bù Đăng', lat: 11.77, lon: 107.24 },
  { code: '697', name: 'Chơn Thành', lat: 11.43, lon: 106.65 },
  { code: '698', name: 'Phú Riềng', lat: 11.7, lon: 106.93 },
] as const;

const SERVICES = [
  { code: 'hotline.infrastructure', name: 'Hạ tầng, đường sá' },
  { code: 'hotline.environment', name: 'Môi trường, rác thải' },
  { code: 'hotline.order', name: 'An ninh, trật tự' },
  { code: 'hotline.utilities', name: 'Điện, nước' },
  { code: 'hotline.administration', name: 'Thủ tục hành chính' },
];
const AGENCIES = ['Sở Xây dựng', 'Sở Tài nguyên và Môi trường', 'Công an tỉnh', 'Điện lực Bình Phước', 'UBND huyện'];
const PARAMS = [
  { id: 'pm25', name: 'PM2.5', unit: 'µg/m³', base: 25 },
  { id: 'pm10', name: 'PM10', unit: 'µg/m³', base: 45 },
  { id: 'no2', name: 'NO2', unit: 'µg/m³', base: 20 },
];
// One pool of statistics, named per source so each feed fills its own domain: the CKAN
// DataStore publishes public-administration figures, the SDMX service economic ones.
const INDICATORS = ['publicAdmin.received', 'publicAdmin.onTimeRate', 'publicAdmin.overdue', 'publicAdmin.onlineShare', 'publicAdmin.serviceIndex'];
const SDMX_INDICATORS = ['economy.grdp', 'economy.budgetRevenue', 'economy.exports', 'economy.fdi', 'economy.cpi'];
const PLACE_KINDS = ['school.preschool', 'school.primary', 'school.lowerSecondary', 'school.upperSecondary'];
const PLACE_WORDS: Record<string, string> = {
  'school.preschool': 'Trường Mầm non',
  'school.primary': 'Trường Tiểu học',
  'school.lowerSecondary': 'Trường THCS',
  'school.upperSecondary': 'Trường THPT',
};

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** ISO-8601 in Vietnam's offset (+07:00), second precision: how a provincial server writes times. */
export function vnTime(ms: number): string {
  const d = new Date(Math.floor(ms / 1000) * 1000 + 7 * 3600_000);
  return d.toISOString().replace(/\.\d{3}Z$/, '+07:00');
}

export interface SimRequest {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string;
  address: string;
  lat: number;
  long: number;
  /** ms, for filtering and ordering. */
  updatedMs: number;
}

export interface SimObservation {
  _id: number;
  indicator: string;
  area: string;
  period: string;
  value: number;
  updated: string;
  updatedMs: number;
  deleted?: boolean;
}

export interface SimDatastream {
  id: number;
  thingId: number;
  param: (typeof PARAMS)[number];
  /** times (ms, ascending) and values. */
  times: number[];
  values: number[];
}

export interface SimPlace {
  id: string;
  kind: string;
  name: string;
  area: string;
  lat: number;
  lon: number;
  updatedMs: number;
}

export interface SimOptions {
  seed?: number;
  /** Hotline requests at start. */
  events?: number;
  /** Observations (CKAN / SDMX) at start. */
  observations?: number;
  /** Hours of hourly readings per datastream at start. */
  readingHours?: number;
  places?: number;
  /** The simulator's clock (tests pin it; ticks move it forward). */
  now?: number;
  /**
   * Hotline requests that arrive (and that get a status change) per tick. Default: 1% of the
   * requests held, which compounds; a long soak sets a constant rate so the data grows linearly.
   */
  requestsPerTick?: number;
  /**
   * Open hotline requests the province keeps in steady state: after a tick's arrivals and random
   * handling, the oldest open requests are closed until no more than this many stay open, as
   * arrivals and closures balance in life. Unset (the default): open requests grow as they arrive.
   */
  openTarget?: number;
}

/** Collections the sync reads, each with the time it last changed (Last-Modified). */
export class SimData {
  readonly rng: () => number;
  now: number;
  requests = new Map<string, SimRequest>();
  observations: SimObservation[] = [];
  datastreams: SimDatastream[] = [];
  places: SimPlace[] = [];
  changed = { requests: 0, observations: 0, readings: 0, places: 0 };
  /** Bumped on every change (caches of sorted views key on it). */
  version = 0;
  private nextRequest = 1;
  private nextObsId = 1;
  readonly periods: string[];

  constructor(readonly o: SimOptions = {}) {
    this.rng = mulberry32(o.seed ?? 7);
    this.now = o.now ?? Date.parse('2026-06-01T08:00:00+07:00');
    const start = this.now - 30 * 86_400_000;
    const nEvents = o.events ?? 300;
    for (let i = 0; i < nEvents; i++) this.addRequest(start + Math.floor((i / Math.max(1, nEvents)) * 30 * 86_400_000));
    // Observations: indicators × districts × months, then more periods (days) until the count is reached.
    const target = o.observations ?? 660;
    const perPeriod = INDICATORS.length * DISTRICTS.length;
    const nPeriods = Math.ceil(target / perPeriod);
    this.periods = [];
    const base = Date.UTC(2000, 0, 1);
    for (let p = 0; p < nPeriods; p++) {
      // Months first (12 a year back from 2026), days beyond that keep periods distinct for big runs.
      const period =
        nPeriods <= 120
          ? (() => {
              const y = 2026 - Math.floor((nPeriods - 1 - p) / 12);
              const m = 12 - ((nPeriods - 1 - p) % 12);
              return `${y}-${String(m).padStart(2, '0')}`;
            })()
          : new Date(base + p * 86_400_000).toISOString().slice(0, 10);
      this.periods.push(period);
    }
    let n = 0;
    const obsTime = this.now - 86_400_000;
    outer: for (const period of this.periods) {
      for (const ind of INDICATORS) {
        for (const d of DISTRICTS) {
          if (n++ >= target) break outer;
          // Rows were published one by one: distinct update times, as a real DataStore has.
          const at = obsTime - (target - n) * 1000;
          this.observations.push({
            _id: this.nextObsId++,
            indicator: ind,
            area: d.code,
            period,
            value: Math.round(this.rng() * 10_000) / 10,
            updated: vnTime(at),
            updatedMs: at,
          });
        }
      }
    }
    // SensorThings: one Thing per district, three Datastreams each.
    const hours = o.readingHours ?? 24;
    let dsId = 1;
    DISTRICTS.forEach((_d, i) => {
      for (const param of PARAMS) {
        const ds: SimDatastream = { id: dsId++, thingId: i + 1, param, times: [], values: [] };
        for (let h = hours; h >= 1; h--) this.pushReading(ds, this.now - h * 3600_000);
        this.datastreams.push(ds);
      }
    });
    const nPlaces = o.places ?? 33;
    for (let i = 0; i < nPlaces; i++) {
      const d = DISTRICTS[i % DISTRICTS.length]!;
      const kind = PLACE_KINDS[i % PLACE_KINDS.length]!;
      this.places.push({
        id: `P${String(i + 1).padStart(4, '0')}`,
        kind,
        name: `${PLACE_WORDS[kind]} ${d.name} ${Math.floor(i / DISTRICTS.length) + 1}`,
        area: d.code,
        lat: Math.round((d.lat + (this.rng() - 0.5) * 0.1) * 1e5) / 1e5,
        lon: Math.round((d.lon + (this.rng() - 0.5) * 0.1) * 1e5) / 1e5,
        updatedMs: this.now,
      });
    }
    this.changed = { requests: this.now, observations: this.now, readings: this.now, places: this.now };
  }

  private pushReading(ds: SimDatastream, t: number): void {
    const hour = new Date(t).getUTCHours();
    const v = ds.param.base * (0.6 + 0.5 * Math.sin((hour / 24) * Math.PI * 2)) + this.rng() * 10;
    ds.times.push(t);
    ds.values.push(Math.round(v * 10) / 10);
  }

  private addRequest(at: number): SimRequest {
    const id = `BP-${String(this.nextRequest++).padStart(7, '0')}`;
    const d = DISTRICTS[Math.floor(this.rng() * DISTRICTS.length)]!;
    const s = SERVICES[Math.floor(this.rng() * SERVICES.length)]!;
    const r: SimRequest = {
      service_request_id: id,
      status: 'open',
      status_notes: null,
      service_name: s.name,
      service_code: s.code,
      description: `Phản ánh của người dân về ${s.name.toLowerCase()} tại ${d.name}`,
      agency_responsible: null,
      requested_datetime: vnTime(at),
      updated_datetime: vnTime(at),
      expected_datetime: vnTime(at + 5 * 86_400_000),
      address: `${d.name}, Bình Phước`,
      lat: Math.round((d.lat + (this.rng() - 0.5) * 0.08) * 1e6) / 1e6,
      long: Math.round((d.lon + (this.rng() - 0.5) * 0.08) * 1e6) / 1e6,
      updatedMs: at,
    };
    this.requests.set(id, r);
    return r;
  }

  /**
   * Time passes: `ms` later, new reports arrive and some are handled, each datastream gets its
   * new hourly readings, a few statistics are revised (one deleted), a facility is renamed.
   */
  tick(ms = 3600_000): void {
    this.version++;
    const before = this.now;
    this.now += ms;
    const t = this.now;
    const n = this.o.requestsPerTick ?? Math.max(1, Math.round(this.requests.size * 0.01));
    for (let i = 0; i < n; i++) this.addRequest(before + Math.floor(((i + 1) / (n + 1)) * ms));
    const all = [...this.requests.values()];
    for (let i = 0; i < n; i++) {
      const r = all[Math.floor(this.rng() * all.length)]!;
      if (r.status === 'closed') continue;
      if (r.agency_responsible === null) {
        r.agency_responsible = AGENCIES[Math.floor(this.rng() * AGENCIES.length)]!;
        r.status_notes = 'Đã chuyển đơn vị xử lý';
      } else {
        r.status = 'closed';
        r.status_notes = 'Đã giải quyết';
      }
      r.updatedMs = t;
      r.updated_datetime = vnTime(t);
    }
    if (this.o.openTarget !== undefined) this.closeOldestOpen(this.o.openTarget, t);
    this.changed.requests = t;
    for (const ds of this.datastreams) {
      const last = ds.times[ds.times.length - 1] ?? before;
      for (let h = last + 3600_000; h <= t; h += 3600_000) this.pushReading(ds, h);
    }
    this.changed.readings = t;
    const live = this.observations.filter((o) => !o.deleted);
    for (let i = 0; i < 3 && live.length; i++) {
      const o = live[Math.floor(this.rng() * live.length)]!;
      o.value = Math.round((o.value + 1 + this.rng()) * 10) / 10;
      o.updatedMs = t;
      o.updated = vnTime(t);
    }
    this.changed.observations = t;
    const p = this.places[Math.floor(this.rng() * this.places.length)];
    if (p) {
      p.name = p.name.replace(/ \(cập nhật \d+\)$/, '') + ` (cập nhật ${Math.round(t / 3600_000) % 1000})`;
      p.updatedMs = t;
      this.changed.places = t;
    }
  }

  /**
   * `n` new hotline requests arrive at once (open, at the data clock, a second after its last
   * change so an incremental sync picks them up): a backlog for tests of many open reports.
   */
  arrive(n: number): void {
    this.version++;
    this.now += 1000;
    for (let i = 0; i < n; i++) this.addRequest(this.now);
    this.changed.requests = this.now;
  }

  /** Requests still open. */
  openCount(): number {
    let n = 0;
    for (const r of this.requests.values()) if (r.status === 'open') n++;
    return n;
  }

  /**
   * Closes the oldest open requests (the map keeps arrival order) until at most `target` stay
   * open; each is handled by an agency and stamped `t`, so the next sync brings the change.
   */
  private closeOldestOpen(target: number, t: number): void {
    let excess = this.openCount() - target;
    for (const r of this.requests.values()) {
      if (excess <= 0) break;
      if (r.status !== 'open') continue;
      r.agency_responsible ??= AGENCIES[Math.floor(this.rng() * AGENCIES.length)]!;
      r.status = 'closed';
      r.status_notes = 'Đã giải quyết';
      r.updatedMs = t;
      r.updated_datetime = vnTime(t);
      excess--;
    }
  }

  /** CAP messages served at /cap/alerts.atom (each also at /cap/msg/ID.xml), oldest first. */
  cap: { identifier: string; sent: number; xml: string; title: string }[] = [];
  private nextCap = 1;

  /**
   * Scenario "aqiSpike": the district's station measures `value` µg/m³ of PM2.5 right now (a
   * reading newer than any synced, so the next sync brings it in), pushing its VN_AQI past 200.
   * `at` is the reading's time (default: the real clock, never before the newest reading).
   */
  aqiSpike(district: string, value = 450, at = Date.now()): { datastream: number; time: string; value: number } {
    const i = DISTRICTS.findIndex((d) => d.code === district);
    if (i < 0) throw new Error(`unknown district ${district}; one of ${DISTRICTS.map((d) => d.code).join(', ')}`);
    const ds = this.datastreams.find((d) => d.thingId === i + 1 && d.param.id === 'pm25')!;
    const last = ds.times[ds.times.length - 1] ?? 0;
    const t = Math.max(at, last + 1000);
    ds.times.push(t);
    ds.values.push(value);
    this.version++;
    this.changed.readings = Math.max(this.changed.readings + 1, t);
    return { datastream: ds.id, time: new Date(t).toISOString(), value };
  }

  /** Scenario "capWarning": a CAP 1.2 Alert over a square around the district's seat. */
  capWarning(district: string, o: { severity?: string; headline?: string; expiresMin?: number; at?: number } = {}): string {
    const d = DISTRICTS.find((x) => x.code === district);
    if (!d) throw new Error(`unknown district ${district}`);
    const at = o.at ?? Date.now();
    const id = `SIM-CAP-${String(this.nextCap++).padStart(4, '0')}`;
    const r = 0.06;
    const ring = [
      [d.lat - r, d.lon - r],
      [d.lat - r, d.lon + r],
      [d.lat + r, d.lon + r],
      [d.lat + r, d.lon - r],
      [d.lat - r, d.lon - r],
    ]
      .map(([a, b]) => `${a!.toFixed(4)},${b!.toFixed(4)}`)
      .join(' ');
    const headline = o.headline ?? `Cảnh báo mưa lớn, lốc sét tại ${d.name}`;
    this.pushCap(id, at, headline, 'Alert', '', o.severity ?? 'Severe', `<expires>${capTime(at + (o.expiresMin ?? 180) * 60_000)}</expires>`,
      `<area><areaDesc>${xmlText(d.name)}</areaDesc><polygon>${ring}</polygon></area>`);
    return id;
  }

  /** Scenario "capCancel": withdraws a warning through a Cancel that references it. */
  capCancel(identifier: string, at = Date.now()): string {
    const ref = this.cap.find((c) => c.identifier === identifier);
    if (!ref) throw new Error(`no CAP message ${identifier}`);
    const id = `SIM-CAP-${String(this.nextCap++).padStart(4, '0')}`;
    this.pushCap(id, at, `Hủy cảnh báo ${identifier}`, 'Cancel', `<references>${CAP_SENDER},${identifier},${capTime(ref.sent)}</references>`, 'Minor', '', '');
    return id;
  }

  private pushCap(id: string, at: number, headline: string, msgType: string, refs: string, severity: string, expires: string, area: string): void {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>${id}</identifier><sender>${CAP_SENDER}</sender><sent>${capTime(at)}</sent><status>Actual</status><msgType>${msgType}</msgType><scope>Public</scope>${refs}
<info><language>vi-VN</language><category>Met</category><event>Thời tiết nguy hiểm</event><urgency>Immediate</urgency><severity>${severity}</severity><certainty>Likely</certainty>${expires}<senderName>Đài KTTV (mô phỏng)</senderName><headline>${xmlText(headline)}</headline><description>${xmlText(headline)}. Người dân theo dõi bản tin.</description>${area}</info></alert>`;
    this.cap.push({ identifier: id, sent: at, xml, title: headline });
    // A bounded history, as a real index lists recent messages only.
    if (this.cap.length > 50) this.cap.shift();
    this.version++;
  }

  liveObservations(): SimObservation[] {
    return this.observations.filter((o) => !o.deleted);
  }
}

const CAP_SENDER = 'kttv@sim.binhphuoc.example.vn';
const capTime = (ms: number) => vnTime(ms);
const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export { INDICATORS, PARAMS, SDMX_INDICATORS, SERVICES };
