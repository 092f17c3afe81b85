import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../domains/alerts';
import type { AlertList } from '../../host/api/contract/alerts';
import type { CapWarningList } from '../../host/api/contract';
import { configSchema } from '../../host/config/schema';
import { startHost, type HostService } from '../../host/service';

/**
 * CAP warnings from a real HTTP feed into the host: which districts a warning covers (its polygon
 * or circle overlapping a boundary), which messages may replace a warning, times without an
 * offset, warnings not yet in force, not public or without `expires`, the language shown, and
 * geocodes naming another province. Each feed serves one document.
 */
const SENDER = 'kttv@binhphuoc.gov.vn';
const iso = (ms: number) => new Date(Date.now() + ms).toISOString().replace(/\.\d+Z/, '+00:00');
/** Vietnam's wall-clock time, written without an offset. */
const localNoOffset = (ms: number) => new Date(Date.now() + ms + 7 * 3_600_000).toISOString().replace(/\.\d+Z/, '');
const H = 3_600_000;
const sq = (lat: number, lon: number, d = 0.02) => `${lat - d},${lon - d} ${lat - d},${lon + d} ${lat + d},${lon + d} ${lat + d},${lon - d} ${lat - d},${lon - d}`;
const poly = (s: string) => `<areaDesc>x</areaDesc><polygon>${s}</polygon>`;
function cap(o: { id: string; status?: string; msgType?: string; refs?: string; scope?: string; sent?: string; infos: string; sender?: string }) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>${o.id}</identifier><sender>${o.sender ?? SENDER}</sender><sent>${o.sent ?? iso(-600_000)}</sent>
  <status>${o.status ?? 'Actual'}</status><msgType>${o.msgType ?? 'Alert'}</msgType><scope>${o.scope ?? 'Public'}</scope>${o.refs ? `<references>${o.refs}</references>` : ''}
  ${o.infos}
</alert>`;
}
function info(o: { lang?: string; headline: string; area: string; expires?: string | null; extra?: string }) {
  return `<info><language>${o.lang ?? 'vi-VN'}</language><category>Met</category><event>Storm</event><urgency>Immediate</urgency>
    <severity>Severe</severity><certainty>Observed</certainty>${o.extra ?? ''}
    ${o.expires === null ? '' : `<expires>${o.expires ?? iso(6 * H)}</expires>`}<headline>${o.headline}</headline><area>${o.area}</area></info>`;
}

describe('CAP warnings: coverage, replacement and time in force, through a real feed', () => {
  const docs = new Map<string, string>();
  let srv: http.Server;
  let base: string;
  let dir: string;
  let host: HostService;
  const FEEDS = ['f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8'];
  const call = <T>(m: string, p: unknown = {}) => host.dispatcher.call(m, p, 'test') as Promise<T>;
  async function publish(feed: string, body: string) {
    docs.set(`/${feed}`, body);
    const [r] = await host.services.sync.scheduler.runNow(feed);
    expect(r).toMatchObject({ ok: true });
  }
  const warning = async (id: string) => (await call<CapWarningList>('alerts.capWarnings')).warnings.find((w) => w.identifier === id);
  const alertsOf = async (id: string) =>
    (await call<AlertList>('alerts.list')).alerts
      .filter((a) => a.rule === 'cap-severe' && (a.detail.messages as { identifier: string }[]).some((m) => m.identifier === id))
      .map((a) => a.area)
      .sort();

  beforeAll(async () => {
    srv = http.createServer((req, res) => {
      // A feed with nothing published yet serves an empty index, so the host's first runs succeed.
      const b = docs.get(req.url!.split('?')[0]!) ?? '<feed xmlns="http://www.w3.org/2005/Atom"><title>CAP</title></feed>';
      res.writeHead(200, { 'content-type': b.includes('<feed') ? 'application/atom+xml' : 'application/cap+xml' });
      res.end(b);
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), 'ioc-cap-'));
    host = await startHost({
      config: configSchema.parse({
        demo: false,
        server: { port: 0 },
        feeds: FEEDS.map((id) => ({ id, domain: 'environment', adapter: 'cap', url: `${base}/${id}`, interval: 3_600_000, retries: 0 })),
        alerts: { evaluateEverySec: 3600 },
      }),
      dataDir: dir,
      serveHttp: false,
    });
    // The runs the host starts with: a publish's run must be a new one, not joined to these.
    await host.services.sync.scheduler.runNow();
  }, 120_000);
  afterAll(async () => {
    await host?.close();
    srv?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a circle or a thin band reaching into districts covers them though no corner, centre or seat lies inside', async () => {
    // Centred across the border in Đồng Nai, reaching 15 km into Đồng Phú.
    await publish('f1', cap({ id: 'C6', infos: info({ headline: 'Lốc xoáy', area: '<areaDesc>Tân Phú và lân cận</areaDesc><circle>11.25,106.95 15</circle>' }) }));
    expect((await warning('C6'))?.districts).toEqual(['695']);
    expect(await alertsOf('C6')).toEqual(['695']);
    // A band across Chơn Thành and Đồng Phú with its corners outside the province.
    await publish('f2', cap({ id: 'B4', infos: info({ headline: 'Dải mưa', area: poly('11.35,106.50 11.35,107.50 11.37,107.50 11.37,106.50 11.35,106.50') }) }));
    expect((await warning('B4'))?.districts).toEqual(['695', '697']);
    expect(await alertsOf('B4')).toEqual(['695', '697']);
  });

  it('a Test Cancel leaves a real warning in force; an Ack that arrives first does not replace the warning it names', async () => {
    const sent = iso(-30 * 60_000);
    await publish('f3', cap({ id: 'A2', sent, infos: info({ headline: 'A2', area: poly(sq(11.6834, 106.5855)) }) }));
    expect(await warning('A2')).toBeDefined();
    await publish('f3', cap({ id: 'T2', status: 'Test', msgType: 'Cancel', refs: `${SENDER},A2,${sent}`, infos: info({ headline: 'TEST', area: poly(sq(11.6834, 106.5855)) }) }));
    expect(await warning('A2')).toBeDefined();
    const sent3 = iso(-15 * 60_000);
    await publish('f4', cap({ id: 'K3', sender: 'relay@ioc.binhphuoc.gov.vn', msgType: 'Ack', refs: `${SENDER},A3,${sent3}`, infos: '' }));
    await publish('f4', cap({ id: 'A3', sent: sent3, infos: info({ headline: 'A3', area: poly(sq(11.8467, 106.5721)) }) }));
    expect((await warning('A3'))?.districts).toEqual(['692']);
    // A real Cancel still withdraws it.
    await publish('f4', cap({ id: 'C3', msgType: 'Cancel', refs: `${SENDER},A3,${sent3}`, infos: '' }));
    expect(await warning('A3')).toBeUndefined();
  });

  it('reads times without an offset in the feed’s zone (+07:00): a warning that expired an hour ago, local time, is not in force', async () => {
    await publish('f5', cap({ id: 'S4', sent: localNoOffset(-3 * H), infos: info({ headline: 'Hết hạn', expires: localNoOffset(-H), area: poly(sq(11.8243, 106.9939)) }) }));
    expect(await warning('S4')).toBeUndefined();
    expect(await alertsOf('S4')).toEqual([]);
  });

  it('not yet effective, Private, or without expires: not raised now, not public, ended 24 h after it was sent', async () => {
    await publish('f6', cap({ id: 'S9', infos: info({ headline: 'Ngày mai', expires: iso(30 * H), extra: `<effective>${iso(24 * H)}</effective><onset>${iso(24 * H)}</onset>`, area: poly(sq(11.6834, 106.5855)) }) }));
    expect(await warning('S9')).toBeUndefined();
    await publish('f7', cap({ id: 'S8', scope: 'Private', infos: info({ headline: 'Riêng', area: poly(sq(11.783, 107.2178)) }) }));
    expect(await warning('S8')).toBeUndefined();
    expect(await alertsOf('S8')).toEqual([]);
    const sent = iso(-600_000);
    await publish('f8', cap({ id: 'S10', sent, infos: info({ headline: 'Không hạn', expires: null, area: poly(sq(11.9935, 106.8222)) }) }));
    expect((await warning('S10'))?.expires).toBe(new Date(Date.parse(sent) + 24 * H).toISOString());
  });

  it('shows the Vietnamese block whatever the order; a geocode naming another province raises nothing', async () => {
    const DX = sq(11.5197, 106.8472);
    await publish(
      'f1',
      cap({ id: 'S1', infos: info({ lang: 'en-US', headline: 'Thunderstorm over Dong Xoai', area: poly(DX) }) + info({ lang: 'vi-VN', headline: 'Dông mạnh tại Đồng Xoài', area: poly(DX) }) }),
    );
    const a = (await call<AlertList>('alerts.list')).alerts.find((x) => x.rule === 'cap-severe' && x.area === '689');
    expect((a?.detail.messages as { identifier: string; headline: string }[]).find((m) => m.identifier === 'S1')?.headline).toBe('Dông mạnh tại Đồng Xoài');
    await publish('f2', cap({ id: 'S2', infos: info({ headline: 'Rét hại tại Hà Nội', area: '<areaDesc>Hà Nội</areaDesc><geocode><valueName>ISO 3166-2</valueName><value>VN-HN</value></geocode>' }) }));
    expect(await alertsOf('S2')).toEqual([]);
    await publish('f3', cap({ id: 'S2B', infos: info({ headline: 'Bù Đốp', area: '<areaDesc>Bù Đốp</areaDesc><geocode><valueName>GSO</valueName><value>693</value></geocode>' }) }));
    expect(await alertsOf('S2B')).toEqual(['693']);
    await publish('f4', cap({ id: 'S2C', infos: info({ headline: 'Toàn tỉnh', area: '<areaDesc>Bình Phước</areaDesc><geocode><valueName>ISO 3166-2</valueName><value>VN-58</value></geocode>' }) }));
    expect(await alertsOf('S2C')).toEqual(['70']);
  });
});
