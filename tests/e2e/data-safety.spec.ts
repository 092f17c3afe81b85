/**
 * Data safety in the console against a real `ioc-wall serve` fed by the endpoint simulator: the
 * disk banner ("Ổ đĩa sắp đầy…", here by a free-space threshold above any real disk), and an
 * action the actions endpoint refuses (HTTP 422): it waits, marked "bị từ chối", for the operator
 * to retry (delivered once) or discard it. Screenshots: artifacts/data-safety/.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { startSim, type Sim } from '../../tools/endpoint-sim/server';
import { serveAgainstSim, type SimServe } from './support/sim-serve';

const ROOT = resolve(import.meta.dirname, '../..');
const ART = join(ROOT, 'artifacts/data-safety');
const TOKEN = 'e2e-data-safety-token-0123456789';

let sim: Sim;
let h: SimServe | undefined;

test.beforeAll(async () => {
  mkdirSync(ART, { recursive: true });
  sim = await startSim({ events: 12 });
  h = await serveAgainstSim(sim, {
    token: TOKEN,
    tmpPrefix: 'ioc-e2e-safety-',
    configure(cfg) {
      cfg.feeds = cfg.feeds.filter((f: { id: string }) => f.id === 'hotline-open311').map((f: object) => ({ ...f, interval: 3000, retries: 0 }));
      // No disk has this much free: the console must warn.
      cfg.disk = { warnBelowMB: 1_000_000_000 };
    },
  });
});

test.afterAll(async () => {
  await (h ? h.close() : sim?.close());
});

test('disk banner; a refused action waits for the operator, who retries or discards it', async () => {
  const { base, browser, call } = h!;
  await expect.poll(async () => (await call<{ feeds: { lastSuccessAt: string | null }[] }>('feeds.list', {})).feeds.every((f) => f.lastSuccessAt), { timeout: 30_000 }).toBe(true);
  sim.setFaults([{ kind: 'reject422', path: '/open311/actions' }]);

  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  await page.goto(`${base}/console?tab=hotline&token=${TOKEN}`);
  const banner = page.locator('.storage-banner');
  await expect(banner).toHaveAttribute('data-disk', 'low');
  await expect(banner).toContainText('Ổ đĩa sắp đầy');

  const list = page.getByTestId('report-list');
  const row = list.locator('[role="option"][data-status="received"]').first();
  const id = (await row.getAttribute('data-report-id'))!;
  await row.click();
  const detail = page.getByTestId('report-detail');
  await expect(detail).toHaveAttribute('data-report-id', id);
  await page.getByTestId('act-acknowledge').click();
  const pending = detail.getByTestId('history-pending');
  await expect(pending).toContainText('bị từ chối', { timeout: 15_000 });
  await expect(pending).toContainText('HTTP 422');
  await page.screenshot({ path: join(ART, 'refused.png') });

  // The endpoint accepts again; the operator retries: delivered once.
  sim.setFaults([]);
  await detail.getByTestId('outbox-retry').click();
  await expect(pending).toHaveCount(0, { timeout: 15_000 });
  await expect(detail.getByTestId('history')).toContainText('đã gửi');
  expect(sim.actions.filter((a) => !a.duplicate && a.body.event_id === id).map((a) => a.body.action)).toEqual(['acknowledge']);

  // Refused again, and this time discarded: never sent, kept on record.
  sim.setFaults([{ kind: 'reject422', path: '/open311/actions' }]);
  await call('hotline.act', { eventId: id, action: 'note', note: 'Gọi lại cho người dân' });
  await expect(pending).toContainText('bị từ chối', { timeout: 15_000 });
  await detail.getByTestId('outbox-discard').click();
  await expect(detail.getByTestId('history-discarded')).toContainText('đã huỷ gửi');
  await page.screenshot({ path: join(ART, 'discarded.png') });
  expect(sim.actions.filter((a) => !a.duplicate && a.body.event_id === id).map((a) => a.body.action)).toEqual(['acknowledge']);
  await page.close();
});
