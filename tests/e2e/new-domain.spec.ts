/**
 * An eleventh domain is a catalog file and a panel folder: this spec copies the repository's
 * files to a temporary folder, adds `domains/catalog/parks.ts` (with its line in list.ts) and
 * `renderer/panels/parks/index.tsx` with what it asks for in `renderer/panels/parks/asks.ts`,
 * and nothing else, builds that copy, serves it, and shows the new domain on a wall page in
 * Chromium: its overview (figures, trend, district bars), asked for by the wall's start before
 * the wall's code has loaded (from the folder's asks.ts), the trend view the catalog offers the
 * wall, and its tile in the kiosk's grid. The copy is deleted afterwards; nothing is
 * written into the repository. Screenshot: artifacts/new-domain/.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { displayViewport } from '../../layouts/geometry';
import type { Layout, Tile, Wall } from '../../layouts/model';
import { serve, type Served } from './serve';
import { holdWallCode } from './support/hold-wall-code';

const ROOT = resolve(import.meta.dirname, '../..');
const ART = join(ROOT, 'artifacts/new-domain');
const SHOWN = '.wall-canvas:not(.wall-canvas--hidden)';
const PARKS = 'parks' as string as Tile['panel']; // a panel kind only the copy knows

// The whole of the new domain: its catalog entry...
const CATALOG_FILE = `import { defineDomain, obs, t, U, V } from './shared';

/** Cây xanh đô thị: the green area and trees the towns keep. */
export const parks = defineDomain({
  id: 'parks',
  name: t('Cây xanh đô thị', 'Urban greenery'),
  shortName: t('Cây xanh', 'Greenery'),
  color: '#117733',
  icon: 'leaf',
  agency: t('Sở Xây dựng', 'Department of Construction'),
  staleAfterHours: 45 * 24,
  defaultTileView: 'trend',
  indicators: [
    { id: 'parks.greenArea', name: t('Diện tích cây xanh công cộng', 'Public green area'), unit: t('ha', 'ha'), upIsGood: true, aggregate: 'last' },
    { id: 'parks.trees', name: t('Cây xanh đường phố trồng mới', 'Street trees planted'), unit: t('cây', 'trees'), upIsGood: true, aggregate: 'sum' },
  ],
  eventKinds: [],
  eventStates: [],
  stationParams: [],
  placeKinds: [],
  views: [
    { ...V.kpis, figures: [obs('parks.greenArea'), obs('parks.trees')] },
    { ...V.trend, figures: [obs('parks.trees')], wall: true },
    { ...V.byArea, figure: obs('parks.trees'), wall: true },
  ],
});
`;

// ...and its panel folder: what it asks for at each size (read by the panel and by a wall's start)...
const ASKS_FILE = `import { defineAsks, LARGE } from '../ask';

export default defineAsks({ trend: LARGE, byArea: { sizes: LARGE, province: true } });
`;

// ...and the panel, built from the shared parts.
const PANEL_FILE = `import { CATALOG } from '../../../domains/catalog';
import { useView } from '../../client/hooks';
import { PanelFrame, PanelMessage } from '../../components/PanelFrame';
import { useLang, useTranslation } from '../../i18n';
import { KpiRow, PeriodNote, type KpiSpec } from '../shared/KpiRow';
import { SectionRow } from '../shared/Section';
import { AreaBars, TrendChart } from '../shared/charts';
import { usePanel } from '../shared/usePanel';
import { withViews } from '../shared/ViewFocus';
import type { PanelProps } from '../types';
import ASKS from './asks';

const D = 'parks';
const KPIS: KpiSpec[] = [{ id: 'parks.greenArea' }, { id: 'parks.trees' }];
const PARTS = { small: ['kpis'], medium: ['kpis'], large: ['kpis', 'trend', 'areas'] };

function Overview(props: PanelProps) {
  const { t } = useTranslation();
  const { lt } = useLang();
  const { size, areaId, setAreaId, kpis, mark, ask } = usePanel(D, props, { parts: PARTS, asks: ASKS });
  const trend = useView(D, 'trend', ask('trend'));
  const byArea = useView(D, 'byArea', ask('byArea'));
  const title = (id: string) => lt(CATALOG[D].views.find((v) => v.id === id)!.name);
  return (
    <PanelFrame domain={D} size={size} areaId={areaId} onArea={setAreaId}>
      {kpis.isError ? <PanelMessage>{t('panel.error', { message: kpis.error.message })}</PanelMessage> : null}
      <KpiRow view={kpis.data} specs={size === 'small' ? KPIS.slice(0, 1) : KPIS} hero={size === 'small'} compact={size !== 'small'} />
      {size !== 'small' ? <PeriodNote view={kpis.data} /> : null}
      {size === 'large' ? (
        <SectionRow
          sections={[
            { title: title('trend'), body: <TrendChart domain={D} view={trend.data} indicators={['parks.trees']} ariaLabel={title('trend')} onPainted={() => mark('trend')} /> },
            { title: title('byArea'), body: <AreaBars domain={D} view={byArea.data} selected={areaId} onPick={setAreaId} onPainted={() => mark('areas')} /> },
          ]}
        />
      ) : null}
    </PanelFrame>
  );
}

export default withViews({ domain: D, headline: KPIS }, Overview);
`;

let copy = '';
let s: Served | undefined;

test.describe.configure({ mode: 'serial' });
// Copying and building a second renderer on a shared two-core machine takes a while.
test.setTimeout(420_000);

test.beforeAll(async () => {
  test.setTimeout(420_000); // the hook's own limit: building the copy is most of the wait
  copy = mkdtempSync(join(tmpdir(), 'ioc-new-domain-'));
  // The repository's own files as they are in the working tree (tracked and new, not ignored).
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
  for (const f of files) {
    if (f.startsWith('tests/')) continue;
    mkdirSync(dirname(join(copy, f)), { recursive: true });
    try {
      cpSync(join(ROOT, f), join(copy, f));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e; // deleted in the working tree
    }
  }
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');

  writeFileSync(join(copy, 'domains/catalog/parks.ts'), CATALOG_FILE);
  const list = join(copy, 'domains/catalog/list.ts');
  const source = readFileSync(list, 'utf8');
  const withParks = source.replace(/(export const DOMAINS = \[[^\]]*)\]/, '$1, parks]');
  expect(withParks, 'list.ts has the DOMAINS list').not.toBe(source);
  writeFileSync(list, `import { parks } from './parks';\n${withParks}`);
  mkdirSync(join(copy, 'renderer/panels/parks'));
  writeFileSync(join(copy, 'renderer/panels/parks/asks.ts'), ASKS_FILE);
  writeFileSync(join(copy, 'renderer/panels/parks/index.tsx'), PANEL_FILE);

  await new Promise<void>((ok, fail) => {
    const build = spawn(process.execPath, ['scripts/build.mjs'], { cwd: copy, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    build.stdout.on('data', (b: Buffer) => (out += b.toString()));
    build.stderr.on('data', (b: Buffer) => (out += b.toString()));
    build.on('error', fail);
    build.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`build of the copy failed (${code}):\n${out}`))));
  });
  s = await serve({ root: copy });
});

test.afterAll(async () => {
  await s?.close();
  if (copy) rmSync(copy, { recursive: true, force: true });
});

test('a domain added as a catalog file and a panel folder is served, queried and drawn on the wall', async ({ browser }) => {
  mkdirSync(ART, { recursive: true });
  const served = s!;
  const wall = await served.call<Wall>('wall.get', {});
  // Figures for the new domain through the ordinary API: the host's views compute them from the catalog entry.
  const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
  const at = new Date().toISOString();
  const put = (indicator: string, areaId: string, value: number) =>
    served.call('observation.put', { domain: 'parks', indicator, areaId, period: month, value, source: 'e2e', updatedAt: at });
  await put('parks.greenArea', '70', 4321);
  await put('parks.trees', '70', 1500);
  const areas = await served.call<{ id: string; level: string }[]>('areas.list', {});
  const district = areas.find((a) => a.level !== 'province')!;
  await put('parks.trees', district.id, 900);

  const v1 = displayViewport(wall, 'd1');
  const v2 = displayViewport(wall, 'd2');
  const tiles: Tile[] = [
    { id: 'parks-overview', panel: PARKS, view: '', options: {}, rect: { x: v1.x, y: v1.y, w: v1.width, h: v1.height } },
    { id: 'parks-trend', panel: PARKS, view: 'trend', options: {}, rect: { x: v2.x, y: v2.y, w: v2.width / 2, h: v2.height / 2 } },
  ];
  const layout: Layout = { id: 'e2e-parks', name: 'E2E parks', wallId: wall.id, tiles };
  await served.call('preset.save', { layout });
  await served.call('preset.activate', { id: layout.id });

  const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const errors: string[] = [];
  const open = async (display: string, firstViews?: string[]) => {
    const page = await ctx.newPage();
    page.on('console', (m) => m.type() === 'error' && errors.push(`${display} console: ${m.text()}`));
    page.on('pageerror', (e) => errors.push(`${display} pageerror: ${e.message}`));
    if (firstViews) {
      // The wall's start asks for the new domain's first frame from its asks.ts: with the wall's
      // code held back, the page still sends exactly the views the panel's size asks for.
      const sent: string[] = [];
      page.on('websocket', (ws) =>
        ws.on('framesent', (e) => {
          const m = JSON.parse(String(e.payload)) as { type: string; method?: string; params?: { domain: string; view: string; areaId?: string } };
          if (m.type === 'request' && m.method === 'view.query') sent.push(`${m.params!.domain}.${m.params!.view}${m.params!.areaId ? `@${m.params!.areaId}` : ''}`);
        }),
      );
      const release = await holdWallCode(page);
      await page.goto(served.wallUrl(display));
      await expect.poll(() => [...sent].sort(), { timeout: 45_000 }).toEqual([...firstViews].sort());
      await expect(page.locator('.wall-root')).toHaveCount(0); // the wall's code has not run
      release();
    } else {
      await page.goto(served.wallUrl(display));
    }
    const root = page.locator('.wall-root');
    await expect(root).toHaveAttribute('data-layout-id', layout.id, { timeout: 45_000 });
    await expect(root).toHaveAttribute('data-wall-ready', 'true', { timeout: 45_000 });
    return page;
  };
  const d1 = await open('d1', ['parks.kpis', 'parks.trend', 'parks.byArea']);
  const overview = d1.locator(`${SHOWN} [data-tile-id="parks-overview"]`);
  await expect(overview).toHaveAttribute('data-painted', 'true');
  await expect(overview).toHaveAttribute('data-size', 'large');
  // The frame, the figures and the section titles all come from the catalog entry.
  await expect(overview).toContainText('Cây xanh đô thị');
  await expect(overview).toContainText('Sở Xây dựng');
  await expect(overview.locator('[data-kpi="parks.greenArea"]')).toContainText('4.321');
  await expect(overview.locator('[data-kpi="parks.trees"]')).toContainText('1.500');
  await expect(overview.locator('.section-title')).toHaveText(['Diễn biến theo tháng', 'Theo địa bàn']);
  await expect(overview.locator('canvas[role="img"]')).toHaveCount(2);
  await d1.screenshot({ path: join(ART, 'parks-overview-d1.png') });

  const d2 = await open('d2');
  const trend = d2.locator(`${SHOWN} [data-tile-id="parks-trend"]`);
  await expect(trend).toHaveAttribute('data-painted', 'true');
  await expect(trend.locator('[data-view-focus="trend"] canvas[role="img"]')).toHaveCount(1);
  await d2.screenshot({ path: join(ART, 'parks-trend-d2.png') });

  // The kiosk lists it too, its grid widened from five columns to six for eleven domains.
  const kiosk = await ctx.newPage();
  kiosk.on('pageerror', (e) => errors.push(`kiosk pageerror: ${e.message}`));
  await kiosk.goto(`${served.kioskUrl}&idle=600`);
  const grid = kiosk.locator('[data-kiosk-home] .khome__grid');
  await expect(grid.locator('.ktile')).toHaveCount(11);
  await expect(grid.locator('.ktile[data-domain="parks"]')).toContainText('Cây xanh');
  await expect(grid.locator('.ktile[data-domain="parks"]')).toHaveAttribute('data-headline', 'true');
  expect(await grid.evaluate((el) => getComputedStyle(el).gridTemplateColumns.split(' ').length)).toBe(6);
  await kiosk.screenshot({ path: join(ART, 'parks-kiosk.png') });

  await ctx.close();
  expect(errors).toEqual([]);
});
