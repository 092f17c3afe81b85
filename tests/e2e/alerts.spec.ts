/**
 * Alerting end to end, against a real `ioc-wall serve` fed by the endpoint simulator, with both
 * displays of the 2×1 wall and the console open in Debian's Chromium:
 * - the simulator pushes one station past VN_AQI 200 → after the next sync the severe band is
 *   on BOTH wall displays (timed: batch commit → band painted on both, several samples);
 * - the rule asks the console before switching the wall; the operator confirms; both displays
 *   switch to "Ứng phó khẩn cấp" drilled to that district;
 * - acknowledging with a note clears the band; resolving gives the wall back to the schedule;
 * - a CAP warning with markup in its headline: drawn on the alerts tile's map, text literal;
 *   its Cancel removes it.
 * Screenshots: artifacts/alerts/*.png. Latencies: artifacts/alerts/latency.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startSim, type Sim } from '../../tools/endpoint-sim/server';
import { serveAgainstSim, type SimServe } from './support/sim-serve';

const ROOT = resolve(import.meta.dirname, '../..');
const ART = join(ROOT, 'artifacts/alerts');
const TOKEN = 'e2e-alerts-token-0123456789';

let sim: Sim;
let h: SimServe | undefined;
let walls: Record<'d1' | 'd2', Page>;
let consolePage: Page;
let previewPage: Page;
const errors: string[] = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  mkdirSync(ART, { recursive: true });
  sim = await startSim({ events: 20, now: Date.now() });
  h = await serveAgainstSim(sim, {
    token: TOKEN,
    tmpPrefix: 'ioc-e2e-alerts-',
    configure(cfg) {
      // Only what this spec watches: air quality and CAP warnings, synced when asked.
      cfg.feeds = cfg.feeds.filter((f: { id: string }) => f.id === 'aqi-sensorthings' || f.id === 'warnings-cap');
      for (const f of cfg.feeds) Object.assign(f, { retries: 0, interval: 3_600_000 });
      cfg.alerts = {
        bundled: false,
        rules: [
          {
            id: 'aqi-spike', name: 'Không khí Rất xấu (VN_AQI ≥ 201)', nameEn: 'Air quality Very bad', kind: 'threshold',
            figure: { type: 'aqi' }, op: '>=', value: 201, consecutive: 1, scope: 'district', severity: 'severe', clearAfterMinutes: 0,
            wall: { presetId: 'emergency', mode: 'confirm', until: 'cleared' },
          },
          { id: 'cap', name: 'Cảnh báo thiên tai', kind: 'cap', minSeverity: 'Severe', scope: 'district', severity: 'warning' },
        ],
      };
    },
  });
  const ctx = await h.browser.newContext({ viewport: { width: 1920, height: 1080 } });
  walls = { d1: await ctx.newPage(), d2: await ctx.newPage() };
  for (const [id, page] of Object.entries(walls)) {
    page.on('pageerror', (e) => errors.push(`${id}: ${e.message}`));
    await page.goto(`${h.base}/wall?display=${id}&token=${TOKEN}`);
    await expect(page.locator('.wall-root')).toHaveAttribute('data-wall-ready', 'true', { timeout: 45_000 });
  }
  const cctx = await h.browser.newContext({ viewport: { width: 1600, height: 1000 } });
  consolePage = await cctx.newPage();
  consolePage.on('pageerror', (e) => errors.push(`console: ${e.message}`));
  await consolePage.goto(`${h.base}/console?tab=alerts&token=${TOKEN}`);
  await expect(consolePage.locator('[data-inbox]')).toBeVisible({ timeout: 30_000 });
});

test.afterAll(async () => {
  await (h ? h.close() : sim?.close());
});

const band = (p: Page) => p.locator('[data-alert-band]');
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)]!;

test('a spike past 200 puts the severe band on both wall displays after the next sync', async () => {
  await h!.call('feeds.runNow', { id: 'aqi-sensorthings' });
  await expect(band(walls.d1)).toHaveCount(0);
  const samples: number[] = [];
  // One district after another: each spike is a new alert (one per rule and district).
  for (const district of ['697', '689', '690', '694', '695']) {
    await fetch(`${sim.url}/admin/scenario?kind=aqiSpike&station=${district}&value=450`);
    const before = await band(walls.d1).getAttribute('data-alert-band').catch(() => null);
    await h!.call('feeds.runNow', { id: 'aqi-sensorthings' });
    // The run's answer comes after its batch commit: time from there to the band on both displays.
    const t0 = Date.now();
    await Promise.all(
      (['d1', 'd2'] as const).map((d) =>
        expect
          .poll(async () => ((await band(walls[d]).getAttribute('data-alert-band', { timeout: 100 }).catch(() => null)) ?? '') !== (before ?? ''), {
            timeout: 10_000,
            intervals: [10],
          })
          .toBe(true),
      ),
    );
    samples.push(Date.now() - t0);
    if (district === '697') {
      for (const d of ['d1', 'd2'] as const) {
        await expect(band(walls[d])).toContainText('NGHIÊM TRỌNG');
        await expect(band(walls[d])).toContainText('⛔');
        await walls[d].screenshot({ path: join(ART, `band-${d}.png`) });
      }
    }
  }
  // Same-run baseline: one HostApi round trip (a fresh WebSocket, as the test calls the host).
  const rtt: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = Date.now();
    await h!.call('host.info', {});
    rtt.push(Date.now() - t);
  }
  const baseline = [...rtt].sort((a, b) => a - b)[2]!;
  writeFileSync(
    join(ART, 'latency.json'),
    JSON.stringify({ samples, p95: p95(samples), baseline: { name: 'HostApi round trip p50 (new WebSocket)', ms: baseline }, ratio: p95(samples) / Math.max(1, baseline) }, null, 2),
  );
  expect(p95(samples)).toBeLessThanOrEqual(1000);

  // The console's live preview shows the band where the displays draw it, over the top row.
  // Its own context: a second page of the console's would hide the console's tab, whose
  // animation frames (what Playwright's clicks wait on) then stop.
  previewPage = await (await h!.browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage();
  previewPage.on('pageerror', (e) => errors.push(`preview: ${e.message}`));
  await previewPage.goto(`${h!.base}/console?tab=preview&token=${TOKEN}`);
  await expect(previewPage.locator('.preview [data-alert-band]')).toContainText('NGHIÊM TRỌNG');
  await previewPage.screenshot({ path: join(ART, 'band-preview.png') });
});

test('the rule asks the console; confirmed, the wall shows the emergency preset drilled to the district', async () => {
  const row = consolePage.locator('[data-inbox-row][data-rule="aqi-spike"][data-area="697"]');
  await expect(row).toHaveAttribute('data-takeover', 'pending', { timeout: 10_000 });
  await row.click();
  await expect(consolePage.locator('[data-wall-ask]')).toBeVisible();
  await consolePage.screenshot({ path: join(ART, 'console-ask.png') });
  await consolePage.locator('[data-action="wall-yes"]').click();
  for (const d of ['d1', 'd2'] as const) {
    await expect(walls[d].locator('.wall-root')).toHaveAttribute('data-layout-id', 'emergency', { timeout: 15_000 });
    await expect(walls[d].locator('.wall-root')).toHaveAttribute('data-wall-ready', 'true', { timeout: 30_000 });
  }
  const active = await h!.call<{ layout: { tiles: { panel: string; options: { areaId?: string } }[] }; resolution: { reason: string } }>('layout.active', {});
  expect(active.resolution.reason).toBe('alert');
  expect(active.layout.tiles.filter((t) => t.panel === 'environment').every((t) => t.options.areaId === '697')).toBe(true);
  await walls.d1.screenshot({ path: join(ART, 'emergency-d1.png') });

  // Jump from the inbox to the panel drilled to the district.
  await consolePage.locator('[data-action="jump"]').click();
  await expect(consolePage.locator('[data-jump-panel="environment"][data-jump-area="697"]')).toBeVisible();
});

test('acknowledging with a note clears the band; resolving gives the wall back to the schedule', async () => {
  // Acknowledge every severe alert from the console, each with a note.
  for (;;) {
    const first = consolePage.locator('[data-inbox-row][data-state="raised"]').first();
    if ((await first.count()) === 0) break;
    const id = await first.getAttribute('data-inbox-row');
    const row = consolePage.locator(`[data-inbox-row="${id}"]`);
    await row.click();
    await consolePage.locator('[data-action="ack"]').click();
    await consolePage.locator('textarea[name="note"]').fill('Đã cử tổ kiểm tra <b>ngay</b>');
    await consolePage.locator('[data-action="save"]').click();
    await expect(row).toHaveAttribute('data-state', 'acknowledged', { timeout: 10_000 });
  }
  for (const d of ['d1', 'd2'] as const) await expect(band(walls[d])).toHaveCount(0, { timeout: 10_000 });
  await expect(band(previewPage)).toHaveCount(0, { timeout: 10_000 });
  await previewPage.context().close();
  const detail = consolePage.locator('[data-inbox-detail]');
  await expect(detail).toContainText('Đã cử tổ kiểm tra <b>ngay</b>');

  const row = consolePage.locator('[data-inbox-row][data-rule="aqi-spike"][data-area="697"]');
  await row.click();
  await consolePage.locator('[data-action="resolve"]').click();
  await consolePage.locator('textarea[name="note"]').fill('Đã xử lý nguồn khói');
  await consolePage.locator('[data-action="save"]').click();
  for (const d of ['d1', 'd2'] as const) {
    await expect(walls[d].locator('.wall-root')).not.toHaveAttribute('data-layout-id', 'emergency', { timeout: 15_000 });
  }
  const active = await h!.call<{ resolution: { reason: string } }>('layout.active', {});
  expect(['schedule', 'default']).toContain(active.resolution.reason);
});

test('a CAP warning is drawn on the alerts tile map with its text literal; its Cancel removes it', async () => {
  const headline = 'Lốc xoáy <script>alert(1)</script> tại Đồng Xoài';
  const { identifier } = (await (await fetch(`${sim.url}/admin/scenario?kind=capWarning&district=689&headline=${encodeURIComponent(headline)}`)).json()) as {
    identifier: string;
  };
  await h!.call('feeds.runNow', { id: 'warnings-cap' });
  // A large alerts tile on the whole wall shows the warning and its area.
  await h!.call('preset.save', {
    layout: { id: 'e2e-alerts', name: 'E2E cảnh báo', wallId: 'main', tiles: [{ id: 'al', panel: 'alerts', view: '', options: {}, rect: { x: 8, y: 8, w: 1920, h: 1080 } }] },
  });
  await h!.call('preset.activate', { id: 'e2e-alerts', until: 'release' });
  const tile = walls.d1.locator('[data-tile-id="al"]');
  await expect(tile.locator('[data-map-shapes="1"]')).toBeVisible({ timeout: 15_000 });
  await expect(tile.locator('[data-cap-warnings="1"]')).toContainText(headline);
  await expect(tile).toHaveAttribute('data-painted', 'true', { timeout: 15_000 });
  // The warning's polygon is a path drawn by Leaflet on the map.
  expect(await tile.locator('.leaflet-overlay-pane path, .leaflet-overlay-pane canvas').count()).toBeGreaterThan(0);
  await walls.d1.screenshot({ path: join(ART, 'cap-map.png') });

  await fetch(`${sim.url}/admin/scenario?kind=capCancel&id=${identifier}`);
  await h!.call('feeds.runNow', { id: 'warnings-cap' });
  await expect(tile.locator('[data-map-shapes="1"]')).toHaveCount(0, { timeout: 15_000 });
  await h!.call('layout.release', {});
  expect(errors).toEqual([]);
});

test('an admin edits a rule in the console: problems listed by path, then saved', async () => {
  await consolePage.locator('[data-rules] summary').click();
  const row = consolePage.locator('[data-rule-id="cap"]');
  await expect(row).toHaveAttribute('data-source', 'config');
  await row.locator('[data-action="edit-rule"]').click();
  const editor = consolePage.locator('textarea[name="rule-json"]');
  await editor.fill(JSON.stringify({ id: 'cap', name: 'Cảnh báo thiên tai', kind: 'cap', minSeverity: 'Huge', clearAfterMinutes: -5 }));
  await consolePage.locator('[data-action="save-rule"]').click();
  const problems = consolePage.locator('[data-rule-problems]');
  await expect(problems).toContainText('minSeverity');
  await expect(problems).toContainText('clearAfterMinutes');
  await consolePage.screenshot({ path: join(ART, 'console-rules.png') });
  await editor.fill(JSON.stringify({ id: 'cap', name: 'Cảnh báo thiên tai', kind: 'cap', minSeverity: 'Extreme' }));
  await consolePage.locator('[data-action="save-rule"]').click();
  await expect(problems).toHaveCount(0);
  await expect(row).toHaveAttribute('data-source', 'console');
  expect(errors).toEqual([]);
});
