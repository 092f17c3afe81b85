// The wall's first frame drawn from the renderer's source (renderer/first-frame/render.tsx) with
// react-dom/server, as the host's build of it draws it (dist/first-frame/render.js, Leaflet an
// inert stand-in), through the host's in-process channel on the demo data: what a tile of a
// panel other than a domain's shows in the frame is what it shows once the page has loaded.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ActiveLayout } from '../../host/api/contract';
import { loadConfig } from '../../host/config/load';
import { adminCaller } from '../../host/room/caller';
import { dispatcherClient } from '../../host/server/first-frame';
import { startHost, type HostService } from '../../host/service';
import { DOMAIN_IDS } from '../../domains/ids';

vi.mock('leaflet', () => {
  const inert: object = new Proxy(function () {}, {
    get: (t, k) => (typeof k === 'symbol' ? undefined : k === 'prototype' ? (t as { prototype: object }).prototype : inert),
    apply: () => inert,
    construct: () => inert,
  });
  return { default: inert };
});

type Render = (client: unknown, displayId: string) => Promise<{ html: string; layoutId: string } | null>;
let renderFirstFrame: Render;
let dir: string;
let host: HostService;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-first-frame-source-'));
  host = await startHost({ config: loadConfig({ env: {}, flags: { port: '0', token: 'first-frame-source-0123456789', demo: true } }), dataDir: join(dir, 'data'), serveHttp: false });
  // By path at run time: the node typecheck has no JSX.
  renderFirstFrame = ((await import('../../renderer/first-frame/render' + '.tsx')) as { renderFirstFrame: Render }).renderFirstFrame;
}, 60_000);
afterAll(async () => {
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function showOnD1(id: string, tiles: object[]): Promise<string> {
  const { wall } = (await host.dispatcher.call('layout.active', {}, 'test')) as ActiveLayout;
  await host.dispatcher.call('preset.save', { layout: { id, name: id, wallId: wall.id, tiles } }, 'test');
  await host.dispatcher.call('preset.activate', { id }, 'test');
  const client = dispatcherClient(host.dispatcher, adminCaller('test'));
  try {
    const frame = await renderFirstFrame(client, 'd1');
    expect(frame, 'a frame').not.toBeNull();
    return frame!.html;
  } finally {
    client.close();
  }
}

describe('a tile of a panel that is no domain, in the first frame', () => {
  it("an alerts tile shows the headline figures that are bad news, as the page's own does", async () => {
    const bad: string[] = [];
    for (const domain of DOMAIN_IDS) {
      const kpis = (await host.dispatcher.call('view.query', { domain, view: 'kpis' }, 'test')) as { items: { alert?: boolean; value: number | null; name: { vi: string } }[] };
      for (const item of kpis.items) if (item.alert && item.value !== null) bad.push(item.name.vi);
    }
    expect(bad.length).toBeGreaterThan(0); // the demo data has some
    const html = await showOnD1('frame-alerts', [{ id: 'a', panel: 'alerts', view: '', options: {}, rect: { x: 8, y: 8, w: 1920, h: 1080 } }]);
    expect(html).toMatch(/class="list alerts" data-alerts="\d+"/);
    for (const name of bad) expect(html, name).toContain(name);
  });

  // Its hooks run off the page: not seen (no picture started), no stream URL without a location.
  it('a camera tile names its camera, not "no camera"', async () => {
    await host.dispatcher.call('cameras.add', { id: 'cam-1', name: 'Ngã tư Sóc Miên', lat: 11.53, lon: 106.88, streams: [{ protocol: 'hls', url: 'http://127.0.0.1:9/live.m3u8' }] }, 'test');
    const html = await showOnD1('frame-camera', [{ id: 'c', panel: 'camera', view: '', options: { cameras: ['cam-1'] }, rect: { x: 8, y: 8, w: 960, h: 540 } }]);
    expect(html).toContain('Ngã tư Sóc Miên');
    expect(html).not.toContain('Không có camera');
  });
});
