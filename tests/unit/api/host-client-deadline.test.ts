import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { METHODS } from '../../../host/api/contract';
import { HostClient, HostError, MUTATION_DEADLINE_MS } from '../../../host/api/client/HostClient';
import { READ_METHODS } from '../../../host/api/client/reads';
import { fakeTransport } from '../support/fake-transport';

/**
 * An operator's change pressed during an outage must not be carried out minutes later without a
 * word (the audit: `preset.activate emergency` pressed in a 75 s partition applied 108 s later).
 * A mutating call is (re)sent, with the same request id, only until MUTATION_DEADLINE_MS after
 * the press; past it, with the connection lost, it is rejected 'unconfirmed' and never sent again.
 * Reads keep waiting as before.
 */

function settled<T>(p: Promise<T>) {
  const out: { value?: T; error?: unknown; done: boolean } = { done: false };
  p.then(
    (v) => Object.assign(out, { value: v, done: true }),
    (e: unknown) => Object.assign(out, { error: e, done: true }),
  );
  return out;
}

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('HostClient: a deadline for changes', () => {
  it('is 15 s, a named constant', () => {
    expect(MUTATION_DEADLINE_MS).toBe(15_000);
  });

  it('rejects a change pressed while the host is unreachable with unconfirmed at the deadline, and never sends it after', async () => {
    const f = fakeTransport();
    const c = new HostClient(f.t);
    f.up();
    f.down();
    const r = settled(c.call('preset.activate', { id: 'emergency' }));
    await vi.advanceTimersByTimeAsync(MUTATION_DEADLINE_MS - 1);
    expect(r.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(r.done).toBe(true);
    expect(r.error).toBeInstanceOf(HostError);
    expect(r.error).toMatchObject({ code: 'unconfirmed' });
    expect((r.error as HostError).message).toMatch(/có thể chưa được thực hiện.*kiểm tra lại rồi thử lại/i);
    expect((r.error as HostError).message).toMatch(/may not have been carried out.*check, then try again/i);
    // The host comes back: the change is not sent.
    f.up();
    expect(f.requests('preset.activate')).toEqual([]);
  });

  it('re-sends a change within the deadline with the same request id (the host applies it once)', async () => {
    const f = fakeTransport();
    const c = new HostClient(f.t);
    f.up();
    const r = settled(c.call('preset.activate', { id: 'emergency' }));
    f.down();
    await vi.advanceTimersByTimeAsync(10_000);
    f.up();
    const sent = f.requests('preset.activate');
    expect(sent).toHaveLength(2);
    expect(sent[1]!.rid).toBe(sent[0]!.rid);
    expect(sent[1]!.id).toBe(sent[0]!.id);
    f.reply({ type: 'response', id: sent[1]!.id, result: { ok: true } });
    await vi.advanceTimersByTimeAsync(0);
    expect(r).toMatchObject({ done: true, value: { ok: true } });
    // Answered: the deadline has nothing left to do.
    await vi.advanceTimersByTimeAsync(MUTATION_DEADLINE_MS);
    expect(r.error).toBeUndefined();
  });

  it('lets a slow change on a live connection finish past the deadline, but gives it up when that connection is lost', async () => {
    const f = fakeTransport();
    const c = new HostClient(f.t);
    f.up();
    const slow = settled(c.call('feeds.runNow', {} as never));
    const lostOne = settled(c.call('preset.activate', { id: 'emergency' }));
    await vi.advanceTimersByTimeAsync(MUTATION_DEADLINE_MS + 5000);
    expect(slow.done).toBe(false);
    expect(lostOne.done).toBe(false);
    f.reply({ type: 'response', id: f.requests('feeds.runNow')[0]!.id, result: { ran: 3 } });
    await vi.advanceTimersByTimeAsync(0);
    expect(slow).toMatchObject({ done: true, value: { ran: 3 } });
    f.down();
    await vi.advanceTimersByTimeAsync(0);
    expect(lostOne.error).toMatchObject({ code: 'unconfirmed' });
    f.up();
    expect(f.requests('preset.activate')).toHaveLength(1);
  });

  it('keeps a read waiting and re-sending for as long as it takes', async () => {
    const f = fakeTransport();
    const c = new HostClient(f.t);
    f.up();
    f.down();
    const r = settled(c.call('layout.active', {}));
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(r.done).toBe(false);
    f.up();
    const [req] = f.requests('layout.active');
    f.reply({ type: 'response', id: req!.id, result: { layout: null } });
    await vi.advanceTimersByTimeAsync(0);
    expect(r).toMatchObject({ done: true, value: { layout: null } });
  });

  it("knows the contract's reads: READ_METHODS is exactly the methods that do not mutate", () => {
    const reads = Object.entries(METHODS)
      .filter(([, d]) => !d.mutates)
      .map(([m]) => m)
      .sort();
    expect([...READ_METHODS].sort()).toEqual(reads);
  });
});
