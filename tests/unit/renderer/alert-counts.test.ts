// The wall band and the alerts tile say "và N cảnh báo khác" from the host's totals. In a storm
// 'alerts.list' returns at most its limit (500) of the open alerts: a count taken from the length
// of that page (as the band did before 5 Dec 2026) says "và 499 cảnh báo khác" whatever the real
// number. Here the host's own handler answers from a database holding more than a page, and the
// band and the tile are rendered (react-dom/server) from that answer.
import { createElement, type ComponentType } from 'react';
import { renderToString } from 'react-dom/server';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { displayViewport } from '../../../layouts/geometry';
import { DEFAULT_WALL } from '../../../layouts/presets';
import type { Wall } from '../../../layouts/model';
import type { Box } from '../../../layouts/geometry';
import type { AlertList, CapWarningList, CapWarningRecord } from '../../../host/api/contract/alerts';
import { alertsHandlers } from '../../../host/api/handlers/alerts';
import { configSchema } from '../../../host/config/schema';
import type { PanelProps } from '../../../renderer/panels/types';
import { makeFixture, type Fixture } from '../views-fixture';

/** What the mocked useAlerts answers: the host handler's answer, as the query would hold it. */
let answer: AlertList | undefined;
/** What the mocked useCapWarnings answers. */
let capAnswer: CapWarningList | CapWarningRecord[] = { warnings: [], total: 0 };
const NO_DATA = { data: undefined, error: null, isError: false, isSuccess: false, isPending: true, isFetching: false };

vi.mock('../../../renderer/alerts/hooks', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  useAlerts: () => ({ ...NO_DATA, data: answer, isSuccess: true, isPending: false }),
  useCapWarnings: () => ({ ...NO_DATA, data: capAnswer, isSuccess: true, isPending: false }),
}));
vi.mock('../../../renderer/client/hooks', async (importOriginal) => ({ ...(await importOriginal<object>()), useHost: () => NO_DATA }));
vi.mock('../../../renderer/client/context', async (importOriginal) => ({ ...(await importOriginal<object>()), useHostClient: () => ({ call: () => new Promise(() => {}) }) }));
vi.mock('../../../renderer/components/Map', () => ({ Map: () => null }));

// Imported by path at run time: the node typecheck has no JSX or DOM types for the components.
const BAND = '../../../renderer/wall/AlertBand';
const TILE = '../../../renderer/panels/alerts/index';
type BandProps = { wall: Wall; viewport: Box; fit: { width: number; height: number } };
let AlertBand: ComponentType<BandProps>;
let AlertsPanel: ComponentType<PanelProps>;

beforeAll(async () => {
  // The i18n layer sets the page's language on the document when it loads.
  vi.stubGlobal('document', { documentElement: { lang: '' } });
  ({ AlertBand } = (await import(/* @vite-ignore */ BAND)) as { AlertBand: ComponentType<BandProps> });
  AlertsPanel = ((await import(/* @vite-ignore */ TILE)) as { default: ComponentType<PanelProps> }).default;
});
afterAll(() => vi.unstubAllGlobals());

let fx: Fixture;
beforeEach(() => {
  fx = makeFixture();
});
afterEach(() => {
  fx.close();
  answer = undefined;
  capAnswer = { warnings: [], total: 0 };
});

const config = configSchema.parse({});
const isoS = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** `severe` severe raised alerts of one rule and `warnings` warnings of another, as the lifecycle writes them. */
function storm(severe: number, warnings: number): void {
  const ins = fx.db.prepare(
    `INSERT INTO alerts (rule_id, area_id, state, kind, severity, rule_name, rule_name_en, value, detail, raised_at, last_true_at) VALUES (?, ?, 'raised', 'count', ?, ?, ?, 1, '{}', ?, ?)`,
  );
  const t0 = Date.now() - 3600_000;
  fx.db.transaction(() => {
    for (let i = 0; i < severe; i++) ins.run('dead', `d${i}`, 'severe', 'Tai nạn chết người', 'Fatal accidents', isoS(t0 + i * 1000), isoS(t0 + i * 1000));
    for (let i = 0; i < warnings; i++) ins.run('hot', `h${i}`, 'warning', 'Đường dây nóng', 'Hotline', isoS(t0 - i * 1000), isoS(t0 - i * 1000));
  })();
}

// The words a reader sees: React's <!-- --> between adjacent text pieces joins them, a tag parts them.
const text = (html: string) => html.replace(/<!-- -->/g, '').replace(/<[^>]*>/g, ' ').replace(/&#x27;/g, "'").replace(/\s+/g, ' ');

function band(): string {
  const viewport = displayViewport(DEFAULT_WALL, 'd1');
  return text(renderToString(createElement(AlertBand, { wall: DEFAULT_WALL, viewport, fit: { width: viewport.width, height: viewport.height } })));
}

function tile(size: PanelProps['size']): string {
  const panel = createElement(AlertsPanel, { size, onPainted: () => {} } as PanelProps);
  return text(renderToString(createElement(QueryClientProvider, { client: new QueryClient() }, panel)));
}

describe('the screens count a storm beyond the page from the host’s totals', () => {
  it('the wall band: 2,001 severe alerts raised, 500 on the page, "và 2000 cảnh báo khác"', async () => {
    storm(2001, 0);
    answer = await alertsHandlers['alerts.list']({ limit: 500 }, { db: fx.db, config } as never);
    expect(answer.alerts).toHaveLength(500);
    const words = band();
    expect(words).toContain('NGHIÊM TRỌNG');
    expect(words).toContain('và 2000 cảnh báo khác');
    expect(words).not.toContain('và 499 cảnh báo khác');
  });

  it('the alerts tile: 700 open, 10 shown on a large tile, "và 690 cảnh báo khác"', async () => {
    storm(600, 100);
    answer = await alertsHandlers['alerts.list']({ limit: 500 }, { db: fx.db, config } as never);
    expect(answer).toMatchObject({ total: 700, severeRaised: 600 });
    expect(answer.alerts).toHaveLength(500);
    const words = tile('large');
    expect(words).toContain('và 690 cảnh báo khác');
    expect(words).not.toContain('và 490 cảnh báo khác');
  });

  it('the CAP line of a large tile says how many of how many warnings it lists when the host cut the list', async () => {
    storm(1, 0);
    answer = await alertsHandlers['alerts.list']({ limit: 500 }, { db: fx.db, config } as never);
    const warning = (id: string) =>
      ({ identifier: id, sender: 's', sent: '2026-03-10T03:00:00Z', msgType: 'Alert', severity: 'Severe', expires: null, feedId: 'f', districts: ['689'], info: [] }) as unknown as CapWarningRecord;
    capAnswer = { warnings: [warning('A'), warning('B')], total: 601 };
    expect(tile('large')).toContain('Cảnh báo thiên tai (CAP) (2/601): A · B');
    capAnswer = { warnings: [warning('A'), warning('B')], total: 2 };
    expect(tile('large')).toContain('Cảnh báo thiên tai (CAP): A · B');
    // The earlier build's answer (a bare array) that a wall's offline cache may hold.
    capAnswer = [warning('A')];
    expect(tile('large')).toContain('Cảnh báo thiên tai (CAP): A');
  });

  it('a page holding every alert counts the same either way', async () => {
    storm(3, 1);
    answer = await alertsHandlers['alerts.list']({ limit: 500 }, { db: fx.db, config } as never);
    expect(band()).toContain('và 2 cảnh báo khác');
    expect(tile('small')).toContain('và 2 cảnh báo khác');
  });
});
