// A sync process to be killed: runs one feed once into a data dir, printing a line per committed batch.
import { openDatabase } from '../../../host/db/open';
import { SqliteSyncStore } from '../../../host/sync/sqlite-store';
import { runFeed } from '../../../sync/engine';
import { feedConfigSchema } from '../../../sync/feeds/config';
import { HttpClient } from '../../../sync/http/client';

const [dataDir, feedJson] = process.argv.slice(2);
const { db } = openDatabase(dataDir!);
const store = new SqliteSyncStore(db);
const http = new HttpClient({ baseDelayMs: 10, maxDelayMs: 50 });
let batches = 0;
const r = await runFeed(feedConfigSchema.parse(JSON.parse(feedJson!)), {
  store,
  http,
  onBatch: () => process.stdout.write(`batch ${++batches}\n`),
});
process.stdout.write(`done ${JSON.stringify({ ok: r.ok, error: r.error?.code ?? null })}\n`);
await http.close();
db.close();
process.exit(r.ok ? 0 : 1);
