import { parseArgs } from 'node:util';
import { backupsDir } from '../../db/backup';
import { openDatabase } from '../../db/open';
import { markRunning } from '../../db/running';
import { createSync } from '../../sync';
import { moveInlineSecrets } from '../../sync/inline-secrets';
import { prepareData } from '../../prepare-data';
import type { RunSummary } from '../../../sync/engine';
import { DATA_FOLDER_OPTIONS, configFromArgs } from '../options';
import { humanBytes } from '../size';
import { registerCommand, type Io } from '../registry';
import { textTable } from '../table';

const USAGE = `Usage: ioc-wall sync --once [--config FILE] [--data-dir DIR] [--json]

Runs every enabled feed of the config once (resuming a run that was interrupted), delivers the
outbox of operator actions if an actions endpoint is configured, prints one line per feed, and
exits with 1 if any feed failed. Without --once it keeps syncing on each feed's interval until
Ctrl+C.

Options:
  --once            run each feed once and exit
  --config FILE     JSON config file with "feeds" (also IOC_WALL_CONFIG)
  --data-dir DIR    where ioc-wall.db lives
  --feed ID         only this feed
  --json            print the results as JSON instead of a table`;


export function summaryTable(results: RunSummary[]): string[] {
  const head = ['feed', 'kết quả/result', 'fetched', 'inserted', 'updated', 'deleted', 'quarantined', 'outside', '304', 'bytes'];
  const rows = results.map((r) => [
    r.feedId,
    r.ok ? (r.notModified ? 'OK (304, không đổi)' : 'OK') : `LỖI/FAILED ${r.error?.code ?? ''}`,
    String(r.counts.fetched),
    String(r.counts.inserted),
    String(r.counts.updated),
    String(r.counts.deleted),
    String(r.counts.quarantined),
    String(r.counts.outsideArea ?? 0),
    String(r.counts.notModified),
    humanBytes(r.counts.bytes),
  ]);
  const lines = textTable(head, rows, (i) => i >= 2);
  for (const r of results) if (!r.ok && r.error) lines.push(`  ${r.feedId}: ${r.error.vi}`, `  ${' '.repeat(r.feedId.length)}  ${r.error.en}`);
  return lines;
}

registerCommand({
  name: 'sync',
  summary: 'đồng bộ các nguồn dữ liệu / sync the data feeds (--once: each feed once, then exit)',
  usage: USAGE,
  async run(argv: string[], io: Io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        once: { type: 'boolean' },
        ...DATA_FOLDER_OPTIONS,
        feed: { type: 'string' },
        json: { type: 'boolean' },
      },
      strict: true,
    });
    const loaded = configFromArgs({ config: values.config, 'data-dir': values['data-dir'] }, io);
    if (!loaded) return 2;
    const { config, dataDir, file } = loaded;
    const { db } = openDatabase(dataDir, undefined, { backupsDir: backupsDir(dataDir, config.backups) });
    const unmark = markRunning(dataDir, values.once ? 'sync --once' : 'sync');
    const emit = () => undefined;
    // The same preparation as `serve`: boundaries (or the demo) first, so synced points find their
    // district, and records stored before the boundaries get theirs.
    try {
      const prepared = prepareData(db, config, new Date());
      if (prepared.demoSkipped) io.out(prepared.demoSkipped);
      if (prepared.backfill?.changed) io.out(`Đã gán huyện cho ${prepared.backfill.changed} bản ghi / districts given to ${prepared.backfill.changed} record(s) from their point.`);
    } catch (err) {
      db.close();
      io.err(`Không chuẩn bị được cơ sở dữ liệu / Could not prepare the database: ${(err as Error).message}`);
      return 1;
    }
    const service = createSync({ db, config, dataDir, emit }, { start: false });
    try {
      await moveInlineSecrets({ db, config, secrets: service.secrets, configFile: file, notice: (l) => io.err(l) });
      if (!values.once) {
        service.scheduler.start();
        io.out(`Đang đồng bộ ${service.scheduler.feeds().length} nguồn / syncing ${service.scheduler.feeds().length} feed(s) into ${dataDir}. Ctrl+C để dừng / to stop.`);
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        return 0;
      }
      const feeds = service.scheduler.feeds().filter((f) => f.enabled && (!values.feed || f.id === values.feed));
      if (feeds.length === 0) {
        io.err(
          values.feed
            ? `Không có nguồn "${values.feed}" / no feed "${values.feed}" in the config.`
            : 'Cấu hình chưa có nguồn dữ liệu nào / the config has no feeds: add a "feeds" list (see README, "Feeds").',
        );
        return 2;
      }
      const results: RunSummary[] = [];
      for (const f of feeds) results.push(await service.scheduler.runOne(f));
      const delivery = await service.scheduler.pushOutbox();
      const waiting = service.scheduler.store.pendingOutboxCount();
      if (values.json) {
        io.out(JSON.stringify({ feeds: results, outbox: { delivered: delivery?.delivered ?? 0, waiting, error: delivery?.error?.message ?? null } }, null, 2));
      } else {
        for (const line of summaryTable(results)) io.out(line);
        if (delivery || waiting) io.out(`Hàng đợi thao tác / outbox: ${delivery?.delivered ?? 0} đã gửi / delivered, ${waiting} đang chờ / waiting`);
      }
      return results.every((r) => r.ok) ? 0 : 1;
    } finally {
      await service.stop();
      db.close();
      unmark();
    }
  },
});
