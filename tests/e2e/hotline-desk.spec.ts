/**
 * The console's hotline desk ("Phản ánh") against a real `ioc-wall serve` fed by the endpoint
 * simulator: the operator acknowledges, assigns, notes and resolves a report; the list and the
 * wall's view show the new status at once; while the actions endpoint is down the desk shows the
 * four actions "chờ gửi"; when it is back each is delivered exactly once (the simulator's
 * /admin/actions). A report whose text is markup shows literally. Screenshots: artifacts/hotline/.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test, type Browser } from '@playwright/test';
import { startSim, type Sim } from '../../tools/endpoint-sim/server';
import { foldForSearch } from '../../base/search-text';
import { vnTime } from '../../tools/endpoint-sim/data';
import { serveAgainstSim, type SimServe } from './support/sim-serve';

const ROOT = resolve(import.meta.dirname, '../..');
const ART = join(ROOT, 'artifacts/hotline');
const TOKEN = 'e2e-hotline-token-0123456789';
const MARKUP = '<b>x</b><img src=x onerror=alert(1)>';
const XSS_ID = 'XSS-1';

let sim: Sim;
let h: SimServe | undefined;
let base: string;
let browser: Browser;
let call: SimServe['call'];
let target: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  mkdirSync(ART, { recursive: true });
  const now = Date.now();
  sim = await startSim({ events: 24, now });
  // A citizen's report whose words are markup: it must reach the screen as those characters.
  const some = sim.data.requests.values().next().value!;
  sim.data.requests.set(XSS_ID, {
    ...some,
    service_request_id: XSS_ID,
    status: 'open',
    service_name: MARKUP,
    description: `Người dân gõ: ${MARKUP}`,
    requested_datetime: vnTime(now - 4 * 86_400_000),
    updated_datetime: vnTime(now - 4 * 86_400_000),
    expected_datetime: vnTime(now - 86_400_000),
    updatedMs: now - 4 * 86_400_000,
  });
  // The report the operator handles: open and the least recently updated, so the incremental
  // feed (which re-reads at its watermark) never sends it again over the operator's changes.
  target = [...sim.data.requests.values()]
    .filter((r) => r.status === 'open' && r.service_request_id !== XSS_ID)
    .sort((a, b) => a.updatedMs - b.updatedMs)[0]!.service_request_id;
  h = await serveAgainstSim(sim, {
    token: TOKEN,
    tmpPrefix: 'ioc-e2e-hotline-',
    configure(cfg) {
      // Only the hotline feed, run often: each successful run pushes waiting actions, as when the network comes back.
      cfg.feeds = cfg.feeds.filter((f: { id: string }) => f.id === 'hotline-open311').map((f: object) => ({ ...f, interval: 3000, retries: 0 }));
    },
  });
  ({ base, browser, call } = h);
});

test.afterAll(async () => {
  await (h ? h.close() : sim?.close());
});

test('hotline desk: act on a report, see it at once, chờ gửi while offline, delivered once when back', async () => {
  await expect.poll(async () => (await call<{ feeds: { lastSuccessAt: string | null }[] }>('feeds.list', {})).feeds.every((f) => f.lastSuccessAt), { timeout: 30_000 }).toBe(true);
  // The actions endpoint goes down: connections to it are dropped.
  sim.setFaults([{ kind: 'drop', path: '/open311/actions' }]);

  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await page.goto(`${base}/console?tab=hotline&token=${TOKEN}`);
  await expect(page.getByRole('tab', { name: 'Phản ánh' })).toHaveAttribute('aria-selected', 'true');
  const desk = page.getByTestId('hotline-desk');
  const list = page.getByTestId('report-list');
  await expect(list.locator('[role="option"]').first()).toBeVisible();

  // Markup in citizen text is shown as characters, never parsed.
  const xss = list.locator(`[data-report-id="hotline-open311:${XSS_ID}"]`);
  await expect(xss.locator('.hd-row__title')).toHaveText(MARKUP);
  await expect(xss).toHaveAttribute('data-overdue', 'true');
  await expect(xss).toContainText('Quá hạn');
  await expect(desk.locator('img')).toHaveCount(0);
  await expect(desk.locator('b')).toHaveCount(0);

  // Keyboard: focus the list, arrows move the selection, the detail follows.
  await list.focus();
  const first = await list.locator('[role="option"]').nth(0).getAttribute('data-report-id');
  const second = await list.locator('[role="option"]').nth(1).getAttribute('data-report-id');
  await expect(page.getByTestId('report-detail')).toHaveAttribute('data-report-id', first!);
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('report-detail')).toHaveAttribute('data-report-id', second!);
  await expect(list.locator(`[data-report-id="${second}"]`)).toHaveAttribute('aria-selected', 'true');

  await xss.click();
  await expect(page.getByTestId('detail-title')).toHaveText(MARKUP);
  await expect(page.getByTestId('detail-text')).toHaveText(`Người dân gõ: ${MARKUP}`);

  const id = `hotline-open311:${target}`;
  const row = list.locator(`[data-report-id="${id}"]`);
  const detail = page.getByTestId('report-detail');
  await row.click();
  await expect(detail).toHaveAttribute('data-report-id', id);
  await expect(page.getByTestId('detail-status')).toHaveText('Đã tiếp nhận');

  // 1. Tiếp nhận — from the keyboard: Enter in the list goes to the first action, Enter presses it.
  await list.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('act-acknowledge')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('detail-status')).toHaveText('Đang xử lý');
  await expect(row).toHaveAttribute('data-status', 'inProgress');
  await expect(row).toHaveAttribute('data-pending', 'true');
  await expect(row.getByTestId('pending-flag')).toContainText('chờ gửi');

  // 2. Giao xử lý: agency picker.
  await page.getByTestId('act-assign').click();
  const assign = page.getByTestId('form-assign');
  await assign.getByLabel('Cơ quan nhận xử lý').selectOption({ label: 'Sở Xây dựng' });
  await assign.getByTestId('confirm').click();
  await expect(page.getByTestId('act-result')).toContainText('Đã giao cho Sở Xây dựng');
  await expect(page.getByTestId('detail-agency')).toHaveText('Sở Xây dựng');
  await expect(page.getByTestId('detail-status')).toHaveText('Đã chuyển xử lý');
  await expect(row).toHaveAttribute('data-status', 'assigned');

  // 3. Thêm ghi chú: the textarea; the note itself is citizen-visible text kept literally.
  await page.getByTestId('act-note').click();
  await page.getByTestId('form-note').getByLabel('Ghi chú').fill('Đã gọi lại cho người dân, hẹn kiểm tra <chiều nay>');
  await page.getByTestId('form-note').getByTestId('confirm').click();
  await expect(page.getByTestId('history')).toContainText('Đã gọi lại cho người dân, hẹn kiểm tra <chiều nay>');

  // 4. Đã xử lý.
  await page.getByTestId('act-resolve').click();
  await page.getByTestId('form-resolve').getByLabel('Kết quả xử lý (không bắt buộc)').fill('Đã sửa xong');
  await page.getByTestId('form-resolve').getByTestId('confirm').click();
  await expect(page.getByTestId('detail-status')).toHaveText('Đã giải quyết');
  // Resolved leaves the "open" list at once, and is there under "Tất cả".
  await expect(row).toHaveCount(0);
  await page.getByText(/^Tất cả/).click();
  await expect(row).toHaveAttribute('data-status', 'resolved');
  await expect(row).toHaveAttribute('data-pending', 'true');

  // The wall reads the same data: its hotline map and list have the new status already.
  const map = await call<{ points: { id: string; state: string; status: string }[] }>('view.query', { domain: 'hotline', view: 'map' });
  expect(map.points.find((p) => p.id === id)).toMatchObject({ state: 'closed', status: 'resolved' });

  // Endpoint down: the four actions are waiting, in order, and the desk says so.
  await expect(page.getByTestId('desk-pending')).toContainText('4 thao tác chờ gửi');
  await expect(detail.getByTestId('history-pending')).toHaveCount(4);
  const waiting = await call<{ seq: number; action: string; idempotencyKey: string; deliveredAt: string | null }[]>('outbox.list', {});
  expect(waiting.map((w) => w.action)).toEqual(['acknowledge', 'assign', 'note', 'resolve']);
  expect(sim.actions).toHaveLength(0);
  await expect(page.getByTestId('detail-queued')).toContainText('4 thao tác đã có hiệu lực trên máy này, đang chờ gửi');
  await page.screenshot({ path: join(ART, 'desk.png') });

  // The endpoint is back: the next successful feed run pushes the outbox; each action arrives once.
  sim.setFaults([]);
  await expect(page.getByTestId('desk-pending')).toHaveCount(0, { timeout: 45_000 });
  await expect(detail.getByTestId('history-pending')).toHaveCount(0);
  await expect(detail.locator('[data-delivered="true"]')).toHaveCount(4);
  await expect(row).toHaveAttribute('data-pending', 'false');
  await expect(page.getByTestId('detail-queued')).toHaveCount(0);
  await page.screenshot({ path: join(ART, 'desk-delivered.png') });
  // The markup report, selected, for the eye: its text on screen is the characters typed.
  await xss.click();
  await expect(page.getByTestId('detail-title')).toHaveText(MARKUP);
  await page.screenshot({ path: join(ART, 'desk-markup.png') });

  const admin = (await (await fetch(`${sim.url}/admin/actions`)).json()) as {
    received: { key: string | null; body: { action: string; event_id: string }; duplicate: boolean }[];
    applied: string[];
  };
  const keys = waiting.map((w) => w.idempotencyKey);
  expect(admin.applied).toEqual(keys);
  expect(admin.received.filter((r) => !r.duplicate).map((r) => [r.key, r.body.action, r.body.event_id])).toEqual(
    waiting.map((w) => [w.idempotencyKey, w.action, id]),
  );
  // Nothing reached the endpoint twice (a resend would be flagged duplicate).
  expect(admin.received.filter((r) => r.duplicate)).toEqual([]);
  const after = await call<unknown[]>('outbox.list', {});
  expect(after).toEqual([]);

  // English second, through the same i18n switch.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('tab', { name: 'Hotline reports' })).toBeVisible();
  await expect(page.getByTestId('act-acknowledge')).toHaveText('Acknowledge');
  await expect(xss).toContainText('Overdue');
  expect(dialogs).toBe(0);
});

test('hotline desk search: a report by its number or by words typed without diacritics, in any state; Esc gives the queue back', async () => {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  await page.goto(`${base}/console?tab=hotline&token=${TOKEN}`);
  const list = page.getByTestId('report-list');
  await expect(list.locator('[role="option"]').first()).toBeVisible();
  // A settled report (the one the test before resolved): the default "Đang mở" list does not
  // show it, a search does.
  const settled = sim.data.requests.get(target)!;
  const stored = await call<{ id: string; closed: boolean }[]>('events.search', { domain: 'hotline', q: target });
  expect(stored).toEqual([expect.objectContaining({ id: `hotline-open311:${target}`, closed: true })]);
  const row = list.locator(`[data-report-id="hotline-open311:${settled.service_request_id}"]`);
  await expect(row).toHaveCount(0);

  const search = page.getByTestId('desk-search');
  // The list holds the answer to what was typed once its box says so (typing pauses, then the host answers).
  const searched = (q: string) => expect(page.locator('.hd-listwrap')).toHaveAttribute('data-searched', q);
  const number = settled.service_request_id.replace(/^BP-/, '');
  await search.fill(number);
  await searched(number);
  await expect(list.locator('[role="option"]')).toHaveCount(1);
  await expect(row).toBeVisible();
  await expect(page.locator('#hd-list-help')).toContainText('1 phản ánh khớp');

  // The first two words of its title, without diacritics and in capitals: every match holds both.
  const wordsOf = (text: string) => foldForSearch(text).split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
  const words = wordsOf(settled.service_name).slice(0, 2);
  await search.fill(words.join(' ').toUpperCase());
  await searched(words.join(' ').toUpperCase());
  await expect(row).toBeVisible();
  // Each word starts a word of the title or of the address (the number's too: the search reads all three).
  const rowsText = await list.locator('[role="option"]').allTextContents();
  for (const t of rowsText) for (const w of words) expect(wordsOf(t).some((x) => x.startsWith(w)), `${t} ∌ ${w}`).toBe(true);
  await row.click();
  await expect(page.getByTestId('report-detail')).toHaveAttribute('data-report-id', `hotline-open311:${settled.service_request_id}`);
  await page.screenshot({ path: join(ART, 'desk-search.png') });

  await search.fill('khong co phan anh nao nhu the');
  await searched('khong co phan anh nao nhu the');
  await expect(page.locator('.hd-empty')).toContainText('Không có phản ánh nào khớp');
  await search.press('Escape');
  await expect(search).toHaveValue('');
  await expect(list.locator('[role="option"]').first()).toBeVisible();
  await expect(row).toHaveCount(0);
  await page.close();
});
