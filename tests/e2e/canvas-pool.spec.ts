/**
 * The wall's maps and charts keep their canvases between layouts
 * (renderer/components/canvas-pool.ts): a map or chart taken down with its layout leaves its
 * canvas, and one of a layout shown later draws into it instead of allocating a bitmap. Against
 * a real `ioc-wall serve` and one wall display, cold switches (layouts never shown, so never
 * prepared) until the wall has let earlier ones go: the maps and charts then report a kept
 * canvas (a map's bounded in size, a chart's exactly its own) and draw exactly what a fresh page
 * draws for the same layout, with nothing left of what drew there before.
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

/** A wall page (its own browser context when `fresh`: no kept canvases), painted. */
async function openWall(fresh = false, layoutId?: string): Promise<Page> {
  const page = fresh ? await (await browser.newContext({ viewport: { width: W, height: H } })).newPage() : await browser.newPage({ viewport: { width: W, height: H } });
  await page.goto(`${served.url}/wall?display=d1&token=${served.token}`);
  const root = layoutId ? `.wall-root[data-layout-id="${layoutId}"][data-wall-ready="true"]` : '.wall-root[data-wall-ready="true"]';
  await expect(page.locator(root)).toHaveCount(1, { timeout: 60_000 });
  return page;
}

/**
 * What two pages draw, read together, and whether it is the same. Both are read each time: a fresh
 * page may still redraw once after it reports painted (its labels placed), and the clock may turn
 * a report overdue between the two pages' answers — the wall is then told within the host's
 * CLOCK_CHECK_MS (host/views/refresh.ts) and redraws, and both show the newer answer.
 */
async function bothDraw<T>(a: Page, b: Page, read: (p: Page) => Promise<T>): Promise<string> {
  const [kept, fresh] = await Promise.all([read(a), read(b)]);
  // Both drawings in the failure's message when they stay apart.
  return JSON.stringify(kept) === JSON.stringify(fresh) ? 'the same' : JSON.stringify({ kept, fresh });
}
const SAME_DRAWING = { timeout: 45_000 };

/**
 * Eight cold switches: each layout is saved just before it is shown. The wall keeps a few recent
 * layouts mounted; after that, each switch lets one go and its canvases are kept. Returns the
 * last layout's id and what drew on a kept canvas.
 */
async function coldSwitches(wall: Page, tag: string, layoutOf: (id: string, i: number) => Layout, canvasesOf: (p: Page) => Promise<{ canvas?: string }[]>) {
  let last = '';
  let onKept = 0;
  for (let i = 0; i < 8; i++) {
    last = `${tag}-${i}`;
    await api.call('preset.save', { layout: layoutOf(last, i) });
    await show([wall], last);
    onKept += (await canvasesOf(wall)).filter((c) => c.canvas === 'kept').length;
  }
  return { last, onKept };
}

test('maps of a layout switched to cold draw into canvases kept from earlier ones, the same pixels as a fresh page', async () => {
  const wall = await openWall();
  const { last, onKept } = await coldSwitches(wall, 'pool', mapsLayout, mapCanvases);
  expect(onKept, 'maps that found a kept canvas over 8 cold switches').toBeGreaterThan(0);

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
  const fresh = await openWall(true, last);
  expect((await mapCanvases(fresh)).map((m) => m.canvas)).toEqual(['new', 'new']);
  const drawnOn = async (p: Page) => (await mapCanvases(p)).map((m) => [m.tile, m.drawn, m.hash]);
  await expect.poll(() => bothDraw(wall, fresh, drawnOn), SAME_DRAWING).toBe('the same');
  await fresh.context().close();
  await wall.close();
});

/** Four chart tiles of two sizes; `variant` swaps which panel takes which place. */
function chartsLayout(id: string, variant: number): Layout {
  const kinds = ['economy', 'publicAdmin', 'health', 'education'] as const;
  const at = (i: number) => kinds[(i + variant) % kinds.length]!;
  const half = W / 2;
  return {
    id,
    name: id,
    wallId: WALL.id,
    tiles: [
      { id: 't0', panel: at(0), view: '', options: {}, rect: { x: 0, y: 0, w: half, h: 400 } },
      { id: 't1', panel: at(1), view: '', options: {}, rect: { x: half, y: 0, w: half, h: 400 } },
      { id: 't2', panel: at(2), view: '', options: {}, rect: { x: 0, y: 400, w: half, h: H - 400 } },
      { id: 't3', panel: at(3), view: '', options: {}, rect: { x: half, y: 400, w: half, h: H - 400 } },
    ],
  } as Layout;
}

/** Per chart on screen: whether its canvas was kept, its pixel and CSS sizes, and its pixels' digest. */
function chartCanvases(p: Page) {
  return p.locator('.wall-canvas:not(.wall-canvas--hidden)').evaluate((root) =>
    [...root.querySelectorAll<HTMLElement>('[data-tile-id] .chart')].map((box, i) => {
      const c = box.querySelector('canvas')!;
      const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let hash = 0x811c9dc5;
      for (let j = 0; j < px.length; j++) hash = Math.imul(hash ^ px[j]!, 0x01000193) >>> 0;
      const tile = box.closest<HTMLElement>('[data-tile-id]')!.dataset.tileId!;
      return { chart: `${tile}#${i}`, canvas: box.dataset.canvas, size: `${c.width}x${c.height}`, css: [c.style.width, c.style.height], box: `${box.clientWidth}x${box.clientHeight}`, label: c.getAttribute('aria-label'), hash };
    }),
  );
}

test('charts of a layout switched to cold draw on kept canvases of exactly their size, the same pixels as a fresh page', async () => {
  const wall = await openWall();
  const { last, onKept } = await coldSwitches(wall, 'charts', chartsLayout, chartCanvases);
  expect(onKept, 'charts that found a kept canvas over 8 cold switches').toBeGreaterThan(0);

  const now = await chartCanvases(wall);
  expect(now.length, "charts on screen").toBeGreaterThanOrEqual(3);
  for (const c of now) {
    // Exactly the size Chart.js gives the chart's box (its CSS size, to a tenth of a pixel,
    // floored; the device pixel ratio is 1 here), and labelled.
    const [w, h] = c.size.split('x').map(Number) as [number, number];
    const [cw, ch] = c.css.map((v) => parseFloat(v)) as [number, number];
    expect([w, h], c.chart).toEqual([Math.floor(cw), Math.floor(ch)]);
    const [bw, bh] = c.box.split('x').map(Number) as [number, number];
    expect(Math.abs(bw - cw) < 1 && Math.abs(bh - ch) < 1, `${c.chart}: ${c.box} box, ${c.css.join('×')} canvas`).toBe(true);
    expect(c.label, c.chart).toBeTruthy();
  }

  const fresh = await openWall(true, last);
  expect((await chartCanvases(fresh)).every((c) => c.canvas === 'new')).toBe(true);
  const drawn = async (p: Page) => (await chartCanvases(p)).map((c) => [c.chart, c.size, c.label, c.hash]);
  await expect.poll(() => bothDraw(wall, fresh, drawn), SAME_DRAWING).toBe('the same');
  await fresh.context().close();
  await wall.close();
});
