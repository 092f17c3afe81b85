/**
 * The wall's maps keep their canvases between layouts (renderer/components/canvas-pool.ts): a
 * map taken down with its layout leaves its canvas, and a map of a layout shown later draws into
 * it instead of allocating a bitmap. Against a real `ioc-wall serve` and one wall display, cold
 * switches (layouts never shown, so never prepared) until the wall has let earlier ones go: the
 * maps then report a kept canvas, bounded in size, and draw exactly what a fresh page draws for
 * the same layout, with nothing left of the map that drew there before.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import type { Layout, Wall } from '../../layouts/model';
import { gridWall } from '../../layouts/presets';
import { ApiClient, launchChromium, startServe, type Served } from './support/layouts-host';

const W = 1280;
const H = 720;
const WALL: Wall = gridWall({ cols: 1, rows: 1, width: W, height: H });

let served: Served;
let browser: Browser;
let api: ApiClient;

test.describe.configure({ mode: 'serial' });
test.setTimeout(180_000);

test.beforeAll(async () => {
  served = await startServe();
  api = await ApiClient.connect(served);
  await api.call('wall.save', { wall: WALL });
  browser = await launchChromium();
});

test.afterAll(async () => {
  api?.close();
  await browser?.close();
  await served?.stop();
});

/** Two maps side by side; `variant` moves the split, so consecutive layouts' maps differ in size. */
function mapsLayout(id: string, variant: number): Layout {
  const split = 560 + 40 * (variant % 3);
  return {
    id,
    name: id,
    wallId: WALL.id,
    tiles: [
      { id: 'a', panel: 'traffic', view: '', options: {}, rect: { x: 0, y: 0, w: split, h: H } },
      { id: 'b', panel: 'urbanOrder', view: '', options: {}, rect: { x: split, y: 0, w: W - split, h: H } },
    ],
  } as Layout;
}

async function show(pages: Page[], id: string): Promise<void> {
  await api.call('preset.activate', { id });
  for (const p of pages) await expect(p.locator(`.wall-root[data-layout-id="${id}"][data-wall-ready="true"]`)).toHaveCount(1, { timeout: 60_000 });
}

/** Per map tile on screen: whether its canvas was kept, its sizes, and the drawn part's pixels. */
function mapCanvases(p: Page) {
  return p.locator('.wall-canvas:not(.wall-canvas--hidden)').evaluate((root) =>
    [...root.querySelectorAll<HTMLElement>('[data-tile-id]')].flatMap((tile) => {
      const box = tile.querySelector<HTMLElement>('.leaflet-container');
      const c = tile.querySelector<HTMLCanvasElement>('.leaflet-overlay-pane canvas');
      if (!box || !c) return [];
      const [w, h] = (c.dataset.drawn ?? '0x0').split('x').map(Number) as [number, number];
      const px = c.getContext('2d')!.getImageData(0, 0, w, h).data;
      // A digest of the drawn part (FNV-1a over its bytes), and how many pixels are not empty.
      let hash = 0x811c9dc5;
      let inked = 0;
      for (let i = 0; i < px.length; i++) hash = Math.imul(hash ^ px[i]!, 0x01000193) >>> 0;
      for (let i = 3; i < px.length; i += 4) if (px[i]! > 0) inked++;
      return [{ tile: tile.dataset.tileId!, canvas: box.dataset.canvas, size: `${c.width}x${c.height}`, drawn: `${w}x${h}`, hash, inked }];
    }),
  );
}

test('maps of a layout switched to cold draw into canvases kept from earlier ones, the same pixels as a fresh page', async () => {
  const wall = await browser.newPage({ viewport: { width: W, height: H } });
  await wall.goto(`${served.url}/wall?display=d1&token=${served.token}`);
  await expect(wall.locator('.wall-root[data-wall-ready="true"]')).toHaveCount(1, { timeout: 60_000 });

  // Cold switches: each layout is saved just before it is shown. The wall keeps a few recent
  // layouts mounted; after that, each switch lets one go and its maps' canvases are kept.
  let last = '';
  const onKept: string[] = [];
  for (let i = 0; i < 8; i++) {
    last = `pool-${i}`;
    await api.call('preset.save', { layout: mapsLayout(last, i) });
    await show([wall], last);
    for (const m of await mapCanvases(wall)) if (m.canvas === 'kept') onKept.push(`${last}/${m.tile}`);
  }
  expect(onKept.length, 'maps that found a kept canvas over 8 cold switches').toBeGreaterThan(0);

  const before = await mapCanvases(wall);
  expect(before).toHaveLength(2);
  for (const m of before) {
    const [cw, ch] = m.size.split('x').map(Number) as [number, number];
    const [dw, dh] = m.drawn.split('x').map(Number) as [number, number];
    expect(cw).toBeGreaterThanOrEqual(dw);
    expect(ch).toBeGreaterThanOrEqual(dh);
    // At most half again the drawn part, or what rounding a fresh one up to 32 px adds.
    expect(cw * ch).toBeLessThanOrEqual(Math.max(1.5 * dw * dh, (dw + 32) * (dh + 32)));
    expect(m.inked, `${m.tile}: the map drew something`).toBeGreaterThan(1000);
  }

  // A page of its own (no kept canvases) showing the same layout draws the same pixels.
  const fresh = await (await browser.newContext({ viewport: { width: W, height: H } })).newPage();
  await fresh.goto(`${served.url}/wall?display=d1&token=${served.token}`);
  await expect(fresh.locator(`.wall-root[data-layout-id="${last}"][data-wall-ready="true"]`)).toHaveCount(1, { timeout: 60_000 });
  expect((await mapCanvases(fresh)).map((m) => m.canvas)).toEqual(['new', 'new']);
  const drawnOn = async (p: Page) => (await mapCanvases(p)).map((m) => [m.tile, m.drawn, m.hash]);
  const kept = await drawnOn(wall);
  // Polled: a fresh page may still redraw once after it reports painted (its labels placed).
  await expect.poll(() => drawnOn(fresh), { timeout: 15_000 }).toEqual(kept);
  await fresh.context().close();
  await wall.close();
});
