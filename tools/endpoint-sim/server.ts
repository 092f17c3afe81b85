import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { DISTRICTS, INDICATORS, SDMX_INDICATORS, SimData, vnTime, type SimOptions, type SimRequest } from './data';

/**
 * The endpoint simulator: one node:http server speaking all five standards of the sync engine
 * from a dataset that changes over time, with conditional GET (ETag / Last-Modified / 304),
 * paging, compression, and switchable faults. Dev/test tool only, never shipped in the app.
 *
 *   GET  /open311/requests.json|xml   ?updated_after|start_date, page, page_size
 *   GET  /sta/v1.1/Things              $top, $skip (Locations + Datastreams expanded)
 *   GET  /sta/v1.1/Datastreams(N)/Observations  $filter=phenomenonTime gt T, $top, $skip
 *   GET  /ckan/api/3/action/datastore_search    resource_id, limit, offset, sort, filters
 *   GET  /sdmx/data/IOC_BP/all          ?updatedAfter=T, format=1.0|2.1
 *   GET  /geojson/places.geojson
 *   POST /open311/actions.json          operator actions (Idempotency-Key), recorded
 *   admin: GET/POST /admin/faults, DELETE /admin/faults, POST /admin/tick?ms=, GET /admin/stats,
 *          GET /admin/actions, /admin/scenario?kind=aqiSpike&station=697[&value=450]
 *          | kind=capWarning&district=689[&severity=Severe&headline=…] | kind=capCancel&id=…
 *   CAP 1.2: /cap/alerts.atom (Atom index), /cap/msg/ID.xml
 */

export const FAULT_KINDS = ['error500', 'unavailable503', 'slow', 'drop', 'truncate', 'invalid', 'redirectLoop', 'oversize', 'reject422'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  kind: FaultKind;
  /** Path prefix it applies to (default: every data path, not /admin or the actions endpoint). */
  path?: string;
  /** How many requests get it, then it clears itself (default: until cleared). */
  count?: number;
  retryAfter?: number;
  delayMs?: number;
  sizeBytes?: number;
}

export interface ReceivedAction {
  key: string | null;
  body: Record<string, unknown>;
  at: string;
  duplicate: boolean;
}

export interface SimStats {
  requests: number;
  notModified: number;
  bytesSent: number;
  byPath: Record<string, number>;
}

export interface Sim {
  url: string;
  port: number;
  data: SimData;
  faults: Fault[];
  actions: ReceivedAction[];
  /** Distinct actions applied (idempotency keys seen), in arrival order. */
  applied: string[];
  stats: SimStats;
  setFaults(f: Fault[]): void;
  close(): Promise<void>;
}

export interface SimServerOptions extends SimOptions {
  port?: number;
  host?: string;
  /** Advance the data clock by this much every `tickEveryMs` of real time (0 = only on /admin/tick). */
  tickEveryMs?: number;
  tickMs?: number;
  data?: SimData;
  /** Keep the actions log across restarts of the server (outbox tests restart the "network"). */
  actions?: ReceivedAction[];
  applied?: string[];
}

const httpDate = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toUTCString();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function takeFault(faults: Fault[], path: string): Fault | null {
  const i = faults.findIndex((f) =>
    f.path ? path.startsWith(f.path) : !path.startsWith('/admin') && !path.startsWith('/open311/actions'),
  );
  if (i < 0) return null;
  const f = faults[i]!;
  if (f.count !== undefined) {
    f.count--;
    if (f.count <= 0) faults.splice(i, 1);
  }
  return f;
}

interface Body {
  status?: number;
  type: string;
  text: string;
  lastModified?: number;
  headers?: Record<string, string>;
}

export async function startSim(o: SimServerOptions = {}): Promise<Sim> {
  const data = o.data ?? new SimData(o);
  const faults: Fault[] = [];
  const actions: ReceivedAction[] = o.actions ?? [];
  const applied: string[] = o.applied ?? [];
  const appliedSet = new Set(applied);
  const stats: SimStats = { requests: 0, notModified: 0, bytesSent: 0, byPath: {} };
  let base = '';
  // CKAN sort orders are cached per data change: a million rows are not re-sorted per page.
  let requestCache: { stamp: number; rows: SimRequest[] } | null = null;
  let sortCache: { stamp: number; key: string; rows: ReturnType<SimData['liveObservations']> } | null = null;

  const open311 = (url: URL, invalid: boolean, xml: boolean): Body => {
    const afterRaw = url.searchParams.get('updated_after') ?? url.searchParams.get('start_date');
    const after = afterRaw ? Date.parse(afterRaw) : -Infinity;
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
    const size = Math.min(5000, Math.max(1, Number(url.searchParams.get('page_size') ?? 1000)));
    if (!requestCache || requestCache.stamp !== data.version) {
      const rows = [...data.requests.values()].sort((a, b) => a.updatedMs - b.updatedMs || a.service_request_id.localeCompare(b.service_request_id));
      requestCache = { stamp: data.version, rows };
    }
    const sorted = requestCache.rows;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]!.updatedMs < after) lo = mid + 1;
      else hi = mid;
    }
    const list = sorted.slice(lo);
    const items: Partial<SimRequest>[] = list.slice((page - 1) * size, page * size).map(({ updatedMs: _u, ...r }) => r);
    if (invalid && page === 1) {
      items.push({ service_request_id: 'BP-BROKEN-1', status: 'open', service_name: 'x', service_code: 'x', lat: 11.5, long: 106.9 } as Partial<SimRequest>);
    }
    if (!xml) return { type: 'application/json; charset=utf-8', text: JSON.stringify(items), lastModified: data.changed.requests };
    const el = (k: string, v: unknown) => (v === null || v === undefined || v === '' ? `<${k}/>` : `<${k}>${xmlEscape(String(v))}</${k}>`);
    const body = items
      .map((r) => `<request>${Object.entries(r).map(([k, v]) => el(k, v)).join('')}</request>`)
      .join('\n');
    return {
      type: 'text/xml; charset=utf-8',
      text: `<?xml version="1.0" encoding="utf-8"?>\n<service_requests>\n${body}\n</service_requests>`,
      lastModified: data.changed.requests,
    };
  };

  const things = (url: URL): Body => {
    const top = Math.min(1000, Number(url.searchParams.get('$top') ?? 100));
    const skip = Number(url.searchParams.get('$skip') ?? 0);
    const all = DISTRICTS.map((d, i) => ({
      '@iot.id': i + 1,
      name: `Trạm quan trắc không khí ${d.name}`,
      description: `Trạm tự động ${d.name}`,
      properties: { areaId: d.code },
      Locations: [{ '@iot.id': i + 1, name: d.name, encodingType: 'application/geo+json', location: { type: 'Point', coordinates: [d.lon, d.lat] } }],
      Datastreams: data.datastreams
        .filter((ds) => ds.thingId === i + 1)
        .map((ds) => ({
          '@iot.id': ds.id,
          name: `${ds.param.name} ${d.name}`,
          unitOfMeasurement: { name: ds.param.unit, symbol: ds.param.unit, definition: '' },
          ObservedProperty: { '@iot.id': ds.param.id, name: ds.param.id, definition: `urn:ioc:param:${ds.param.id}` },
        })),
    }));
    const page = all.slice(skip, skip + top);
    const next = skip + top < all.length ? `${base}/sta/v1.1/Things?$top=${top}&$skip=${skip + top}` : undefined;
    return { type: 'application/json', text: JSON.stringify({ value: page, ...(next ? { '@iot.nextLink': next } : {}) }), lastModified: data.changed.readings };
  };

  const staObservations = (url: URL, dsId: number, invalid: boolean): Body | null => {
    const ds = data.datastreams.find((d) => d.id === dsId);
    if (!ds) return null;
    const top = Math.min(5000, Number(url.searchParams.get('$top') ?? 100));
    const skip = Number(url.searchParams.get('$skip') ?? 0);
    const filter = url.searchParams.get('$filter') ?? '';
    const m = /phenomenonTime gt (\S+)/.exec(filter);
    const after = m ? Date.parse(m[1]!.replace(/^'|'$/g, '')) : -Infinity;
    const idx: number[] = [];
    ds.times.forEach((t, i) => t > after && idx.push(i));
    const slice = idx.slice(skip, skip + top);
    const value: Record<string, unknown>[] = slice.map((i) => ({
      '@iot.id': ds.id * 10_000_000 + i,
      phenomenonTime: new Date(ds.times[i]!).toISOString(),
      resultTime: new Date(ds.times[i]!).toISOString(),
      result: ds.values[i],
    }));
    if (invalid && skip === 0) value.push({ '@iot.id': -ds.id, phenomenonTime: 'không rõ', result: 'n/a' });
    const q = new URLSearchParams(url.searchParams);
    q.set('$skip', String(skip + top));
    q.set('$top', String(top));
    const next = skip + top < idx.length ? `${base}/sta/v1.1/Datastreams(${ds.id})/Observations?${q.toString()}` : undefined;
    return { type: 'application/json', text: JSON.stringify({ value, ...(next ? { '@iot.nextLink': next } : {}) }), lastModified: data.changed.readings };
  };

  const ckan = (url: URL, invalid: boolean): Body => {
    const limit = Math.min(32_000, Number(url.searchParams.get('limit') ?? 100));
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const sort = (url.searchParams.get('sort') ?? '_id asc').replace(/\s+/g, ' ').trim();
    const filters = url.searchParams.get('filters');
    const stamp = data.changed.observations;
    if (!sortCache || sortCache.stamp !== stamp || sortCache.key !== sort) {
      const rows = data.liveObservations().slice();
      if (/^updated desc/.test(sort)) rows.sort((a, b) => b.updatedMs - a.updatedMs || b._id - a._id);
      else rows.sort((a, b) => a._id - b._id);
      sortCache = { stamp, key: sort, rows };
    }
    let rows = sortCache.rows;
    if (filters) {
      const f = JSON.parse(filters) as Record<string, unknown>;
      rows = rows.filter((r) => Object.entries(f).every(([k, v]) => (r as unknown as Record<string, unknown>)[k === 'area_id' ? 'area' : k] === v));
    }
    const records: Record<string, unknown>[] = rows
      .slice(offset, offset + limit)
      .map((r) => ({ _id: r._id, indicator: r.indicator, area_id: r.area, period: r.period, value: r.value, updated: r.updated }));
    if (invalid && offset === 0) records.push({ _id: 0, indicator: INDICATORS[0], area_id: '689', period: '2026-05', value: 'n/a', updated: vnTime(data.now) });
    const q = new URLSearchParams(url.searchParams);
    q.set('offset', String(offset + limit));
    return {
      type: 'application/json',
      text: JSON.stringify({
        help: `${base}/ckan/api/3/action/help_show?name=datastore_search`,
        success: true,
        result: {
          include_total: true,
          resource_id: url.searchParams.get('resource_id') ?? 'bp-observations',
          records_format: 'objects',
          fields: [
            { id: '_id', type: 'int' },
            { id: 'indicator', type: 'text' },
            { id: 'area_id', type: 'text' },
            { id: 'period', type: 'text' },
            { id: 'value', type: 'numeric' },
            { id: 'updated', type: 'timestamp' },
          ],
          records,
          _links: { start: `/api/3/action/datastore_search?resource_id=${url.searchParams.get('resource_id') ?? ''}`, next: `/api/3/action/datastore_search?${q.toString()}` },
          total: rows.length,
        },
      }),
      lastModified: stamp,
    };
  };

  const sdmx = (url: URL, invalid: boolean): Body => {
    const afterRaw = url.searchParams.get('updatedAfter');
    const after = afterRaw ? Date.parse(afterRaw) : -Infinity;
    const v1 = url.searchParams.get('format') === '1.0';
    const rows = data.liveObservations().filter((o) => o.updatedMs > after);
    const areas: string[] = DISTRICTS.map((d) => d.code);
    const periods = data.periods;
    const pIndex = new Map(periods.map((p, i) => [p, i]));
    const series: Record<string, { attributes: number[]; observations: Record<string, unknown[]> }> = {};
    for (const r of rows) {
      const key = `${INDICATORS.indexOf(r.indicator)}:${areas.indexOf(r.area)}`;
      (series[key] ??= { attributes: [], observations: {} }).observations[String(pIndex.get(r.period))] = [r.value];
    }
    if (invalid) (series['0:0'] ??= { attributes: [], observations: {} }).observations['0'] = [null];
    const dims = {
      dataSet: [],
      series: [
        { id: 'INDICATOR', name: 'Chỉ tiêu', keyPosition: 0, values: SDMX_INDICATORS.map((id) => ({ id, name: id })) },
        { id: 'REF_AREA', name: 'Đơn vị hành chính', keyPosition: 1, values: DISTRICTS.map((d) => ({ id: d.code, name: d.name })) },
      ],
      observation: [{ id: 'TIME_PERIOD', name: 'Kỳ', keyPosition: 2, role: 'TIME_PERIOD', values: periods.map((p) => ({ id: p, name: p })) }],
    };
    const prepared = new Date(data.now).toISOString();
    const dataSet = { action: 'Replace', series };
    const msg = v1
      ? { header: { id: `IOC_BP-${data.now}`, prepared, sender: { id: 'BP', name: 'Cục Thống kê Bình Phước' } }, structure: { dimensions: dims, attributes: { dataSet: [], series: [], observation: [] } }, dataSets: [dataSet] }
      : {
          meta: { schema: 'https://json.sdmx.org/2.1/sdmx-json-data-schema.json', id: `IOC_BP-${data.now}`, prepared, sender: { id: 'BP', name: 'Cục Thống kê Bình Phước' } },
          data: {
            structures: [{ dimensions: dims, measures: { observation: [{ id: 'OBS_VALUE' }] }, attributes: { dataSet: [], series: [], observation: [] } }],
            dataSets: [{ structure: 0, ...dataSet }],
          },
        };
    return { type: v1 ? 'application/vnd.sdmx.data+json;version=1.0.0' : 'application/vnd.sdmx.data+json;version=2.1.0', text: JSON.stringify(msg), lastModified: data.changed.observations };
  };

  const geojson = (invalid: boolean): Body => {
    const features: Record<string, unknown>[] = data.places.map((p) => ({
      type: 'Feature',
      id: p.id,
      geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
      properties: { id: p.id, kind: p.kind, name: p.name, area_id: p.area },
    }));
    if (invalid) {
      features.push({ type: 'Feature', id: 'BROKEN', geometry: { type: 'GeoProperty', value: { type: 'Point', coordinates: [106.9, 11.5] } }, properties: { id: 'BROKEN', kind: 'school.primary', name: 'x' } });
    }
    return { type: 'application/geo+json', text: JSON.stringify({ type: 'FeatureCollection', features }), lastModified: data.changed.places };
  };

  const capIndex = (): Body => {
    const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    const entries = data.cap
      .map(
        (c) =>
          `<entry><id>urn:sim:cap:${c.identifier}</id><title>${esc(c.title)}</title><updated>${new Date(c.sent).toISOString()}</updated>` +
          `<link rel="alternate" type="application/cap+xml" href="${base}/cap/msg/${c.identifier}.xml"/></entry>`,
      )
      .join('\n');
    const updated = new Date(data.cap.at(-1)?.sent ?? data.now).toISOString();
    return {
      type: 'application/atom+xml; charset=utf-8',
      text: `<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:sim:cap</id><title>Cảnh báo (mô phỏng)</title><updated>${updated}</updated>\n${entries}\n</feed>`,
      lastModified: data.cap.at(-1)?.sent ?? data.now,
    };
  };

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  function send(req: IncomingMessage, res: ServerResponse, b: Body, fault: Fault | null): void {
    const etag = `"${createHash('sha1').update(b.text).digest('hex').slice(0, 20)}"`;
    const headers: Record<string, string> = { 'content-type': b.type, etag, ...(b.headers ?? {}) };
    if (b.lastModified) headers['last-modified'] = httpDate(b.lastModified);
    const inm = req.headers['if-none-match'];
    const ims = req.headers['if-modified-since'];
    const notModified = inm ? inm.split(',').map((s) => s.trim()).includes(etag) : ims && b.lastModified ? Date.parse(ims) >= Math.floor(b.lastModified / 1000) * 1000 : false;
    if (notModified && (b.status ?? 200) === 200) {
      stats.notModified++;
      res.writeHead(304, { etag, ...(headers['last-modified'] ? { 'last-modified': headers['last-modified'] } : {}) });
      res.end();
      return;
    }
    let body = Buffer.from(b.text, 'utf8');
    const ae = String(req.headers['accept-encoding'] ?? '');
    if (body.length > 1024 && /\bbr\b/.test(ae)) {
      // Quality 11 (the default) costs ~10 ms per KB; 5 is what web servers use on the fly.
      body = brotliCompressSync(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } });
      headers['content-encoding'] = 'br';
    } else if (body.length > 1024 && /\bgzip\b/.test(ae)) {
      body = gzipSync(body, { level: 6 });
      headers['content-encoding'] = 'gzip';
    }
    headers['content-length'] = String(body.length);
    headers['vary'] = 'Accept-Encoding';
    if (fault?.kind === 'truncate') {
      res.writeHead(b.status ?? 200, headers);
      res.write(body.subarray(0, Math.floor(body.length / 2)));
      stats.bytesSent += Math.floor(body.length / 2);
      setTimeout(() => req.socket.destroy(), 20);
      return;
    }
    stats.bytesSent += body.length;
    res.writeHead(b.status ?? 200, headers);
    res.end(body);
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', base);
      const path = url.pathname;
      stats.requests++;
      stats.byPath[path] = (stats.byPath[path] ?? 0) + 1;
      try {
        if (path.startsWith('/admin')) return await admin(req, res, url);
        const fault = takeFault(faults, path);
        if (fault) {
          switch (fault.kind) {
            case 'slow':
              await sleep(fault.delayMs ?? 3000);
              break;
            case 'drop':
              req.socket.destroy();
              return;
            case 'error500':
              res.writeHead(500, { 'content-type': 'application/json' });
              return res.end(JSON.stringify({ error: 'internal error (simulated)' }));
            case 'reject422':
              // The endpoint refuses the request itself (an action on a report it does not know).
              res.writeHead(422, { 'content-type': 'application/json' });
              return res.end(JSON.stringify({ error: 'unprocessable (simulated)' }));
            case 'unavailable503':
              res.writeHead(503, { 'content-type': 'application/json', 'retry-after': String(fault.retryAfter ?? 1) });
              return res.end(JSON.stringify({ error: 'maintenance (simulated)' }));
            case 'redirectLoop': {
              const u = new URL(url);
              if (u.searchParams.has('_r')) u.searchParams.delete('_r');
              else u.searchParams.set('_r', '1');
              res.writeHead(302, { location: u.pathname + u.search });
              return res.end();
            }
            case 'oversize': {
              const size = fault.sizeBytes ?? 8 * 1024 * 1024;
              res.writeHead(200, { 'content-type': 'application/json' });
              const chunk = Buffer.alloc(64 * 1024, 0x20);
              let sent = 0;
              res.write('[');
              while (sent < size && !res.destroyed) {
                if (!res.write(chunk)) await new Promise((r) => res.once('drain', r).once('close', r));
                sent += chunk.length;
              }
              stats.bytesSent += sent;
              return res.end(']');
            }
            default:
              break;
          }
        }
        const invalid = fault?.kind === 'invalid';
        if (req.method === 'POST' && /^\/open311\/actions(\.json)?$/.test(path)) {
          const text = await readBody(req);
          const body = JSON.parse(text) as Record<string, unknown>;
          const key = (req.headers['idempotency-key'] as string | undefined) ?? (body.idempotency_key as string | undefined) ?? null;
          const duplicate = key !== null && appliedSet.has(key);
          if (key && !duplicate) {
            appliedSet.add(key);
            applied.push(key);
          }
          actions.push({ key, body, at: new Date().toISOString(), duplicate });
          return send(req, res, { type: 'application/json', text: JSON.stringify([{ service_request_id: body.service_request_id, idempotency_key: key, status: duplicate ? 'duplicate' : 'accepted' }]) }, fault);
        }
        let b: Body | null = null;
        const sta = /^\/sta\/v1\.1\/Datastreams\((\d+)\)\/Observations$/.exec(path);
        if (path === '/open311/requests.json') b = open311(url, invalid, false);
        else if (path === '/open311/requests.xml') b = open311(url, invalid, true);
        else if (path === '/sta/v1.1/Things') b = things(url);
        else if (sta) b = staObservations(url, Number(sta[1]), invalid);
        else if (/^\/ckan\/api\/3\/action\/datastore_search$/.test(path)) b = ckan(url, invalid);
        else if (/^\/sdmx\/data\//.test(path)) b = sdmx(url, invalid);
        else if (path === '/geojson/places.geojson') b = geojson(invalid);
        else if (path === '/cap/alerts.atom') b = capIndex();
        else if (/^\/cap\/msg\/[\w-]+\.xml$/.test(path)) {
          const m = data.cap.find((c) => path === `/cap/msg/${c.identifier}.xml`);
          if (m) b = { type: 'application/cap+xml; charset=utf-8', text: m.xml, lastModified: m.sent };
        }
        if (!b) {
          res.writeHead(404, { 'content-type': 'application/json' });
          return res.end(JSON.stringify({ error: 'not found' }));
        }
        send(req, res, b, fault);
      } catch (err) {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err));
      }
    })();
  });

  async function admin(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const json = (v: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(v));
    };
    if (url.pathname === '/admin/faults') {
      if (req.method === 'DELETE') faults.splice(0);
      else if (req.method === 'POST') {
        const list = JSON.parse((await readBody(req)) || '[]') as Fault[];
        faults.splice(0, faults.length, ...list);
      } else if (url.searchParams.get('kind')) {
        const kind = url.searchParams.get('kind') as FaultKind;
        if (!FAULT_KINDS.includes(kind)) return json({ error: `unknown fault ${kind}`, kinds: FAULT_KINDS });
        const num = (k: string) => (url.searchParams.has(k) ? Number(url.searchParams.get(k)) : undefined);
        faults.push({ kind, path: url.searchParams.get('path') ?? undefined, count: num('count'), retryAfter: num('retryAfter'), delayMs: num('delayMs'), sizeBytes: num('sizeBytes') });
      } else if (url.searchParams.has('clear')) faults.splice(0);
      return json({ faults, kinds: FAULT_KINDS });
    }
    if (url.pathname === '/admin/tick') {
      data.tick(Number(url.searchParams.get('ms') ?? 3600_000));
      return json({ now: vnTime(data.now), requests: data.requests.size });
    }
    if (url.pathname === '/admin/scenario') {
      const q = url.searchParams;
      try {
        switch (q.get('kind')) {
          case 'aqiSpike':
            return json(data.aqiSpike(q.get('station') ?? q.get('district') ?? '697', q.has('value') ? Number(q.get('value')) : undefined));
          case 'capWarning':
            return json({
              identifier: data.capWarning(q.get('district') ?? '689', {
                severity: q.get('severity') ?? undefined,
                headline: q.get('headline') ?? undefined,
                expiresMin: q.has('expiresMin') ? Number(q.get('expiresMin')) : undefined,
              }),
            });
          case 'capCancel':
            return json({ identifier: data.capCancel(q.get('id') ?? '') });
          default:
            res.writeHead(400, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ error: 'kind must be aqiSpike, capWarning or capCancel' }));
            return;
        }
      } catch (err) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: err instanceof Error ? err.message : String(err) }));
        return;
      }
    }
    if (url.pathname === '/admin/stats') return json(stats);
    if (url.pathname === '/admin/actions') return json({ received: actions, applied });
    res.writeHead(404);
    res.end();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  base = `http://${o.host ?? '127.0.0.1'}:${port}`;
  const timer = o.tickEveryMs ? setInterval(() => data.tick(o.tickMs ?? 3600_000), o.tickEveryMs) : null;
  timer?.unref();

  return {
    url: base,
    port,
    data,
    faults,
    actions,
    applied,
    stats,
    setFaults(f) {
      faults.splice(0, faults.length, ...f);
    },
    close() {
      if (timer) clearInterval(timer);
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
