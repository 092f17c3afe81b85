/**
 * The operator's story on a 3x2 wall: in the console, drag the traffic map across the seam of
 * displays d1 and d2 and a chart (economy) onto d3, save the preset, show it on the wall; the
 * six wall pages (one per display, already open) switch to it; the map continues across the
 * seam with the bezel hidden. Screenshots: artifacts/layouts/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { displayViewport } from '../../layouts/geometry';
import type { Layout, Wall } from '../../layouts/model';
import { gridWall } from '../../layouts/presets';
import { ApiClient, launchChromium, ROOT, startServe, type Served } from './support/layouts-host';
import { encodeCodePage } from '../integration/support/code-page';

const ART = join(ROOT, 'artifacts/layouts');
const W = 1280;
const H = 720;
const BEZEL = 10;
const WALL: Wall = gridWall({ cols: 3, rows: 2, width: W, height: H, bezel: BEZEL });
const IDS = WALL.displays.map((d) => d.id);

let served: Served;
let browser: Browser;
let api: ApiClient;

test.describe.configure({ mode: 'serial' });
test.setTimeout(180_000);

test.beforeAll(async () => {
  mkdirSync(ART, { recursive: true });
  served = await startServe();
  api = await ApiClient.connect(served);
  const saved = await api.call<{ wall: Wall }>('wall.save', { wall: WALL });
  expect(saved.wall.displays).toHaveLength(6);
  browser = await launchChromium();
});

test.afterAll(async () => {
  api?.close();
  await browser?.close();
  await served?.stop();
});

async function openWall(id: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: W, height: H } });
  await page.goto(`${served.url}/wall?display=${id}&token=${served.token}`);
  return page;
}

const wallState = (p: Page) =>
  p.locator('.wall-root').evaluate((el) => ({ layout: el.getAttribute('data-layout-id'), ready: el.getAttribute('data-wall-ready') }));

test('operator composes a preset across displays and the six walls show it, continuous across the seam', async () => {
  // Six displays, open before the switch: they must follow 'layout.changed'.
  const walls = await Promise.all(IDS.map(openWall));
  for (const w of walls) await expect(w.locator('.wall-root[data-wall-ready="true"]')).toHaveCount(1, { timeout: 60_000 });
  const before = await wallState(walls[0]!);
  expect(before.layout).toBe('overview');

  const console_ = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await console_.goto(`${served.url}/console?token=${served.token}&tab=layouts`);
  const wallEl = console_.locator('.le-wall');
  await expect(wallEl).toHaveAttribute('data-wall-cols', '3');
  await console_.locator('[data-action="new"]').click();
  await expect(console_.locator('[data-edit-tile]')).toHaveCount(0);

  const box = async (sel: string) => (await console_.locator(sel).boundingBox())!;
  const drag = async (from: { x: number; y: number }, to: { x: number; y: number }) => {
    await console_.mouse.move(from.x, from.y);
    await console_.mouse.down();
    // Several steps, as a hand does: the editor follows pointermove.
    for (let i = 1; i <= 8; i++) await console_.mouse.move(from.x + ((to.x - from.x) * i) / 8, from.y + ((to.y - from.y) * i) / 8);
    await console_.mouse.up();
  };
  const centre = (b: { x: number; y: number; width: number; height: number }) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });

  // 1. The traffic map from the palette onto d1, then its bottom-right corner onto d2.
  const d1 = await box('[data-display="d1"]');
  const d2 = await box('[data-display="d2"]');
  await drag(centre(await box('[data-palette="traffic"]')), centre(d1));
  const traffic = console_.locator('[data-edit-tile][data-panel="traffic"]');
  await expect(traffic).toHaveCount(1);
  const nw = await box('[data-edit-tile][data-panel="traffic"] [data-handle="nw"]');
  await drag(centre(nw), { x: d1.x + d1.width / 4 + 1, y: d1.y + 2 });
  const se = await box('[data-edit-tile][data-panel="traffic"] [data-handle="se"]');
  await drag(centre(se), { x: d2.x + d2.width * 0.75, y: d1.y + d1.height - 2 });

  // 2. A chart panel (economy: KPIs + trend chart) onto d3, enlarged to its bottom-right corner.
  const d3 = await box('[data-display="d3"]');
  await drag(centre(await box('[data-palette="economy"]')), centre(d3));
  const se2 = await box('[data-edit-tile][data-panel="economy"] [data-handle="se"]');
  await drag(centre(se2), { x: d3.x + d3.width - 2, y: d3.y + d3.height - 2 });

  // Edges snapped to the displays' active edges and sub-grid.
  const vp = (id: string) => displayViewport(WALL, id);
  const rectOf = async (panel: string) =>
    (await console_.locator(`[data-edit-tile][data-panel="${panel}"]`).getAttribute('data-rect'))!.split(',').map(Number) as [number, number, number, number];
  const [tx, ty, tw, th] = await rectOf('traffic');
  expect([tx, ty]).toEqual([vp('d1').x + W / 4, vp('d1').y]);
  expect(tx + tw).toBe(vp('d2').x + (3 * W) / 4);
  expect(ty + th).toBe(vp('d1').y + H);
  const [ex, ey, ew, eh] = await rectOf('economy');
  expect([ex + ew, ey + eh]).toEqual([vp('d3').x + W, vp('d3').y + H]);

  // Keyboard: arrows move, Shift+arrows resize, Delete removes; Ctrl+Z / Ctrl+Y undo and redo.
  const eco = console_.locator('[data-edit-tile][data-panel="economy"]');
  await eco.focus();
  await console_.keyboard.press('ArrowLeft');
  expect((await rectOf('economy'))[0]).toBe(ex - 20);
  await console_.keyboard.press('Shift+ArrowUp');
  expect((await rectOf('economy'))[3]).toBe(eh - 20);
  await console_.keyboard.press('Control+z');
  await console_.keyboard.press('Control+z');
  expect(await rectOf('economy')).toEqual([ex, ey, ew, eh]);
  await console_.keyboard.press('Control+y');
  expect((await rectOf('economy'))[0]).toBe(ex - 20);
  await console_.keyboard.press('Control+z');
  await eco.focus();
  await console_.keyboard.press('Delete');
  await expect(eco).toHaveCount(0);
  await console_.locator('[data-action="undo"]').click();
  await expect(eco).toHaveCount(1);
  expect(await rectOf('economy')).toEqual([ex, ey, ew, eh]);

  // 3. Save as a named preset, then show it on the wall.
  await console_.locator('[data-action="save-as"]').click();
  await console_.locator('input[name="preset-name"]').fill('Kiểm thử 3x2 — giao thông liên màn hình');
  await console_.locator('[data-action="naming-ok"]').click();
  await expect(console_.locator('.le-msg--ok')).toContainText('Đã lưu');
  const presetId = await console_.locator('.le').getAttribute('data-editing-preset');
  expect(presetId).toMatch(/^p-/);
  const stored = await api.call<Layout>('preset.get', { id: presetId });
  expect(stored.tiles.map((t) => t.panel).sort()).toEqual(['economy', 'traffic']);

  await console_.locator('[data-action="show"]').click();
  await expect(console_.locator('.le-live')).toHaveAttribute('data-live-preset', presetId!);
  await expect(console_.locator('.le-live')).toContainText('chọn tay');

  // 4. All six displays switch; each shows exactly its part.
  for (const w of walls) {
    await expect(w.locator(`.wall-root[data-layout-id="${presetId}"][data-wall-ready="true"]`)).toHaveCount(1, { timeout: 30_000 });
  }
  const tileIds = async (p: Page) => (await p.locator('.wall-canvas:not(.wall-canvas--hidden) [data-tile-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-panel')))).sort();
  expect(await tileIds(walls[0]!)).toEqual(['traffic']);
  expect(await tileIds(walls[1]!)).toEqual(['traffic']);
  expect(await tileIds(walls[2]!)).toEqual(['economy']);
  for (const w of walls.slice(3)) expect(await tileIds(w)).toEqual([]);
  const shown = '.wall-canvas:not(.wall-canvas--hidden)';
  await expect(walls[0]!.locator(`${shown} [data-panel="traffic"] .leaflet-container`)).toHaveCount(1);
  await expect(walls[2]!.locator(`${shown} [data-panel="economy"] canvas`)).not.toHaveCount(0);

  // 5. The map is continuous across the d1|d2 seam.
  // Each display lays out the whole tile: the same map view on both, so every marker sits at the
  // same place relative to the map's box. The vector canvas covers only the part of the map in
  // the display's window (components/map-window-canvas), a few pixels more, never the whole tile.
  const mapFacts = (p: Page) =>
    p.locator('.wall-canvas:not(.wall-canvas--hidden) [data-panel="traffic"]').evaluate((tile) => {
      const c = tile.querySelector('.leaflet-container')!.getBoundingClientRect();
      const rel = (e: Element) => {
        const r = e.getBoundingClientRect();
        return `${Math.round(r.left - c.left)},${Math.round(r.top - c.top)},${Math.round(r.width)}x${Math.round(r.height)}`;
      };
      const markers = [...tile.querySelectorAll('.leaflet-marker-icon')].map((m) => `${m.textContent} @ ${rel(m)}`).sort();
      const labels = [...tile.querySelectorAll('.leaflet-tooltip')].map((m) => `${m.textContent} @ ${rel(m)}`).sort();
      const vectors = [...tile.querySelectorAll('.leaflet-overlay-pane canvas, .leaflet-overlay-pane svg')].map(rel);
      const seen = { left: Math.max(0, c.left), right: Math.min(innerWidth, c.right), top: Math.max(0, c.top), bottom: Math.min(innerHeight, c.bottom) };
      // The canvas may be larger than the part drawn into it (a canvas kept from an earlier map,
      // components/canvas-pool): its top-left corner and the drawn size it states give that part.
      const canvases = [...tile.querySelectorAll<HTMLCanvasElement>('.leaflet-overlay-pane canvas')];
      // The drawn size is in the canvas's own CSS pixels: on the window it is that times the
      // scale the tile is drawn at (1 on a 1080p display, less while the severe-alert band
      // squeezes the top row: wall/band-reserve.ts).
      const sizes = canvases.map((e) => (e.dataset.drawn ?? '').split('x').map(Number) as [number, number]);
      const drawn = canvases.map((e, i) => {
        const r = e.getBoundingClientRect();
        const k = e.offsetWidth > 0 ? r.width / e.offsetWidth : 1;
        const [w, h] = sizes[i]!;
        return { left: r.left, top: r.top, right: r.left + w * k, bottom: r.top + h * k };
      });
      // How far each edge of the drawn part is outside the window's part of the map (≥ 0: covered).
      const cover = drawn.map((r) => [seen.left - r.left, r.right - seen.right, seen.top - r.top, r.bottom - seen.bottom].map(Math.round));
      // The canvas's pixels over the drawn part's (the pool's limit is 1.5, plus rounding up).
      const spare = canvases.map((e, i) => (e.width * e.height) / Math.max(1, sizes[i]![0] * sizes[i]![1]));
      // The names shown, and any of them over a cluster's disc (the placement keeps them off,
      // moving a name beside a disc when its district holds it there).
      const discs = [...tile.querySelectorAll('.cluster-icon')].map((e) => e.getBoundingClientRect());
      const shownNames = [...tile.querySelectorAll('.leaflet-tooltip:not(.map-label--hidden)')];
      const overDisc = shownNames.flatMap((l) => {
        const r = l.getBoundingClientRect();
        return discs.filter((d) => r.left < d.right - 1 && d.left < r.right - 1 && r.top < d.bottom - 1 && d.top < r.bottom - 1).map(() => l.textContent);
      });
      const names = shownNames.map((l) => l.textContent).sort();
      const moved = Number((tile.querySelector('.leaflet-container') as HTMLElement).dataset.labelsMoved);
      return { left: c.left, top: c.top, width: c.width, height: c.height, markers, labels, vectors, cover, spare, names, overDisc, moved };
    });
  const m1 = await mapFacts(walls[0]!);
  const m2 = await mapFacts(walls[1]!);
  expect(m2.width).toBe(m1.width);
  expect(m2.height).toBe(m1.height);
  expect(m1.vectors.length).toBeGreaterThan(0);
  expect(m1.markers.length).toBeGreaterThan(0);
  // Leaflet rounds its panes' offsets to whole pixels, so a sub-pixel view may land 1 px apart.
  expectWithinPx(m2.labels, m1.labels, 1);
  // The same names shown and moved on both, none over a disc.
  expect(m2.names).toEqual(m1.names);
  expect(m1.names.length).toBeGreaterThan(0);
  expect(m2.moved).toBe(m1.moved);
  expect(m1.overDisc).toEqual([]);
  expect(m2.overDisc).toEqual([]);
  console.log(`seam map: ${m1.names.length} names shown, ${m1.moved} moved off a disc`);
  // A display builds only the markers under its window, and a marker's width around it
  // (components/Map.tsx); one that reaches into the other display's window is built by both,
  // at the same place. (The pixels below check what each window shows.)
  const markerRect = (x: string) => (x.match(/-?\d+/g) ?? []).slice(-4).map(Number) as [number, number, number, number];
  const inWindow = (x: string, m: { left: number; top: number }, pad: number) => {
    const [l, t, w, h] = markerRect(x);
    return l + w > -m.left - pad && l < W - m.left + pad && t + h > -m.top - pad && t < H - m.top + pad;
  };
  for (const [a, b] of [[m1, m2], [m2, m1]] as const) {
    for (const x of a.markers) expect(inWindow(x, a, 64), `${x}: outside its window`).toBe(true);
    const both = a.markers.filter((x) => inWindow(x, b, 0));
    const there = both.map((x) => b.markers.find((y) => y.split(' @ ')[0] === x.split(' @ ')[0] && markerRect(y).every((v, k) => Math.abs(v - markerRect(x)[k]!) <= 1)));
    expect(there, `markers in both windows: ${both.join('; ')}`).not.toContain(undefined);
  }
  for (const m of [m1, m2]) {
    expect(m.cover).toHaveLength(1);
    expect(m.spare[0]).toBeLessThan(1.6);
    for (const edge of m.cover[0]!) {
      expect(edge).toBeGreaterThanOrEqual(-1);
      expect(edge).toBeLessThanOrEqual(6);
    }
  }
  // …placed so that d2's window starts exactly where the canvas continues after both bezels.
  expect(m1.left - m2.left).toBe(vp('d2').x - vp('d1').x);
  expect(vp('d2').x - (vp('d1').x + W)).toBe(2 * BEZEL);
  expect(m1.top).toBe(m2.top);

  // Pixels: shift d1's canvas by the viewport offset and it draws what d2 draws — one canvas, no
  // jump at the seam. (The bezel strip itself is drawn by neither display.)
  const shot = (p: Page) => p.screenshot({ clip: { x: 0, y: 0, width: 200, height: H } });
  await walls[1]!.screenshot({ path: join(ART, 'seam-d2-left.png'), clip: { x: 0, y: 0, width: 200, height: H } });
  const right = await shot(walls[1]!);
  await walls[0]!.locator('.wall-canvas:not(.wall-canvas--hidden)').evaluate((el, dx) => {
    el.dataset.savedTransform = el.style.transform;
    el.style.transform = el.style.transform.replace(/translate\(([-\d.]+)px/, (_m, x) => `translate(${Number(x) - dx}px`);
    // The map now sits elsewhere under the window: as after a window resize, it draws that part.
    // Its resize listener asks Leaflet for a redraw on the next animation frame; frames run
    // their callbacks in the order asked, so two frames later that redraw has run and painted.
    dispatchEvent(new Event('resize'));
    return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  }, vp('d2').x - vp('d1').x);
  const shifted = await shot(walls[0]!);
  await walls[0]!.screenshot({ path: join(ART, 'seam-d1-shifted.png'), clip: { x: 0, y: 0, width: 200, height: H } });
  await walls[0]!.locator('.wall-canvas:not(.wall-canvas--hidden)').evaluate((el) => {
    el.style.transform = el.dataset.savedTransform!;
    dispatchEvent(new Event('resize'));
  });
  const diff = await comparePng(console_, right, shifted);
  expect(diff.pixels).toBeGreaterThan(10_000);
  expect(diff.differentShare).toBeLessThan(0.01);

  // 6. Switching back to the previous preset reuses its canvas, kept hidden and painted (no re-render).
  await walls[3]!.locator('.wall-canvas[data-canvas-layout-id="overview"]').evaluate((el) => ((el as HTMLElement).dataset.mark = 'kept'));
  await api.call('preset.activate', { id: 'overview' });
  for (const w of walls) await expect(w.locator('.wall-root[data-layout-id="overview"][data-wall-ready="true"]')).toHaveCount(1);
  await expect(walls[3]!.locator(`${shown}[data-canvas-layout-id="overview"]`)).toHaveAttribute('data-mark', 'kept');
  await api.call('preset.activate', { id: presetId });
  for (const w of walls) await expect(w.locator(`.wall-root[data-layout-id="${presetId}"][data-wall-ready="true"]`)).toHaveCount(1);

  // 6b. A preset never shown nor cued ('emergency', one of the presets ahead) is prepared hidden
  // at idle on every display, its tiles painted; an uncued switch to it (an alert, a leader's
  // request, the API) shows that same canvas: a flip, not a cold mount.
  const prepared = (w: Page) => w.locator('.wall-canvas--hidden[data-canvas-layout-id="emergency"]');
  for (const w of walls) {
    await expect(prepared(w)).toHaveCount(1, { timeout: 30_000 });
    // Its tiles there first: none unpainted is also what a canvas not yet rendered shows.
    await expect(prepared(w).locator('[data-tile-id]').first()).toBeAttached({ timeout: 30_000 });
    await expect(prepared(w).locator('[data-tile-id]:not([data-painted="true"])')).toHaveCount(0, { timeout: 30_000 });
  }
  await prepared(walls[0]!).evaluate((el) => ((el as HTMLElement).dataset.mark = 'prepared'));
  await api.call('preset.activate', { id: 'emergency' });
  for (const w of walls) await expect(w.locator('.wall-root[data-layout-id="emergency"][data-wall-ready="true"]')).toHaveCount(1);
  await expect(walls[0]!.locator(`${shown}[data-canvas-layout-id="emergency"]`)).toHaveAttribute('data-mark', 'prepared');
  // Bounded: the current canvas, the presets ahead and two recent others at most.
  expect(await walls[0]!.locator('.wall-canvas').count()).toBeLessThanOrEqual(1 + 4 + 2);
  await api.call('preset.activate', { id: presetId });
  for (const w of walls) await expect(w.locator(`.wall-root[data-layout-id="${presetId}"][data-wall-ready="true"]`)).toHaveCount(1);

  // 7. Screenshots of the console and the six displays.
  await console_.locator(`[data-edit-tile][data-panel="traffic"]`).click();
  await console_.screenshot({ path: join(ART, 'console.png'), fullPage: true });
  await console_.locator('[data-section="wall"] summary').click();
  await console_.locator('[data-section="wall"]').screenshot({ path: join(ART, 'console-wall-settings.png') });

  // Schedule: a weekday change point, saved; the console then names what comes next.
  const sched = console_.locator('[data-section="schedule"]');
  await sched.locator('summary').click();
  await sched.getByRole('button', { name: 'Thêm mốc' }).click();
  await sched.locator('[data-entry] input[type="time"]').fill('07:30');
  await sched.locator('[data-action="save-schedule"]').click();
  await expect(console_.locator('.le-msg--ok')).toContainText('Đã lưu lịch');
  const cfg = await api.call<{ entries: { at: string; days: number[] }[] }>('schedule.get');
  expect(cfg.entries).toEqual([expect.objectContaining({ at: '07:30', days: [1, 2, 3, 4, 5] })]);
  await expect(console_.locator('.le-live [data-next-preset]')).not.toHaveAttribute('data-next-preset', '');
  await expect(console_.locator('.le-live')).toContainText('Tiếp theo');
  await sched.screenshot({ path: join(ART, 'console-schedule.png') });

  // Import: a file with problems is refused whole, every problem listed by path.
  const exported = await api.call<{ presets: Layout[] }>('layouts.export', { wall: false, schedule: false });
  const bad = structuredClone(exported);
  const victim = bad.presets.find((p) => p.id === presetId)!;
  victim.tiles[1]!.rect = { ...victim.tiles[0]!.rect };
  bad.presets[0]!.tiles[0]!.rect.x = 99_999;
  await console_.locator('[data-action="import-file"]').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  const err = console_.locator('.le-msg--error');
  await expect(err).toContainText('Tệp không được nhập');
  await expect(err.locator('li')).toHaveCount(2);
  await expect(err).toContainText(`presets.${bad.presets.indexOf(victim)}.tiles.1.rect`);
  await expect(err).toContainText('presets.0.tiles.0.rect');
  await err.screenshot({ path: join(ART, 'console-import-refused.png') });
  expect((await api.call<Layout>('preset.get', { id: presetId })).tiles[1]!.rect).not.toEqual(victim.tiles[0]!.rect);
  // A file larger than the host takes in one message is refused with a message, not sent: sent,
  // the host would drop the connection and the console would re-send it on every reconnect.
  const huge = { ...exported, exportedAt: 'x'.repeat(2 * 1024 * 1024) };
  await console_.locator('[data-action="import-file"]').setInputFiles({ name: 'huge.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(huge)) });
  await expect(err).toContainText('Tệp không được nhập');
  await expect(err.locator('li')).toHaveCount(1);
  await expect(err).toContainText('quá lớn');
  // A file Notepad saved as "ANSI" (windows-1258) is refused with what to do, not imported with
  // garbled names; one saved as "Unicode" (UTF-16 with its mark) is read.
  const named = structuredClone(exported);
  named.presets[0]!.name = 'Tổng quan tỉnh – ca đêm';
  await console_.locator('[data-action="import-file"]').setInputFiles({ name: 'ansi.json', mimeType: 'application/json', buffer: encodeCodePage(JSON.stringify(named)) });
  await expect(err).toContainText('không ở mã UTF-8');
  expect((await api.call<Layout>('preset.get', { id: named.presets[0]!.id })).name).not.toBe(named.presets[0]!.name);
  await console_.locator('[data-action="import-file"]').setInputFiles({
    name: 'unicode.json',
    mimeType: 'application/json',
    buffer: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(named), 'utf16le')]),
  });
  await expect(console_.locator('.le-msg--ok')).toBeVisible();
  expect((await api.call<Layout>('preset.get', { id: named.presets[0]!.id })).name).toBe('Tổng quan tỉnh – ca đêm');
  await console_.locator('[data-action="save-schedule"]').click();
  await expect(console_.locator('.le-msg--ok')).toContainText('Đã lưu lịch');
  for (const [i, w] of walls.entries()) await w.screenshot({ path: join(ART, `display-${IDS[i]}.png`) });
});

/** Same entries ('x,y,wxh label'), every number within `px`. */
function expectWithinPx(a: string[], b: string[], px: number): void {
  expect(a.length).toBe(b.length);
  const nums = (x: string) => (x.match(/-?\d+/g) ?? []).map(Number);
  a.forEach((x, i) => {
    const [p, q] = [nums(x), nums(b[i]!)];
    expect(p.length, `${x} vs ${b[i]}`).toBe(q.length);
    p.forEach((v, k) => expect(Math.abs(v - q[k]!), `${x} vs ${b[i]}`).toBeLessThanOrEqual(px));
  });
}

/** Compares two PNGs in the browser (no image library needed): share of pixels that differ. */
async function comparePng(page: Page, a: Buffer, b: Buffer): Promise<{ pixels: number; differentShare: number }> {
  return page.evaluate(
    async ([a64, b64]) => {
      const load = async (s: string) => {
        const img = new Image();
        img.src = `data:image/png;base64,${s}`;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.width;
        c.height = img.height;
        const ctx = c.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        return ctx.getImageData(0, 0, c.width, c.height);
      };
      const [ia, ib] = await Promise.all([load(a64!), load(b64!)]);
      const { width, height } = ia;
      const x = ia.data;
      const y = ib.data;
      // A pixel matches when the other image has a close colour within 1 px of it: Leaflet rounds
      // pane offsets to whole pixels, so anti-aliased edges may sit 1 px apart on the two pages.
      // A real break at the seam moves content by the bezel (tens of px) and still fails.
      const close = (i: number, j: number) =>
        Math.abs(x[i]! - y[j]!) + Math.abs(x[i + 1]! - y[j + 1]!) + Math.abs(x[i + 2]! - y[j + 2]!) <= 24;
      let diff = 0;
      for (let py = 0; py < height; py++) {
        for (let px = 0; px < width; px++) {
          const i = (py * width + px) * 4;
          let ok = false;
          for (let dy = -1; dy <= 1 && !ok; dy++) {
            for (let dx = -1; dx <= 1 && !ok; dx++) {
              const qx = px + dx;
              const qy = py + dy;
              if (qx >= 0 && qy >= 0 && qx < width && qy < height) ok = close(i, (qy * width + qx) * 4);
            }
          }
          if (!ok) diff++;
        }
      }
      return { pixels: width * height, differentShare: diff / (width * height) };
    },
    [a.toString('base64'), b.toString('base64')],
  );
}
