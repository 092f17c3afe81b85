// The wall's first frame as the host draws it with the real drawing module (built from the
// renderer into dist/first-frame/render.js by `npm run build`), on the demo data: every tile of
// the display, its figures the host's current ones (a change made through the host is in the
// next page), citizens' text escaped, nothing for a display the layout does not have.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActiveLayout } from '../../host/api/contract';
import { loadConfig } from '../../host/config/load';
import { startHost, type HostService } from '../../host/service';
import { displayViewport, intersect, rectToBox } from '../../layouts/geometry';
import { waitFor } from './support/room';

const TOKEN = 'first-frame-real-token-0123456789';
const rendererDir = join(import.meta.dirname, '../../dist/renderer');
let dir: string;
let host: HostService;

beforeAll(async () => {
  if (!existsSync(join(rendererDir, '..', 'first-frame', 'render.js'))) {
    throw new Error('dist/first-frame/render.js is not built: run `npm run build` first');
  }
  dir = mkdtempSync(join(tmpdir(), 'ioc-first-frame-real-'));
  const config = loadConfig({ env: {}, flags: { port: '0', token: TOKEN, demo: true } });
  host = await startHost({ config, dataDir: join(dir, 'data'), rendererDir });
  // The drawing module loads on the first wall page, inside that page's deadline: under the
  // test runner (which transforms what it imports) that takes longer, and that page goes without.
  await waitFor(() => frameOf('d1'), 'a first frame once the drawing module has loaded', 30_000);
}, 40_000);
afterAll(async () => {
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function frameOf(displayId: string): Promise<string | null> {
  const res = await fetch(`${host.url}/wall?display=${displayId}&token=${TOKEN}`);
  const body = await res.text();
  expect(res.status).toBe(200);
  const at = body.indexOf('<div id="first-frame"');
  if (at < 0) return null;
  expect(res.headers.get('cache-control')).toBe('no-store');
  return body.slice(at, body.indexOf('<div id="root">'));
}

const attrs = (html: string, name: string) => [...html.matchAll(new RegExp(`${name}="([^"]*)"`, 'g'))].map((m) => m[1]!);

describe('the first frame drawn from the built renderer', () => {
  it("draws every tile of each display, and only that display's", async () => {
    const active = (await host.dispatcher.call('layout.active', {}, 'test')) as ActiveLayout;
    for (const d of active.wall.displays) {
      const frame = await frameOf(d.id);
      expect(frame, d.id).not.toBeNull();
      const viewport = displayViewport(active.wall, d.id);
      const expected = active.layout!.tiles.filter((t) => intersect(rectToBox(t.rect), viewport) !== null).map((t) => t.id);
      expect(attrs(frame!, 'data-frame-tile').sort(), d.id).toEqual([...expected].sort());
      expect(frame).toContain(`data-display-id="${d.id}"`);
      // None of the app's markers, which name its own canvas and tiles.
      expect(frame).not.toMatch(/data-tile-id=|data-painted=|class="wall-canvas/);
      // Drawn for the display's own place on the wall (the browser fits it to the window).
      expect(frame).toContain(`translate(${-viewport.x}px, ${-viewport.y}px)`);
      expect(frame).not.toMatch(/NaN|undefined|\[object Object\]/);
    }
    expect(await frameOf('d9')).toBeNull();
  });

  it("shows the host's figures of the moment: a changed figure is in the next page", async () => {
    const grdp = (frame: string) => /data-kpi="economy\.grdp"[\s\S]*?data-value="([^"]+)"/.exec(frame)?.[1];
    const display = (await host.dispatcher.call('layout.active', {}, 'test')) as ActiveLayout;
    const withEconomy = display.wall.displays.find((d) => {
      const v = displayViewport(display.wall, d.id);
      return display.layout!.tiles.some((t) => t.panel === 'economy' && intersect(rectToBox(t.rect), v));
    })!;
    const before = (await frameOf(withEconomy.id))!;
    const value = Number(grdp(before));
    expect(value).toBeGreaterThan(0);
    const to = /data-kpi="economy\.grdp"/.test(before) ? /class="kpis[^"]*" data-period="[^"]*" data-from="[^"]*" data-to="([^"]+)"/.exec(before)?.[1] : undefined;
    expect(to).toBeTruthy();
    const old = host.db.prepare(`SELECT value FROM observations WHERE indicator = 'economy.grdp' AND area_id = '70' AND period = ?`).pluck().get(to) as number;
    await host.dispatcher.call('observation.put', { domain: 'economy', indicator: 'economy.grdp', areaId: '70', period: to!, value: old + 777, source: 'test', updatedAt: new Date().toISOString() }, 'test');
    await expect.poll(async () => Number(grdp((await frameOf(withEconomy.id))!))).toBe(value + 777);
  });

  it("escapes what citizens wrote: markup in a report's title is text", async () => {
    const frames = (await Promise.all(['d1', 'd2'].map(frameOf))).join('');
    expect(frames).toContain('&lt;b&gt;');
    expect(frames).not.toContain('<b>');
    expect(frames).not.toMatch(/<script/i);
  });
});
