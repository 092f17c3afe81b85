/**
 * A wall runs for months while open hotline reports pile up: its page must not grow with them.
 * Against a real `ioc-wall serve` fed by the endpoint simulator, a wall display shows the hotline
 * panel large (KPIs, the latest reports, the status chart, the district map) while the open
 * reports grow 100 → 1,000 → 5,000. The host sends the map at most MAP_POINT_CAP open reports
 * (the most urgent) with the total, the map draws points on one canvas and clusters them by
 * screen distance once dense, the list shows a fixed number of rows: so the page's DOM nodes and
 * listeners stay the same from 1,000 to 5,000 reports, and the legend says how many are not drawn.
 * Screenshots: artifacts/hotline-bound/.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { MAP_POINT_CAP } from '../../host/views/events';
import { startSim, type Sim } from '../../tools/endpoint-sim/server';
import { serveAgainstSim, type SimServe } from './support/sim-serve';

const ROOT = resolve(import.meta.dirname, '../..');
const ART = join(ROOT, 'artifacts/hotline-bound');
const TOKEN = 'e2e-hotline-bound-token-0123456789';

let sim: Sim;
let h: SimServe | undefined;
let page: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  mkdirSync(ART, { recursive: true });
  sim = await startSim({ events: 100, now: Date.now() });
  h = await serveAgainstSim(sim, {
    token: TOKEN,
    tmpPrefix: 'ioc-e2e-hotline-bound-',
    configure(cfg) {
      cfg.feeds = cfg.feeds
        .filter((f: { id: string }) => f.id === 'hotline-open311')
        .map((f: { options: object }) => ({ ...f, interval: 3000, retries: 0, options: { ...f.options, pageSize: 1000 } }));
    },
  });
  await expect.poll(async () => (await h!.call<{ feeds: { lastSuccessAt: string | null }[] }>('feeds.list', {})).feeds.every((f) => f.lastSuccessAt), { timeout: 60_000 }).toBe(true);
  // The hotline panel alone on display d1 of the bundled wall: large, with its map.
  await h.call('preset.save', {
    layout: { id: 'e2e-hotline', name: 'E2E đường dây nóng', wallId: 'main', tiles: [{ id: 'hl', panel: 'hotline', view: '', options: {}, rect: { x: 8, y: 8, w: 1920, h: 1080 } }] },
  });
  await h.call('preset.activate', { id: 'e2e-hotline', until: 'release' });
  page = await h.browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  await page.goto(`${h.base}/wall?display=d1&token=${TOKEN}`);
  await expect(page.locator('.wall-root')).toHaveAttribute('data-layout-id', 'e2e-hotline', { timeout: 30_000 });
});

test.afterAll(async () => {
  await (h ? h.close() : sim?.close());
});

interface Counts {
  /**
   * Blink's counters after a forced GC (what the soak samples): every node, text nodes too, of
   * the layouts on screen and of those the wall prepares hidden (renderer/wall/ahead.ts), which
   * come and go with the schedule: figures, not asserted.
   */
  nodes: number;
  listeners: number;
  /** Elements of the page outside the hidden prepared layouts. */
  elements: number;
  /** Elements of the hotline tile on screen. */
  tile: number;
  clusters: number;
  rows: number;
}

async function counts(p: Page): Promise<Counts> {
  const cdp = await p.context().newCDPSession(p);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const dom = await cdp.send('Memory.getDOMCounters');
    const inPage = await p.evaluate(() => {
      const shown = (e: Element) => !e.closest('.wall-canvas--hidden');
      const tile = [...document.querySelectorAll('[data-tile-id="hl"]')].find(shown);
      return {
        elements: [...document.getElementsByTagName('*')].filter(shown).length,
        tile: tile ? tile.getElementsByTagName('*').length : 0,
        clusters: tile ? tile.querySelectorAll('.cluster-icon').length : 0,
        rows: tile ? tile.querySelectorAll('[data-report]').length : 0,
      };
    });
    return { nodes: dom.nodes, listeners: dom.jsEventListeners, ...inPage };
  } finally {
    await cdp.detach();
  }
}

/** Until the tile's map holds `points` points, its legend names `total` reports, and the tile has painted. */
async function showing(points: number, total: string | null): Promise<Counts> {
  // The app's canvas: until it has painted, the frame the host drew is in the page too.
  const tile = page.locator('.wall-root .wall-canvas:not(.wall-canvas--hidden) [data-tile-id="hl"]');
  await expect(tile.locator(`[data-map-points="${points}"]`)).toBeVisible({ timeout: 60_000 });
  if (total) await expect(tile.locator('.legend')).toContainText(`${MAP_POINT_CAP}/${total}`, { timeout: 30_000 });
  await expect(tile).toHaveAttribute('data-painted', 'true', { timeout: 30_000 });
  return counts(page);
}

test('a wall showing 5,000 open hotline reports has the DOM it had with 1,000', async () => {
  const c100 = await showing(100, null);
  await page.screenshot({ path: join(ART, 'open-100.png') });

  sim.data.arrive(900);
  const c1000 = await showing(MAP_POINT_CAP, '1.000');
  await page.screenshot({ path: join(ART, 'open-1000.png') });

  sim.data.arrive(4000);
  const c5000 = await showing(MAP_POINT_CAP, '5.000');
  await page.screenshot({ path: join(ART, 'open-5000.png') });
  console.log(`[figure] open 100 / 1,000 / 5,000: nodes ${c100.nodes} / ${c1000.nodes} / ${c5000.nodes}, listeners ${c100.listeners} / ${c1000.listeners} / ${c5000.listeners}, elements on screen ${c100.elements} / ${c1000.elements} / ${c5000.elements}, in the tile ${c100.tile} / ${c1000.tile} / ${c5000.tile}, clusters ${c100.clusters} / ${c1000.clusters} / ${c5000.clusters}, list rows ${c100.rows} / ${c1000.rows} / ${c5000.rows}`);

  // The list shows the same number of rows whatever is open.
  expect(c5000.rows).toBe(c100.rows);
  expect(c5000.rows).toBeGreaterThan(0);
  // Past the cap the map clusters; how many clusters depends on where the most urgent reports
  // are, not on how many there are: a few dozen discs on a 1920×1080 tile at most.
  expect(c1000.clusters).toBeGreaterThan(0);
  expect(c5000.clusters).toBeLessThanOrEqual(60);
  // 1,000 → 5,000 open: the page on screen holds what it held (a cluster is Leaflet's marker
  // element and our disc), give or take the clusters the new reports regroup, and the text
  // of a few numbers (chart ticks, the legend).
  const clusterElements = (a: Counts, b: Counts) => 3 * Math.abs(a.clusters - b.clusters);
  expect(Math.abs(c5000.tile - c1000.tile)).toBeLessThanOrEqual(clusterElements(c1000, c5000) + 10);
  expect(Math.abs(c5000.elements - c1000.elements)).toBeLessThanOrEqual(clusterElements(c1000, c5000) + 10);
  // And from 100 (drawn as points on the canvas, no element each) to 5,000: only the clusters
  // (a marker per report would be 300 more).
  expect(c5000.tile - c100.tile).toBeLessThanOrEqual(3 * c5000.clusters + 10);
});
