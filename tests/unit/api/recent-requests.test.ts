import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../host/api/dispatcher';
import { ApiError } from '../../../host/api/errors';
import { estimateBytes, RecentRequests } from '../../../host/api/recent-requests';

/** An answer of about `kb` KB (estimated), like a layout: many small objects with text. */
const answer = (kb: number, tag = '') => ({ tag, tiles: Array.from({ length: kb * 4 }, (_, i) => ({ id: `t${i}`, text: 'x'.repeat(180) })) });

/** A request that counts its runs. */
function counted<T>(value: () => T) {
  const c = { runs: 0, run: () => (c.runs++, Promise.resolve(value())) };
  return c;
}

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof ApiError ? e.code : String(e)),
  );

describe('RecentRequests: a mutation applied once per request id', () => {
  it("a request id replays only the same method's answer: another method under that id runs its own", async () => {
    const runs: string[] = [];
    const dispatcher = createDispatcher({} as never, {
      'preset.delete': ({ id }: { id: string }) => (runs.push(`delete ${id}`), { deleted: id }),
      'preset.duplicate': ({ id }: { id: string }) => (runs.push(`duplicate ${id}`), { copied: id }),
    });
    const first = await dispatcher.call('preset.delete', { id: 'p-1' }, 'console-1', { rid: 'rid-1' });
    // Reused by the same caller for another method (a client bug or a crafted id): never the
    // first method's answer, which would tell this caller that a duplicate was a delete.
    const other = await dispatcher.call('preset.duplicate', { id: 'p-1', name: 'Copy' }, 'console-1', { rid: 'rid-1' });
    expect(other).toEqual({ copied: 'p-1' });
    expect(await dispatcher.call('preset.delete', { id: 'p-1' }, 'console-1', { rid: 'rid-1' })).toBe(first);
    expect(runs).toEqual(['delete p-1', 'duplicate p-1']);
  });

  it('answers a repeat with the first answer, without running it again; a repeat while it runs waits for the same', async () => {
    const r = new RecentRequests();
    const c = counted(() => ({ id: 'w-1' }));
    const first = r.once('n-1', 'rid-1', c.run);
    const during = r.once('n-1', 'rid-1', c.run);
    const a = await first;
    expect(await during).toBe(a);
    expect(await r.once('n-1', 'rid-1', c.run)).toBe(a);
    // Another caller's request id is its own.
    expect(await r.once('n-2', 'rid-1', c.run)).not.toBe(a);
    expect(c.runs).toBe(2);
  });

  it('keeps the answers within a byte budget, dropping the oldest first; a repeat of a dropped one is told it was done, not run again', async () => {
    // A console activating a big preset over and over with fresh ids (the audit's case was
    // 1,000 tiles, ~340 KB each, kept 20,000 times): here 100 KB answers and a 1 MB budget.
    const budget = 1024 * 1024;
    const r = new RecentRequests(10 * 60_000, 20_000, Date.now, budget);
    const runs = new Map<string, number>();
    const activate = (rid: string) =>
      r.once('n-console', rid, () => {
        runs.set(rid, (runs.get(rid) ?? 0) + 1);
        return Promise.resolve(answer(100, rid));
      });
    const answers = [];
    for (let i = 0; i < 40; i++) {
      answers.push(await activate(`r-${i}`));
      expect(r.keptBytes).toBeLessThanOrEqual(budget);
    }
    // Full: about ten of them kept, the newest.
    expect(r.keptBytes).toBeGreaterThan(budget * 0.8);
    expect(await activate('r-39')).toBe(answers[39]);
    expect(await activate('r-32')).toBe(answers[32]);
    // The oldest answers are gone, but not the fact that their ids were done.
    await expect(activate('r-0')).rejects.toMatchObject({ code: 'already_applied', message: /đã được thực hiện.*already carried out/s });
    expect(r.size).toBe(40);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
  });

  it('does not keep one answer over an eighth of the budget (it would push out the rest), but keeps its id', async () => {
    const r = new RecentRequests(10 * 60_000, 20_000, Date.now, 1024 * 1024);
    const small = counted(() => answer(10));
    const huge = counted(() => answer(200));
    const s = await r.once('n-1', 'small', small.run);
    await r.once('n-1', 'huge', huge.run);
    expect(await codeOf(r.once('n-1', 'huge', huge.run))).toBe('already_applied');
    expect(await r.once('n-1', 'small', small.run)).toBe(s);
    expect([small.runs, huge.runs]).toEqual([1, 1]);
    expect(r.keptBytes).toBeLessThan(20 * 1024);
  });

  it('a refusal is repeated, not run again; once dropped, as a short copy with the same code', async () => {
    const r = new RecentRequests(10 * 60_000, 20_000, Date.now, 1024 * 1024);
    const issues = Array.from({ length: 100 }, (_, i) => ({ path: `tiles.${i}.rect`, message: 'y'.repeat(500) }));
    let runs = 0;
    const refuse = () => {
      runs++;
      return Promise.reject(new ApiError('conflict', `Bố cục chồng lên nhau / tiles overlap — ${'z'.repeat(5_000)}`, issues));
    };
    const first = await r.once('n-1', 'bad', refuse).catch((e: unknown) => e);
    expect(await r.once('n-1', 'bad', refuse).catch((e: unknown) => e)).toBe(first);
    for (let i = 0; i < 20; i++) await r.once('n-1', `big-${i}`, () => Promise.resolve(answer(100)));
    const again = (await r.once('n-1', 'bad', refuse).catch((e: unknown) => e)) as ApiError;
    expect(again).toBeInstanceOf(ApiError);
    expect(again.code).toBe('conflict');
    expect(again.message).toMatch(/^Bố cục chồng lên nhau \/ tiles overlap — z+…$/);
    expect(again.message.length).toBeLessThan(400);
    expect(again.issues).toBeUndefined();
    expect(runs).toBe(1);
  });

  it('forgets ids after the ttl and past the count, and their answers leave the budget with them', async () => {
    let now = 0;
    const r = new RecentRequests(60_000, 3, () => now, 1024 * 1024);
    const c = counted(() => answer(10));
    await r.once('n-1', 'a', c.run);
    const kept = r.keptBytes;
    expect(kept).toBeGreaterThan(0);
    now = 61_000;
    await r.once('n-1', 'b', c.run);
    expect(r.size).toBe(1);
    expect(r.keptBytes).toBe(kept);
    for (const rid of ['c', 'd', 'e']) await r.once('n-1', rid, c.run);
    expect(r.size).toBe(3);
    expect(r.keptBytes).toBe(3 * kept);
  });
});

describe('the dispatcher under a console that repeats a big activation with fresh request ids', () => {
  it('lets go of old answers (memory bounded), still answers a recent repeat, and never applies one twice', async () => {
    // A full garbage collection on demand: an answer the host still holds survives it.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    let activations = 0;
    // A stand-in handler with what preset.activate answers for a 1,000-tile preset: ~340 KB.
    const dispatcher = createDispatcher({} as never, {
      'preset.activate': () => (activations++, { layout: { id: 'big', tiles: Array.from({ length: 1000 }, (_, i) => ({ id: `t${i}`, panel: 'text', options: { text: 'x'.repeat(100) }, rect: { x: i, y: 0, w: 30, h: 30 } })) } }),
    });
    const desk = { role: 'console' as const, nodeId: 'n-desk', name: 'Bàn 2' };
    const activate = (rid: string) => dispatcher.call('preset.activate', { id: 'big', until: 'release' }, desk, { rid });
    const first = new WeakRef((await activate('r-0')) as object);
    // 100 x 340 KB = 34 MB: twice the budget (before: all kept, 6.7 GB at the 20,000 ids' cap).
    for (let i = 1; i < 100; i++) await activate(`r-${i}`);
    const last = await activate('r-99');
    // A WeakRef keeps its target until the current job ends: one turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(first.deref(), 'the first answer is still held').toBeUndefined();
    expect(await activate('r-99')).toBe(last);
    expect(await codeOf(activate('r-0'))).toBe('already_applied');
    expect(activations).toBe(100);
  });
});

describe('estimateBytes: the heap an answer holds, cheaply', () => {
  it('counts objects, arrays, strings (two bytes a character beyond Latin-1) and non-small numbers', () => {
    expect(estimateBytes('abcd')).toBe(20);
    expect(estimateBytes('Tường')).toBe(16 + 10);
    expect(estimateBytes([1, 2, 0.5])).toBe(32 + 24 + 16);
    expect(estimateBytes({ a: 'x', b: null })).toBe(24 + 16 + 17);
    // 1,000 objects with 180 characters of text each: a quarter of a MB.
    expect(estimateBytes(answer(250))).toBeGreaterThan(250_000);
  });

  it('stops soon after the limit, at any depth or width', () => {
    const wide = Array.from({ length: 1_000_000 }, (_, i) => ({ i }));
    const t0 = performance.now();
    expect(estimateBytes(wide, 1024)).toBeGreaterThan(1024);
    expect(performance.now() - t0).toBeLessThan(200);
    const deep = JSON.parse('['.repeat(20_000) + ']'.repeat(20_000)) as unknown;
    expect(estimateBytes(deep)).toBe(20_000 * 40 - 8);
  });
});
