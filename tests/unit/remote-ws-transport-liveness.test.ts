import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnState } from '../../host/api/client/transport';

/**
 * The desktop node's transport (host/remote/ws-transport.ts, Electron main) on a fake `ws` socket
 * and fake timers: an open socket whose host goes silent (a silent partition: no FIN, no RST) is
 * pinged, then terminated — not closed politely — and retried at once; the host's own pings and
 * pongs count as heard. Before, only the handshake had a deadline: the node stayed 'up' on a
 * dead socket until TCP gave up, 40–117 s after the LAN healed.
 */
class FakeWs extends EventEmitter {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static made: FakeWs[] = [];
  readyState = FakeWs.CONNECTING;
  pings = 0;
  terminated = 0;
  closed = 0;
  sent: string[] = [];
  constructor(
    readonly url: string,
    readonly protocols: string[],
    readonly opts: Record<string, unknown>,
  ) {
    super();
    FakeWs.made.push(this);
  }
  open() {
    this.readyState = FakeWs.OPEN;
    this.emit('open');
  }
  send(data: string) {
    this.sent.push(data);
  }
  ping() {
    this.pings++;
  }
  terminate() {
    this.terminated++;
    this.readyState = FakeWs.CLOSED;
    queueMicrotask(() => this.emit('close', 1006, Buffer.alloc(0)));
  }
  close() {
    // A polite close waits for the host's close frame: a silent host never sends it.
    this.closed++;
    this.readyState = FakeWs.CLOSING;
  }
}

vi.mock('ws', () => ({ default: FakeWs, WebSocket: FakeWs }));

const { nodeWebSocketTransport } = await import('../../host/remote/ws-transport');

beforeEach(() => {
  FakeWs.made = [];
  vi.useFakeTimers();
});
afterEach(() => void vi.useRealTimers());

function start(extra: Partial<Parameters<typeof nodeWebSocketTransport>[0]> = {}) {
  const t = nodeWebSocketTransport({ url: 'https://10.0.0.5:8080', credential: 'c'.repeat(43), ...extra });
  const states: ConnState[] = [];
  t.onState((s) => void states.push(s));
  t.start();
  return { t, states };
}

describe('nodeWebSocketTransport liveness (desktop node)', () => {
  it('pings a silent host after 5 s, terminates the socket 4 s later, says down and reconnects', async () => {
    const { t, states } = start();
    const first = FakeWs.made[0]!;
    first.open();
    expect(states).toEqual(['connecting', 'up']);
    await vi.advanceTimersByTimeAsync(5000);
    expect(first.pings).toBe(1);
    await vi.advanceTimersByTimeAsync(3999);
    expect(first.terminated).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(first.terminated).toBe(1);
    expect(first.closed).toBe(0);
    expect(states.at(-1)).toBe('down');
    // The retry starts after the first backoff step (0.5 s ± jitter), not after TCP gives up.
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeWs.made).toHaveLength(2);
    FakeWs.made[1]!.open();
    expect(states.at(-1)).toBe('up');
    t.close();
  });

  it("counts the host's pings, pongs and messages as heard: a talking host is never dropped", async () => {
    const { t, states } = start();
    const sock = FakeWs.made[0]!;
    sock.open();
    // The host pings every 3 s and says nothing else (host/server/ws.ts pings its peers).
    for (let i = 0; i < 20; i++) {
      await vi.advanceTimersByTimeAsync(3000);
      sock.emit('ping', Buffer.alloc(0));
    }
    expect(sock.pings).toBe(0);
    // Silent: pinged; its pong keeps the connection.
    await vi.advanceTimersByTimeAsync(5000);
    expect(sock.pings).toBe(1);
    sock.emit('pong', Buffer.alloc(0));
    await vi.advanceTimersByTimeAsync(4000);
    // Events count too.
    sock.emit('message', Buffer.from(JSON.stringify({ type: 'event', event: 'changed', data: {} })), false);
    await vi.advanceTimersByTimeAsync(4000);
    expect(sock.terminated).toBe(0);
    expect(states).toEqual(['connecting', 'up']);
    t.close();
  });

  it('gives up a handshake that never completes after connectTimeoutMs', () => {
    const { t } = start({ connectTimeoutMs: 3000 });
    expect(FakeWs.made[0]!.opts.handshakeTimeout).toBe(3000);
    t.close();
  });
});
