import type { AdapterBatch } from '../adapters/types';
import type { RecordBatch } from '../store';

/**
 * Records the host writes in one short transaction. A page of a big feed (a 50 MB answer holds
 * hundreds of thousands of records) written in one go would hold the thread that serves the
 * screens for seconds; written in slices, each transaction is a few milliseconds and the screens
 * are served in between.
 */
export const SLICE_COST = 1_000;

// Deletes before observations, as the store applies them: a message's observations that survive
// its deletes (sync/adapters/sdmx.ts) must not be removed by a later slice.
const KINDS = ['deleteObservations', 'stations', 'observations', 'events', 'places', 'readings'] as const;

/**
 * What one record costs the host to store, roughly, so that a slice takes about the same time
 * whatever it holds: events, places and stations are located in a district (point in polygon) and
 * events update the view aggregates; an observation or a reading is one indexed insert.
 */
const COST: Record<(typeof KINDS)[number] | 'quarantined', number> = {
  stations: 4,
  events: 4,
  places: 4,
  observations: 1,
  readings: 1,
  deleteObservations: 1,
  quarantined: 1,
};

/**
 * Cuts a batch into slices that cost at most `size` (COST per record; quarantined items count
 * too): 250 events or 1,000 observations with the default (a few ms each, even on a busy machine). Only the last
 * slice carries the batch's state patch, `fetched` and `notModified`: the watermark or cursor moves
 * once the whole page is stored, so after a crash the page is fetched again and its upserts are
 * applied again (idempotent) — a page is never half-counted as done.
 */
export function sliceBatch(batch: AdapterBatch, size = SLICE_COST): AdapterBatch[] {
  const total = KINDS.reduce((n, k) => n + (batch.records[k]?.length ?? 0) * COST[k], 0) + batch.quarantined.length;
  if (total <= size) return [batch];
  const out: AdapterBatch[] = [];
  let cur: RecordBatch = {};
  let curQ: AdapterBatch['quarantined'] = [];
  let n = 0;
  const flush = () => {
    if (n === 0) return;
    out.push({ records: cur, quarantined: curQ, fetched: 0, state: {} });
    cur = {};
    curQ = [];
    n = 0;
  };
  for (const k of KINDS) {
    const list = batch.records[k] as unknown[] | undefined;
    if (!list) continue;
    const cost = COST[k];
    for (let i = 0; i < list.length; ) {
      const take = Math.max(1, Math.min(Math.floor((size - n) / cost), list.length - i));
      ((cur as Record<string, unknown[]>)[k] ??= []).push(...list.slice(i, i + take));
      i += take;
      n += take * cost;
      if (n >= size) flush();
    }
  }
  for (let i = 0; i < batch.quarantined.length; ) {
    const take = Math.min(size - n, batch.quarantined.length - i);
    curQ.push(...batch.quarantined.slice(i, i + take));
    i += take;
    n += take;
    if (n >= size) flush();
  }
  flush();
  const last = out[out.length - 1] ?? { records: {}, quarantined: [], fetched: 0, state: {} };
  if (out.length === 0) out.push(last);
  Object.assign(last, { fetched: batch.fetched, state: batch.state, notModified: batch.notModified });
  return out;
}
