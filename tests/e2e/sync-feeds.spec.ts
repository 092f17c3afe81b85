/**
 * The console's feed view against a real `ioc-wall serve` fed by the endpoint simulator: feeds
 * listed with their state, a failing feed's reason in Vietnamese, "Chạy ngay" runs a feed, and
 * operator actions waiting in the outbox while the actions endpoint is unreachable.
 * Screenshot: artifacts/sync/feeds.png.
 */
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { expect, test, type Browser } from '@playwright/test';
import { startSim, type Sim } from '../../tools/endpoint-sim/server';
import { serveAgainstSim, type SimServe } from './support/sim-serve';

const ROOT = resolve(import.meta.dirname, '../..');
const ART = join(ROOT, 'artifacts/sync');
const TOKEN = 'e2e-sync-token-0123456789';

let sim: Sim;
let h: SimServe | undefined;
let base: string;
let browser: Browser;
let call: SimServe['call'];

async function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => ok(p));
    });
  });
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  mkdirSync(ART, { recursive: true });
  sim = await startSim({ events: 40 });
  sim.setFaults([{ kind: 'error500', path: '/sdmx' }]);
  h = await serveAgainstSim(sim, {
    token: TOKEN,
    tmpPrefix: 'ioc-e2e-sync-',
    async configure(cfg) {
      for (const f of cfg.feeds) f.retries = 0;
      cfg.sync.actionsEndpoint.url = `http://127.0.0.1:${await freePort()}/open311/actions.json`; // unreachable
    },
  });
  ({ base, browser, call } = h);
});

test.afterAll(async () => {
  await (h ? h.close() : sim?.close());
});

test('feed view: states, plain-words error, Chạy ngay, outbox waiting', async () => {
  // The scheduler's first round runs at start; wait until every feed has run once.
  await expect.poll(async () => (await call<{ feeds: { lastRunAt: string | null }[] }>('feeds.list', {})).feeds.every((f) => f.lastRunAt), { timeout: 30_000 }).toBe(true);
  const ev = await call<{ id: string }[]>('outbox.list', {});
  expect(ev).toEqual([]);
  const anyEvent = (await call<{ feeds: unknown[] }>('feeds.list', {})) && sim.data.requests.keys().next().value;
  await call('hotline.act', { eventId: `hotline-open311:${anyEvent}`, action: 'assign', agency: 'Sở Xây dựng' });
  await call('hotline.act', { eventId: `hotline-open311:${anyEvent}`, action: 'resolve', note: 'Đã xử lý' });

  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  await page.goto(`${base}/console?tab=feeds&token=${TOKEN}`);
  const view = page.getByTestId('feeds-view');
  await expect(view).toBeVisible();
  await expect(view.locator('tr[data-feed-id]')).toHaveCount(6);
  await expect(view.locator('tr[data-feed-id="stats-sdmx"]')).toHaveAttribute('data-feed-state', 'error');
  await expect(view.locator('tr[data-feed-id="stats-sdmx"] [data-testid="feed-error"]')).toContainText('Máy chủ gặp lỗi (HTTP 500)');
  await expect(view.locator('tr[data-feed-id="hotline-open311"]')).toHaveAttribute('data-feed-state', 'ok');
  await expect(page.getByTestId('outbox-waiting')).toContainText('2 thao tác đang chờ gửi');
  await expect(view.locator('tr[data-outbox-seq]')).toHaveCount(2);
  await expect(view.locator('tr[data-outbox-seq]').first()).toContainText('Chuyển đơn vị xử lý');

  sim.setFaults([]);
  await page.getByTestId('run-stats-sdmx').click();
  await expect(page.getByTestId('run-result')).toContainText('stats-sdmx: xong');
  await expect(view.locator('tr[data-feed-id="stats-sdmx"]')).toHaveAttribute('data-feed-state', 'ok');
  await page.getByTestId('run-places-geojson').click();
  await expect(page.getByTestId('run-result')).toContainText('places-geojson: dữ liệu không thay đổi (304)');
  await page.screenshot({ path: join(ART, 'feeds.png'), fullPage: true });

  // Edit a feed in the console: interval and name; the host keeps it over the config file.
  await page.getByTestId('edit-places-geojson').click();
  const form = view.locator('tr[data-feed-edit="places-geojson"]');
  await form.getByLabel('Tên hiển thị').fill('Trường học, bệnh viện, điểm du lịch');
  await form.getByLabel('Chu kỳ đồng bộ (giây)').fill('900');
  await page.screenshot({ path: join(ART, 'feeds-edit.png'), fullPage: true });
  await page.getByTestId('save-places-geojson').click();
  await expect(page.getByTestId('run-result')).toContainText('Đã lưu cấu hình nguồn places-geojson');
  await expect(view.locator('tr[data-feed-id="places-geojson"]')).toContainText('Trường học, bệnh viện, điểm du lịch');
  const list = await call<{ feeds: { id: string; interval: number; edited: boolean }[] }>('feeds.list', {});
  expect(list.feeds.find((f) => f.id === 'places-geojson')).toMatchObject({ interval: 900_000, edited: true });
});

test('secrets form (admin): set a value with an extra origin, listed by name only, then delete', async () => {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  await page.goto(`${base}/console?tab=feeds&token=${TOKEN}`);
  const section = page.getByTestId('secrets');
  await expect(section).toBeVisible();
  await section.getByTestId('secret-name').fill('lgsp.clientSecret');
  await section.getByTestId('secret-value').fill('E2E-SECRET-VALUE-77');
  await section.getByTestId('secret-origins').fill('https://lgsp.binhphuoc.gov.vn/token');
  await section.getByTestId('secret-save').click();
  await expect(section.getByRole('status')).toContainText('Đã lưu bí mật "lgsp.clientSecret"');
  const row = section.locator('tr[data-secret="lgsp.clientSecret"]');
  await expect(row).toContainText('Đã đặt');
  await expect(row).toContainText('https://lgsp.binhphuoc.gov.vn');
  await expect(section.getByTestId('secret-value')).toHaveValue('');
  expect(await page.content()).not.toContain('E2E-SECRET-VALUE-77');
  await section.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ART, 'secrets.png'), fullPage: true });
  const listed = await call<{ name: string }[]>('secrets.list', {});
  expect(JSON.stringify(listed)).not.toContain('E2E-SECRET-VALUE-77');
  await row.getByTestId('delete-secret-lgsp.clientSecret').click();
  await expect(section.getByRole('status')).toContainText('Đã xoá bí mật');
  await expect(section.locator('tr[data-secret="lgsp.clientSecret"]')).toHaveCount(0);
  await page.close();
});

test('a feed added in the console (admin): refused by path, saved and tested, edited as JSON, deleted; a config edit reverted', async () => {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  await page.goto(`${base}/console?tab=feeds&token=${TOKEN}`);
  const view = page.getByTestId('feeds-view');
  await page.getByTestId('add-feed').click();
  const editor = view.getByTestId('feed-json');
  await editor.getByLabel('Chuẩn dữ liệu').selectOption({ label: 'CKAN (bảng dữ liệu)' });
  const text = editor.locator('textarea[name="feed-json"]');
  await expect(text).toHaveValue(/"resourceId"/);
  // The template's address is empty on purpose: saved unread, it is refused, not fetched.
  await editor.getByRole('button', { name: 'Lưu và chạy thử' }).click();
  await expect(editor.locator('[data-feed-problems]')).toContainText('feed.url: an http:// or https:// address is needed');

  const feed = JSON.parse(await text.inputValue()) as { id: string; url: string; mapping: { resourceId: string }; auth?: unknown };
  feed.url = `${sim.url}/ckan/api/3/action/datastore_search`;
  feed.mapping.resourceId = 'bp-observations';
  feed.auth = { type: 'bearer', token: 'E2E-FEED-TOKEN-42' };
  // An id already in use is refused, not overwritten.
  feed.id = 'stats-ckan';
  await text.fill(JSON.stringify(feed, null, 2));
  await editor.getByRole('button', { name: 'Lưu và chạy thử' }).click();
  await expect(editor.locator('[data-feed-problems]')).toContainText('feed.id: already used by a feed');
  feed.id = 'ckan-them';
  await text.fill(JSON.stringify(feed, null, 2));
  // Read first without saving: what it would store and a record as stored; nothing is kept,
  // the typed token neither.
  await editor.getByTestId('feed-try').click();
  const report = editor.getByTestId('feed-try-report');
  await expect(report).toHaveAttribute('data-ok', 'true');
  await expect(report).toContainText('Chưa lưu gì');
  await expect(report).toContainText(/Sẽ lưu: [\d.]+ chỉ tiêu/);
  await expect(report.locator('[data-try-sample="observations"]').first()).toContainText('"indicator"');
  await page.screenshot({ path: join(ART, 'feeds-try.png'), fullPage: true });
  expect((await call<{ feeds: { id: string }[] }>('feeds.list', {})).feeds.map((f) => f.id)).not.toContain('ckan-them');
  expect(JSON.stringify(await call('secrets.list', {}))).not.toContain('ckan-them');
  await editor.getByRole('button', { name: 'Lưu và chạy thử' }).click();
  await expect(page.getByTestId('run-result')).toContainText('Đã lưu cấu hình nguồn ckan-them');
  await expect(page.getByTestId('run-result')).toContainText('ckan-them: xong');
  await expect(view.getByTestId('feed-json')).toHaveCount(0);
  const row = view.locator('tr[data-feed-id="ckan-them"]');
  await expect(row).toHaveAttribute('data-feed-state', 'ok');
  await page.screenshot({ path: join(ART, 'feeds-added.png'), fullPage: true });
  // The token typed in the JSON went to the secret store, for this feed's server only.
  const secrets = await call<{ name: string; origins: string[] }[]>('secrets.list', {});
  expect(secrets.find((s) => s.name === 'feed.ckan-them.token')?.origins).toEqual([new URL(sim.url).origin]);
  expect(JSON.stringify(secrets)).not.toContain('E2E-FEED-TOKEN-42');

  // Edited as JSON: the token shows as its reference; the mapping's page size changes.
  await page.getByTestId('json-ckan-them').click();
  const again = view.getByTestId('feed-json');
  const edited = JSON.parse(await again.locator('textarea').inputValue()) as { auth: { token: string }; mapping: { pageSize?: number } };
  expect(edited.auth.token).toBe('secret:feed.ckan-them.token');
  expect(await page.content()).not.toContain('E2E-FEED-TOKEN-42');
  edited.mapping.pageSize = 50;
  await again.locator('textarea').fill(JSON.stringify(edited, null, 2));
  await again.getByRole('button', { name: 'Lưu và chạy thử' }).click();
  await expect(page.getByTestId('run-result')).toContainText('ckan-them: xong');
  const listed = await call<{ feeds: { id: string; config: { mapping?: { pageSize?: number } } }[] }>('feeds.list', {});
  expect(listed.feeds.find((f) => f.id === 'ckan-them')?.config.mapping?.pageSize).toBe(50);

  // Deleted after a confirmation; a config file's feed offers no delete, only a revert of its edit.
  await page.getByTestId('delete-ckan-them').click();
  await page.getByTestId('delete-confirm-ckan-them').click();
  await expect(page.getByTestId('run-result')).toContainText('Đã xoá nguồn ckan-them');
  await expect(row).toHaveCount(0);
  await expect(page.getByTestId('delete-places-geojson')).toHaveCount(0);
  await page.getByTestId('revert-places-geojson').click();
  await expect(page.getByTestId('run-result')).toContainText('places-geojson dùng lại cấu hình trong tệp cấu hình');
  await expect(page.getByTestId('revert-places-geojson')).toHaveCount(0);
  const back = await call<{ feeds: { id: string; interval: number; edited: boolean }[] }>('feeds.list', {});
  expect(back.feeds.find((f) => f.id === 'places-geojson')).toMatchObject({ interval: 600_000, edited: false });
  await page.close();
});
