// A display with a camera tile, drawn by the renderer's first-frame module from its source
// (renderer/first-frame/render.tsx) with react-dom/server as the host draws it: the tile's hooks
// run off the page (useTileVisible's server snapshot: not seen, no picture started; streamUrl
// without a location: no stream named), so the frame is drawn, with the camera's name.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { ActiveLayout } from '../../host/api/contract';
import { loadConfig } from '../../host/config/load';
import { adminCaller } from '../../host/room/caller';
import { dispatcherClient } from '../../host/server/first-frame';
import { startHost, type HostService } from '../../host/service';

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
  dir = mkdtempSync(join(tmpdir(), 'ioc-first-frame-cameras-'));
  host = await startHost({ config: loadConfig({ env: {}, flags: { port: '0', token: 'first-frame-cameras-0123456789', demo: true } }), dataDir: join(dir, 'data'), serveHttp: false });
  renderFirstFrame = ((await import('../../renderer/first-frame/render' + '.tsx')) as { renderFirstFrame: Render }).renderFirstFrame;
}, 60_000);
afterAll(async () => {
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('a display with a camera tile gets its frame, the camera named', async () => {
  await host.dispatcher.call('cameras.add', { id: 'cam-1', name: 'Ngã tư Sóc Miên', lat: 11.53, lon: 106.88, streams: [{ protocol: 'hls', url: 'http://127.0.0.1:9/live.m3u8' }] }, 'test');
  const { wall } = (await host.dispatcher.call('layout.active', {}, 'test')) as ActiveLayout;
  const tiles = [{ id: 'c', panel: 'camera', view: '', options: { cameras: ['cam-1'] }, rect: { x: 8, y: 8, w: 960, h: 540 } }];
  await host.dispatcher.call('preset.save', { layout: { id: 'frame-camera', name: 'camera', wallId: wall.id, tiles } }, 'test');
  await host.dispatcher.call('preset.activate', { id: 'frame-camera' }, 'test');
  const client = dispatcherClient(host.dispatcher, adminCaller('test'));
  try {
    const frame = await renderFirstFrame(client, 'd1');
    expect(frame?.html).toContain('Ngã tư Sóc Miên');
  } finally {
    client.close();
  }
});
