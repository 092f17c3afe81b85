/**
 * A cold wall display asks for its whole first frame when the page starts, before the wall's
 * code has loaded (renderer/boot/start.ts, renderer/wall/prefetch.ts, first-queries.ts): with the
 * wall route's chunk held back, the page still sends layout.active, the areas, host info,
 * freshness, alerts and exactly the view queries its panels will use. Once the code arrives the
 * panels paint from those answers and ask none of them again, and the display goes live:
 * a value changed through the host reaches the panel. Checked on both displays of the default
 * 2×1 wall, each in its own fresh context (empty HTTP cache and IndexedDB).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { serve, type Served } from './serve';
import { holdWallCode } from './support/hold-wall-code';
import { AHEAD_SETTLE_MS } from '../../renderer/wall/ahead';

const ART = join(import.meta.dirname, '../../artifacts/e2e');
// The canvas on screen: the presets a display prepares ahead are mounted beside it, hidden.
const SHOWN = '.wall-canvas:not(.wall-canvas--hidden)';
const vi0 = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });

let s: Served;
test.describe.configure({ mode: 'serial' });
test.setTimeout(120_000);

test.beforeAll(async () => {
  mkdirSync(ART, { recursive: true });
  s = await serve();
});
test.afterAll(async () => {
  await s?.close();
});

interface Frames {
  sent: { id: number; method: string; params: unknown }[];
  answered: Set<number>;
}

function watchFrames(page: Page): Frames {
  const f: Frames = { sent: [], answered: new Set() };
  page.on('websocket', (ws) => {
    ws.on('framesent', (e) => {
      const m = JSON.parse(String(e.payload)) as { type: string; id: number; method: string; params: unknown };
      if (m.type === 'request' && m.id > 0) f.sent.push({ id: m.id, method: m.method, params: m.params });
    });
    ws.on('framereceived', (e) => {
      const m = JSON.parse(String(e.payload)) as { type: string; id?: number };
      if ((m.type === 'response' || m.type === 'error') && typeof m.id === 'number') f.answered.add(m.id);
    });
  });
  return f;
}

/** A view query as the cache keys it: ['view', domain, view, areaId, period]. */
const viewKeyOf = (p: { domain: string; view: string; areaId?: string; period?: string }) =>
  JSON.stringify(['view', p.domain, p.view, p.areaId ?? null, p.period ?? null]);
const viewsSent = (f: Frames) =>
  f.sent.filter((r) => r.method === 'view.query').map((r) => viewKeyOf(r.params as Parameters<typeof viewKeyOf>[0]));

/** The view queries the display's canvas on screen uses, as its offline cache records them. */
async function viewsUsed(page: Page, displayId: string): Promise<string[]> {
  return page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open('ioc-wall-cache');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    if (!db.objectStoreNames.contains('wall')) return [];
    const all = await new Promise<{ key: unknown[] }[]>((ok, fail) => {
      const r = db.transaction('wall').objectStore('wall').getAll(IDBKeyRange.bound(`${id}|q|`, `${id}|q|\uffff`));
      r.onsuccess = () => ok(r.result as { key: unknown[] }[]);
      r.onerror = () => fail(r.error);
    });
    db.close();
    return all.filter((e) => e.key[0] === 'view').map((e) => JSON.stringify(e.key));
  }, displayId);
}

for (const displayId of ['d1', 'd2']) {
  test(`${displayId}: the first frame is asked for before the wall's code runs, painted from it, then live`, async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, serviceWorkers: 'block' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    const frames = watchFrames(page);
    // Hold the wall route's code back: whatever the page asks for meanwhile, its start asked.
    const release = await holdWallCode(page);
    await page.goto(s.wallUrl(displayId));

    // Everything the start asked is answered, the views included (sent as soon as the layout came).
    await expect
      .poll(() => {
        const methods = new Set(frames.sent.map((r) => r.method));
        const all = ['layout.active', 'areas.list', 'host.info', 'freshness.list', 'alerts.list', 'view.query'].every((m) => methods.has(m));
        return all && frames.sent.every((r) => frames.answered.has(r.id));
      }, { timeout: 30_000 })
      .toBe(true);
    await expect(page.locator('.wall-root')).toHaveCount(0); // the wall's code has not run
    // The layout first: the host answers a connection's requests in order, and the views and
    // the panels' code wait for it, not for the districts' boundaries (its largest answer).
    expect(frames.sent.slice(0, 5).map((r) => r.method)).toEqual(['layout.active', 'host.info', 'freshness.list', 'alerts.list', 'areas.list']);
    const predicted = viewsSent(frames);
    expect(new Set(predicted).size).toBe(predicted.length); // each once

    release();
    const root = page.locator('.wall-root');
    await expect(root).toHaveAttribute('data-wall-ready', 'true', { timeout: 45_000 });
    await expect(root).toHaveAttribute('data-display-id', displayId);
    // The panels painted from the start's answers: not one of them asked again. Views outside the
    // prediction may follow once the display has painted: the presets it prepares ahead at idle
    // (renderer/wall/ahead.ts) ask for their own; what the canvas on screen uses is checked below.
    const sentOnce = viewsSent(frames);
    for (const key of predicted) expect(sentOnce.filter((k) => k === key), key).toHaveLength(1);
    // And the start asked for exactly what the panels use: no less (above), no more (the
    // offline cache keeps the answers of the canvas on screen, written a second after they settle).
    await expect.poll(async () => (await viewsUsed(page, displayId)).sort(), { timeout: 20_000 }).toEqual([...predicted].sort());
    await page.screenshot({ path: join(ART, `wall-first-frame-${displayId}.png`) });

    // Live: what the host changes reaches this display. Each display has a health panel or
    // an economy panel in the default layout (overview); d1 also checks an exact figure.
    if (displayId === 'd1') {
      const tile = page.locator(`${SHOWN} [data-tile-id][data-panel="economy"]`);
      const value = tile.locator('[data-kpi="economy.grdp"] .kpi__value [data-value]');
      await expect(value).not.toHaveText('–');
      const kpis = tile.locator('.kpis');
      const from = (await kpis.getAttribute('data-from'))!;
      const to = (await kpis.getAttribute('data-to'))!;
      const sum = () =>
        s
          .db()
          .prepare(`SELECT total(value) FROM observations WHERE indicator = 'economy.grdp' AND area_id = '70' AND length(period) = 7 AND period BETWEEN ? AND ?`)
          .pluck()
          .get(from, to) as number;
      await expect(value).toHaveText(vi0.format(sum()));
      const old = s.db().prepare(`SELECT value FROM observations WHERE indicator = 'economy.grdp' AND area_id = '70' AND period = ?`).pluck().get(to) as number;
      await s.call('observation.put', { domain: 'economy', indicator: 'economy.grdp', areaId: '70', period: to, value: old + 777, source: 'e2e', updatedAt: new Date().toISOString() });
      await expect(value).toHaveText(vi0.format(sum()));
    } else {
      // Health's source last writing two days ago (its threshold is a day): the panel dims.
      const health = page.locator(`${SHOWN} [data-tile-id][data-panel="health"] .panel`);
      await expect(health).not.toHaveAttribute('data-stale', 'true');
      await s.call('observation.put', {
        domain: 'health',
        indicator: 'health.beds',
        areaId: '70',
        period: '2015',
        value: 1,
        source: 'e2e',
        updatedAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
      });
      await expect(health).toHaveAttribute('data-stale', 'true');
    }
    expect(errors).toEqual([]);
    await context.close();
  });
}

test("a cold display loads its code in one round: every script it runs is named in the wall's shell", async ({ browser }) => {
  // Each file is a request through Chromium's browser and network processes (~6 ms of CPU each
  // on a 2-core wall machine, tools/build/wall-chunk.ts); one fetched only once the layout is
  // known also waits for that answer.
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const shell = await (await page.request.get(s.wallUrl('d1'))).text();
  const named = new Set([...shell.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!));
  await page.goto(s.wallUrl('d1'));
  await expect(page.locator('.wall-root')).toHaveAttribute('data-wall-ready', 'true', { timeout: 60_000 });
  const scripts = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => new URL(e.name).pathname)
      .filter((p) => p.startsWith('/assets/') && p.endsWith('.js'))
      .map((p) => p.slice('/assets/'.length)),
  );
  expect(scripts.filter((f) => !named.has(f))).toEqual([]);
  expect(scripts.length).toBeLessThanOrEqual(12);
  // The wall's chunk tells V8 to compile all of it while it streams in (tools/build/wall-chunk.ts).
  const wall = scripts.find((f) => /^wall-[^/]+\.js$/.test(f));
  expect(wall).toBeDefined();
  expect(await (await page.request.get(`${new URL(s.wallUrl('d1')).origin}/assets/${wall}`)).text()).toMatch(/^\/\/# allFunctionsCalledOnLoad$/m);
  await context.close();
});

test(`the presets ahead are prepared no sooner than ${AHEAD_SETTLE_MS} ms after the display's first frame`, async ({ browser }) => {
  // The wall's other displays paint their first frame meanwhile, on the same cores.
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  // When the page first showed data-wall-ready, and when its first hidden canvas was mounted.
  await page.addInitScript(() => {
    const marks: Record<string, number> = {};
    (globalThis as unknown as { __marks: Record<string, number> }).__marks = marks;
    new MutationObserver(() => {
      if (marks.ready === undefined && document.querySelector('[data-wall-ready="true"]')) marks.ready = performance.now();
      if (marks.hidden === undefined && document.querySelector('.wall-canvas--hidden')) marks.hidden = performance.now();
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-wall-ready', 'class'] });
  });
  await page.goto(s.wallUrl('d1'));
  await expect(page.locator('.wall-canvas--hidden').first()).toBeAttached({ timeout: 60_000 });
  const marks = await page.evaluate(() => (globalThis as unknown as { __marks: Record<string, number> }).__marks);
  expect(marks.ready).toBeDefined();
  expect(marks.hidden! - marks.ready!).toBeGreaterThanOrEqual(AHEAD_SETTLE_MS);
  await context.close();
});
