import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test, type Browser, type BrowserContext, type CDPSession, type Locator, type Page } from '@playwright/test';
import { serve, type Served } from './serve';

/**
 * Defects of the kiosk, the console and the wall found by a UI audit (4 Dec 2026), each checked
 * the way a person meets it: a pinch off the kiosk's map (real touch events through CDP) never
 * zooms the page; with the host down the connection banner covers no control and no alert
 * headline; the severe-alert band hides no tile's title; kiosk clusters' targets never overlap;
 * map names keep off the zoom buttons and the stations; the zoom buttons speak the page's
 * language; the console names a leader's request in its own language; the kiosk's toast covers
 * nothing; a change says "tốt hơn"/"kém hơn" in words; the VN_AQI legend is in band order.
 * Screenshots: artifacts/ui-defects/.
 */

const shots = resolve(import.meta.dirname, '../../artifacts/ui-defects');
let s: Served;

test.beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  s = await serve();
});
test.afterAll(async () => {
  await s?.close();
});

interface R {
  left: number;
  top: number;
  right: number;
  bottom: number;
}
const overlaps = (a: R, b: R) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
const rectsOf = (l: Locator): Promise<(R & { text: string })[]> =>
  l.evaluateAll((els) =>
    els
      .map((e) => ({ r: e.getBoundingClientRect(), text: (e.textContent ?? '').trim().slice(0, 40) }))
      .filter(({ r }) => r.width > 0 && r.height > 0)
      .map(({ r, text }) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom, text })),
  );

/** Frames, not time: the browser has applied what the input before this asked for. */
const frames = (page: Page, n = 10) =>
  page.evaluate((k) => new Promise<void>((done) => {
    let left = k;
    const step = () => (--left <= 0 ? done() : requestAnimationFrame(step));
    requestAnimationFrame(step);
  }), n);

async function phone(browser: Browser, width = 390, height = 844): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport: { width, height }, hasTouch: true, isMobile: true, deviceScaleFactor: 1, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  return { ctx, page: await ctx.newPage() };
}

async function kioskHome(page: Page, served = s) {
  await page.goto(`${served.kioskUrl}&idle=600`);
  await expect(page.locator('[data-kiosk-home]')).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.ktile[data-headline="loading"]')).toHaveCount(0, { timeout: 30_000 });
}

async function openDomain(page: Page, id: string) {
  await page.locator(`.ktile[data-domain="${id}"]`).tap();
  await expect(page.locator(`[data-kiosk-panel="${id}"][data-painted="true"]`)).toBeVisible({ timeout: 30_000 });
}

async function pinchOut(cdp: CDPSession, cx: number, cy: number, from: number, to: number, steps = 10) {
  const pts = (d: number) => [
    { x: cx - d, y: cy, id: 1 },
    { x: cx + d, y: cy, id: 2 },
  ];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: pts(from) });
  for (let i = 1; i <= steps; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: pts(from + ((to - from) * i) / steps) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

/** The control whose centre is `l`: what a tap there reaches is the control itself (or inside it). */
const hitsItself = (l: Locator) =>
  l.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return top !== null && (top === el || el.contains(top));
  });

test('1: a pinch off the kiosk map never zooms the page; the map still zooms', async ({ browser }) => {
  const { ctx, page } = await phone(browser);
  await kioskHome(page);
  const cdp = await ctx.newCDPSession(page);
  const scale = () => page.evaluate(() => visualViewport?.scale ?? 1);

  // On the home grid, between the tiles.
  await pinchOut(cdp, 195, 500, 30, 170);
  await frames(page);
  expect(await scale(), 'pinch on the home grid').toBe(1);

  // In a domain: on the figures beside the map, on the header.
  await openDomain(page, 'traffic');
  const view = (await page.locator('.kdetail__view').boundingBox())!;
  await pinchOut(cdp, view.x + view.width / 2, view.y + Math.min(60, view.height / 2), 30, 170);
  await frames(page);
  expect(await scale(), 'pinch on the figures').toBe(1);
  await pinchOut(cdp, 195, 40, 20, 150);
  await frames(page);
  expect(await scale(), 'pinch on the header').toBe(1);
  await expect(page.locator('[data-action="home"]')).toBeInViewport();

  // The map is the one place that zooms.
  const map = page.locator('.kmap .leaflet-container');
  const zoomOf = () => map.evaluate((m) => Number((m as HTMLElement).dataset.labelsAt?.split('@')[1]));
  const z0 = await zoomOf();
  const mb = (await map.boundingBox())!;
  await pinchOut(cdp, mb.x + mb.width / 2, mb.y + mb.height / 2, 30, 120);
  await expect.poll(zoomOf, { timeout: 10_000 }).toBeGreaterThan(z0 + 0.3);
  expect(await scale()).toBe(1);
  expect(await page.locator('.kiosk2').evaluate((e) => getComputedStyle(e).touchAction)).toBe('pan-x pan-y');
  expect(await page.locator('.kdetail__view').evaluate((e) => getComputedStyle(e).touchAction)).toBe('pan-x pan-y');
  expect(await page.locator('meta[name="viewport"]').getAttribute('content')).toMatch(/maximum-scale=1.*user-scalable=no/);
  await page.screenshot({ path: join(shots, 'kiosk-390-after-pinches.png') });
  await ctx.close();
});

test('9: a long press on the kiosk opens no context menu', async ({ browser }) => {
  const { ctx, page } = await phone(browser);
  await kioskHome(page);
  const press = (sel: string) =>
    page.locator(sel).first().evaluate((el) => {
      const e = new MouseEvent('contextmenu', { bubbles: true, cancelable: true });
      el.dispatchEvent(e);
      return e.defaultPrevented;
    });
  expect(await press('.ktile')).toBe(true);
  await openDomain(page, 'economy');
  expect(await press('.kcard')).toBe(true);
  await ctx.close();
});

/** Opens each domain at each size and calls `check` on its painted detail view. */
async function eachDetail(browser: Browser, sizes: [number, number, string[]][], check: (page: Page, what: string, domain: string) => Promise<void>) {
  for (const [w, h, domains] of sizes) {
    const { ctx, page } = await phone(browser, w, h);
    await kioskHome(page);
    for (const d of domains) {
      if (d !== domains[0]) {
        await page.locator('[data-action="home"]').tap();
        await expect(page.locator('[data-kiosk-home]')).toBeVisible();
      }
      await openDomain(page, d);
      await expect(page.locator('.kmap .leaflet-container')).toHaveAttribute('data-labels', /\d+\/\d+/);
      await frames(page, 3);
      await check(page, `${w}x${h} ${d}`, d);
      await page.screenshot({ path: join(shots, `kiosk-${w}x${h}-${d}.png`) });
    }
    await ctx.close();
  }
}

test('4: kiosk cluster targets never overlap, and a tap on a disc reaches its own', async ({ browser }) => {
  await eachDetail(
    browser,
    [
      [390, 844, ['urbanOrder', 'hotline', 'traffic']],
      [768, 1024, ['hotline', 'education', 'traffic', 'land']],
      [1080, 1920, ['hotline', 'education', 'traffic', 'land']],
    ],
    async (page, what) => {
      const targets = await rectsOf(page.locator('.kmap .leaflet-marker-icon'));
      for (let i = 0; i < targets.length; i++)
        for (let j = i + 1; j < targets.length; j++)
          expect(overlaps(targets[i]!, targets[j]!), `${what}: clusters ${targets[i]!.text} and ${targets[j]!.text} overlap`).toBe(false);
      const own = await page.locator('.kmap .cluster-icon').evaluateAll((els) =>
        els.map((ic) => {
          const r = ic.getBoundingClientRect();
          const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          return hit !== null && hit.closest('.leaflet-marker-icon') === ic.closest('.leaflet-marker-icon');
        }),
      );
      expect(own.every(Boolean), `${what}: a tap on a disc opens another`).toBe(true);
    },
  );
});

test('5: map names keep off the zoom buttons and the air stations', async ({ browser }) => {
  const view = await s.call<{ points: { type: string; lat: number; lon: number }[] }>('view.query', { domain: 'environment', view: 'map' });
  const stations = view.points.filter((p) => p.type === 'station');
  await eachDetail(
    browser,
    [
      [390, 844, ['economy', 'environment', 'publicAdmin']],
      [768, 1024, ['economy', 'environment']],
    ],
    async (page, what, d) => {
      const labels = await rectsOf(page.locator('.kmap .map-label:not(.map-label--hidden)'));
      const controls = await rectsOf(page.locator('.kmap .leaflet-control'));
      expect(controls.length).toBeGreaterThan(0);
      for (const l of labels) for (const c of controls) expect(overlaps(l, c), `${what}: "${l.text}" under the zoom buttons`).toBe(false);
      if (d !== 'environment') return;
      const discs = await page.locator('.kmap .leaflet-container').evaluate((m, pts) => {
        const at = (m as HTMLElement & { iocPointAt(lat: number, lon: number): { x: number; y: number } }).iocPointAt;
        const r = m.getBoundingClientRect();
        // A station's circle: 12 px, its outline 2 px.
        return pts
          .map((p) => at(p.lat, p.lon))
          .filter((p) => p.x > r.left && p.x < r.right && p.y > r.top && p.y < r.bottom)
          .map((p) => ({ left: p.x - 13, top: p.y - 13, right: p.x + 13, bottom: p.y + 13 }));
      }, stations);
      expect(discs.length).toBeGreaterThan(0);
      for (const l of labels) for (const c of discs) expect(overlaps(l, c), `${what}: "${l.text}" over a station`).toBe(false);
    },
  );
});

test('6: the zoom buttons are titled in the page language', async ({ browser }) => {
  const { ctx, page } = await phone(browser);
  await kioskHome(page);
  await openDomain(page, 'traffic');
  const zin = page.locator('.kmap .leaflet-control-zoom-in');
  const zout = page.locator('.kmap .leaflet-control-zoom-out');
  await expect(zin).toHaveAttribute('title', 'Phóng to');
  await expect(zin).toHaveAttribute('aria-label', 'Phóng to');
  await expect(zout).toHaveAttribute('title', 'Thu nhỏ');
  await page.locator('.khead__lang [data-lang="en"]').tap();
  await expect(zin).toHaveAttribute('title', 'Zoom in');
  await expect(zout).toHaveAttribute('aria-label', 'Zoom out');
  await ctx.close();
});

test('11: the VN_AQI legend lists the bands in order, one marker each', async ({ browser }) => {
  const { ctx, page } = await phone(browser, 1280, 800);
  await kioskHome(page);
  await openDomain(page, 'environment');
  const items = await page.locator('.kmap .legend li').allTextContents();
  const bands = ['Tốt', 'Trung bình', 'Kém', 'Xấu', 'Rất xấu', 'Nguy hại'];
  const order = items.map((t) => bands.findIndex((b) => t.replace(/^[●▲◆■✖☠]\s*/, '').startsWith(`${b} (`))).filter((i) => i >= 0);
  expect(order.length).toBeGreaterThan(1);
  expect(order).toEqual([...order].sort((a, b) => a - b));
  for (const t of items) expect(t).not.toMatch(/[●▲◆■✖☠]/);
  await ctx.close();
});

test('10: a change says better or worse in words, not in colour alone', async ({ browser }) => {
  const { ctx, page } = await phone(browser);
  await kioskHome(page);
  const words = async (scope: string) => {
    const good = await page.locator(`${scope}.is-good`).allTextContents();
    const bad = await page.locator(`${scope}.is-bad`).allTextContents();
    for (const t of good) expect(t, scope).toContain('tốt hơn');
    for (const t of bad) expect(t, scope).toContain('kém hơn');
    return good.length + bad.length;
  };
  expect(await words('.ktile__change')).toBeGreaterThan(2);
  await openDomain(page, 'urbanOrder');
  expect(await words('.kcard .ktile__change')).toBeGreaterThan(0);
  await page.locator('.ktabs [data-view="compare"]').tap();
  await expect(page.locator('.kcmp__list button').first()).toBeVisible();
  expect(await words('.kcmp__change')).toBeGreaterThan(0);
  await page.screenshot({ path: join(shots, 'kiosk-390x844-compare-words.png') });
  await page.locator('.khead__lang [data-lang="en"]').tap();
  for (const t of await page.locator('.kcmp__change.is-good').allTextContents()) expect(t).toContain('better');
  for (const t of await page.locator('.kcmp__change.is-bad').allTextContents()) expect(t).toContain('worse');
  await ctx.close();
});

test('8: the request toast is docked under Đưa lên tường and covers nothing', async ({ browser }) => {
  for (const [w, h] of [
    [390, 844],
    [1280, 800],
    [1920, 1080],
  ] as const) {
    const { ctx, page } = await phone(browser, w, h);
    await kioskHome(page);
    await openDomain(page, 'urbanOrder');
    await page.locator('[data-action="to-wall"]').tap();
    await page.locator('[data-action="confirm-wall"]').tap();
    const toast = page.locator('.ktoast');
    await expect(toast).toBeVisible();
    await frames(page, 3);
    const t = (await rectsOf(toast))[0]!;
    const view = (await rectsOf(page.locator('.kdetail__view')))[0]!;
    const under = await rectsOf(page.locator('.ktabs button, [data-action="to-wall"], .kdetail__area, .kmap'));
    for (const r of under) expect(overlaps(t, r), `${w}x${h}: the toast covers "${r.text}"`).toBe(false);
    // What the view shows (clipped by its scroll box) is never under the toast.
    for (const r of await rectsOf(page.locator('.kcard, .kov__chart'))) {
      const shown = { left: r.left, right: r.right, top: Math.max(r.top, view.top), bottom: Math.min(r.bottom, view.bottom) };
      if (shown.bottom > shown.top) expect(overlaps(t, shown), `${w}x${h}: the toast covers "${r.text}"`).toBe(false);
    }
    const side = (await rectsOf(page.locator('.kdetail__side')))[0]!;
    expect(t.left).toBeGreaterThanOrEqual(side.left - 1);
    expect(t.right).toBeLessThanOrEqual(side.right + 1);
    expect(t.bottom).toBeLessThanOrEqual(side.bottom + 1);
    expect(t.right - t.left).toBeGreaterThan((side.right - side.left) * 0.95);
    await page.screenshot({ path: join(shots, `kiosk-${w}x${h}-toast.png`) });
    await ctx.close();
  }
});

test('7: the console names a leader request in its own language, and the kiosk by a name', async ({ browser }) => {
  // A leader's request from a kiosk opened with the host's own credential (no node), its note
  // in the kiosk's language.
  const r = await s.call<{ id: string }>('wallRequest.create', { domain: 'publicAdmin', note: 'Hành chính công — Toàn tỉnh' });
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const desk = await ctx.newPage();
  await desk.goto(s.consoleUrl);
  const banner = desk.locator(`[data-request-banner="${r.id}"]`);
  await expect(banner).toContainText('“Máy kiosk”');
  await expect(banner).toContainText('Hành chính công — Toàn tỉnh');
  await expect(banner).not.toContainText('ws:');
  await desk.locator('.console__head [data-lang="en"]').click();
  await expect(banner).toContainText('Public administration — Whole province');
  await expect(banner).toContainText('“Kiosk”');
  await expect(banner).not.toContainText('Hành chính công');
  await desk.screenshot({ path: join(shots, 'console-request-en.png') });
  await s.call('wallRequest.decide', { id: r.id, approve: false });
  await ctx.close();
});

test('2: with the host down the banner covers no control and no alert headline', async ({ browser }) => {
  const host = await serve();
  let stopped = false;
  try {
    await host.call('wallRequest.create', { domain: 'publicAdmin' });
    const cctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const desk = await cctx.newPage();
    await desk.goto(host.consoleUrl);
    await expect(desk.locator('[data-action="banner-approve"]')).toBeVisible({ timeout: 30_000 });
    const k1 = await phone(browser, 390, 844);
    const k2 = await phone(browser, 1280, 800);
    for (const k of [k1, k2]) {
      await kioskHome(k.page, host);
      await k.page.locator('.ktile[data-domain="publicAdmin"]').tap();
      await expect(k.page.locator('[data-kiosk-panel="publicAdmin"][data-painted="true"]')).toBeVisible({ timeout: 30_000 });
    }
    const wctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const wall = await wctx.newPage();
    await wall.goto(host.wallUrl('d1'));
    await expect(wall.locator('.wall-root')).toHaveAttribute('data-wall-ready', 'true', { timeout: 45_000 });
    await expect(wall.locator('[data-alert-band]')).toBeVisible({ timeout: 30_000 });

    await host.close();
    stopped = true;
    for (const p of [desk, k1.page, k2.page, wall]) await expect(p.locator('[data-conn="down"]')).toBeVisible({ timeout: 30_000 });
    await frames(wall, 3);

    const faults: string[] = [];
    for (const [name, p] of [
      ['390x844', k1.page],
      ['1280x800', k2.page],
    ] as const) {
      await p.screenshot({ path: join(shots, `kiosk-${name}-host-down.png`) });
      for (const sel of ['[data-action="home"]', '[data-action="prev"]', '[data-action="next"]', '.khead__lang [data-lang="vi"]', '.khead__lang [data-lang="en"]']) {
        if (!(await hitsItself(p.locator(sel)))) faults.push(`kiosk ${name}: ${sel} is covered`);
      }
      const head = (await rectsOf(p.locator('.khead')))[0]!;
      const conn = (await rectsOf(p.locator('[data-conn="down"]')))[0]!;
      if (conn.top < head.bottom - 1) faults.push(`kiosk ${name}: the banner is over the header`);
      // One line on a phone.
      if (name === '390x844' && conn.bottom - conn.top >= 64) faults.push(`kiosk ${name}: the banner is ${conn.bottom - conn.top} px tall`);
    }
    await desk.screenshot({ path: join(shots, 'console-host-down.png') });
    for (const sel of ['.console__head [data-lang="vi"]', '.console__head [data-lang="en"]', '[data-action="banner-approve"]', '[data-action="banner-decline"]', '[data-action="banner-open"]']) {
      if (!(await hitsItself(desk.locator(sel)))) faults.push(`console: ${sel} is covered`);
    }
    await wall.screenshot({ path: join(shots, 'wall-host-down.png') });
    const headline = (await rectsOf(wall.locator('.alert-band__head')))[0]!;
    const conn = (await rectsOf(wall.locator('[data-conn="down"]')))[0]!;
    if (overlaps(headline, conn)) faults.push('wall: the banner covers the alert headline');
    expect(faults).toEqual([]);
  } finally {
    if (!stopped) await host.close();
  }
});

test('3: the severe-alert band hides no tile, and a tile across the seam still lines up under it', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const walls = { d1: await ctx.newPage(), d2: await ctx.newPage() };
  for (const [id, page] of Object.entries(walls)) {
    await page.goto(s.wallUrl(id));
    await expect(page.locator('.wall-root')).toHaveAttribute('data-wall-ready', 'true', { timeout: 45_000 });
    await expect(page.locator('[data-alert-band]')).toBeVisible({ timeout: 30_000 });
  }
  const clear = async (page: Page, what: string) => {
    const band = (await rectsOf(page.locator('.alert-band')))[0]!;
    for (const r of await rectsOf(page.locator('.wall-canvas:not(.wall-canvas--hidden) [data-tile-id]'))) {
      expect(overlaps(band, r), `${what}: the band covers the tile "${r.text}"`).toBe(false);
    }
  };
  await expect(walls.d1.locator('.wall-root')).toHaveAttribute('data-wall-ready', 'true');
  await clear(walls.d1, 'd1');
  await clear(walls.d2, 'd2');
  await walls.d1.screenshot({ path: join(shots, 'wall-d1-band.png') });

  // A map across the seam of d1 | d2: both halves at the same height, below the band.
  const active = await s.call<{ layout: { tiles: { panel: string; view: string; options: Record<string, unknown> }[] } }>('layout.active', {});
  const traffic = active.layout.tiles.find((x) => x.panel === 'traffic') ?? active.layout.tiles[0]!;
  await s.call('preset.save', {
    layout: {
      id: 'e2e-band-seam',
      name: 'E2E band seam',
      wallId: 'main',
      tiles: [{ id: 'seam', panel: traffic.panel, view: traffic.view, options: traffic.options, rect: { x: 968, y: 8, w: 1920, h: 700 } }],
    },
  });
  await s.call('preset.activate', { id: 'e2e-band-seam', until: 'release' });
  const halves = [];
  for (const page of [walls.d1, walls.d2]) {
    const tile = page.locator('.wall-canvas:not(.wall-canvas--hidden) [data-tile-id="seam"]');
    await expect(tile).toHaveAttribute('data-painted', 'true', { timeout: 30_000 });
    await clear(page, 'seam');
    halves.push((await tile.boundingBox())!);
    const map = (await tile.locator('.leaflet-container').boundingBox())!;
    expect(map.y + map.height).toBeLessThanOrEqual(halves.at(-1)!.y + halves.at(-1)!.height + 1);
  }
  expect(Math.abs(halves[0]!.y - halves[1]!.y)).toBeLessThan(1);
  expect(Math.abs(halves[0]!.height - halves[1]!.height)).toBeLessThan(1);
  await walls.d2.screenshot({ path: join(shots, 'wall-d2-seam-band.png') });
  await s.call('preset.release', {}).catch(() => undefined);
  await ctx.close();
});

test('12: a feed with a long one-word name keeps the feeds table on screen', async ({ browser }) => {
  // A 1 MB name made the table 22,675 px wide, its state column and Chạy ngay off screen. Names
  // are now at most 160 characters (sync/feeds/config.ts); the longest, one word, must wrap.
  const feeds = [
    { id: 'long', name: 'TrạmquantrắcTrạmquantrắc'.repeat(7).slice(0, 160), domain: 'environment', adapter: 'sensorthings', url: 'http://127.0.0.1:9/v1.1', enabled: false },
    { id: 'ok', name: 'Trạm ok', domain: 'environment', adapter: 'sensorthings', url: 'http://127.0.0.1:9/v1.1', enabled: false },
  ];
  const host = await serve({ config: { demo: false, feeds } });
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const desk = await ctx.newPage();
    await desk.goto(host.consoleUrl);
    await desk.locator('[data-tab="feeds"]').first().click();
    const run = desk.locator('[data-testid="run-long"]');
    await expect(run).toBeVisible();
    expect((await run.boundingBox())!.x + (await run.boundingBox())!.width).toBeLessThanOrEqual(1280);
    expect(await desk.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    await desk.screenshot({ path: join(shots, 'console-feed-long-name.png') });
  } finally {
    await ctx.close();
    await host.close();
  }
});
