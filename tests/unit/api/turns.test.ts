import { describe, expect, it, onTestFinished, vi } from 'vitest';
import type { ServerMessage } from '../../../host/api/contract';
import { createDispatcher, type BaseCtx } from '../../../host/api/dispatcher';
import { createSession, MAX_QUEUED, MAX_QUEUED_BYTES } from '../../../host/api/session';
import { createTurns } from '../../../host/api/turns';
import { loadConfig } from '../../../host/config/load';
import { Room } from '../../../host/room/room';

/** A scheduler whose batches run when the test says, on a clock the test moves. */
function manual(batchMs = 4) {
  const due: (() => void)[] = [];
  let t = 0;
  const turns = createTurns({ batchMs, defer: (run) => void due.push(run), now: () => t });
  return {
    turns,
    tick: (ms: number) => void (t += ms),
    /** Runs the batch that is due; false when none was. */
    batch: () => {
      const run = due.shift();
      run?.();
      return run !== undefined;
    },
    due: () => due.length,
  };
}

describe('turns', () => {
  it('runs one job of each lane per round, in the order the lanes got work', () => {
    const m = manual();
    const ran: string[] = [];
    const a = m.turns.lane();
    const b = m.turns.lane();
    for (let i = 1; i <= 5; i++) a.push(() => ran.push(`a${i}`));
    b.push(() => ran.push('b1'));
    b.push(() => ran.push('b2'));
    expect(ran).toEqual([]);
    expect(m.due()).toBe(1);
    m.batch();
    expect(ran).toEqual(['a1', 'b1', 'a2', 'b2', 'a3', 'a4', 'a5']);
    expect([a.waiting, b.waiting, m.due()]).toEqual([0, 0, 0]);
  });

  it('gives the loop back after a batch of batchMs; a lane that gets work meanwhile is served first in the next', () => {
    const m = manual(4);
    const ran: string[] = [];
    const flood = m.turns.lane();
    for (let i = 1; i <= 1000; i++) flood.push(() => (ran.push(`f${i}`), m.tick(1)));
    m.batch();
    // Rounds of one job of 1 ms: the batch ends after the round that reached 4 ms.
    expect(ran).toEqual(['f1', 'f2', 'f3', 'f4']);
    expect(m.due()).toBe(1);
    const other = m.turns.lane();
    other.push(() => ran.push('other'));
    m.batch();
    expect(ran.slice(4, 6)).toEqual(['f5', 'other']);
    while (m.batch());
    expect(ran).toHaveLength(1001);
  });

  it('a job that throws does not stop the others; a closed lane drops its jobs and takes no more', () => {
    const m = manual();
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    onTestFinished(() => error.mockRestore());
    const ran: string[] = [];
    const a = m.turns.lane();
    const b = m.turns.lane();
    a.push(() => {
      throw new Error('boom');
    });
    a.push(() => ran.push('a2'));
    b.push(() => ran.push('b1'));
    b.push(() => ran.push('b2'));
    b.close();
    b.push(() => ran.push('b3'));
    m.batch();
    expect(ran).toEqual(['a2']);
    expect(error).toHaveBeenCalledTimes(1);
  });
});

// The dispatcher never touches db/records itself; handlers here are stand-ins.
const base = { db: null, records: null, config: loadConfig({ env: {} }), dataDir: '/tmp/none', room: new Room(null as never) } as unknown as BaseCtx;

/** Waits for a condition, giving the event loop turns (the session's batches run on setImmediate). */
async function until(probe: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

describe('a session’s flow control', () => {
  function setup() {
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    let calls = 0;
    const dispatcher = createDispatcher(base, {
      'host.info': async () => {
        calls++;
        await gate;
        return 'ok';
      },
    });
    const sent: ServerMessage[] = [];
    let drained = 0;
    const session = createSession(dispatcher, (m) => sent.push(m), 'test', undefined, () => void drained++);
    onTestFinished(() => session.close());
    return { session, sent, open, calls: () => calls, drained: () => drained };
  }

  it('says it is full at MAX_QUEUED and asks for more once it has answered half of them', async () => {
    const s = setup();
    const took: boolean[] = [];
    for (let i = 0; i < MAX_QUEUED; i++) took.push(s.session.receive({ type: 'request', id: i, method: 'host.info' }));
    expect(took.slice(0, -1).every(Boolean)).toBe(true);
    expect(took.at(-1)).toBe(false);
    expect(s.session.pending).toBe(MAX_QUEUED);
    await until(() => s.calls() === MAX_QUEUED, 'every request dispatched');
    expect(s.drained()).toBe(0);
    s.open();
    await until(() => s.sent.length === MAX_QUEUED, 'every answer');
    expect(s.session.pending).toBe(0);
    // Once, when half were answered: not once per answer after it.
    expect(s.drained()).toBe(1);
    expect(s.sent.map((m) => (m.type === 'response' ? m.id : -1))).toEqual(Array.from({ length: MAX_QUEUED }, (_, i) => i));
  });

  it('counts bytes too: messages of MAX_QUEUED_BYTES fill it however few they are', async () => {
    const s = setup();
    expect(s.session.receive({ type: 'request', id: 1, method: 'host.info' }, MAX_QUEUED_BYTES / 2)).toBe(true);
    expect(s.session.receive({ type: 'request', id: 2, method: 'host.info' }, MAX_QUEUED_BYTES / 2)).toBe(false);
    s.open();
    await until(() => s.sent.length === 2, 'both answers');
    expect(s.drained()).toBe(1);
  });

  it('a closed session drops what waits for its turn and never asks for more', async () => {
    const s = setup();
    for (let i = 0; i < MAX_QUEUED; i++) s.session.receive({ type: 'request', id: i, method: 'host.info' });
    s.session.close();
    s.open();
    // A request on another session is answered: the batches ran.
    const other = setup();
    other.open();
    other.session.receive({ type: 'request', id: 1, method: 'host.info' });
    await until(() => other.sent.length === 1, 'the other session’s answer');
    expect([s.calls(), s.sent.length, s.drained()]).toEqual([0, 0, 0]);
  });
});
