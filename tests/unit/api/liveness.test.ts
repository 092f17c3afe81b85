import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchLiveness } from '../../../host/api/client/liveness';

/**
 * The watchdog both WebSocket transports share (host/api/client/liveness.ts), on fake timers and
 * a fake socket: what it probes with and what it drops are the socket's, the timing is its own.
 */
function fakeSocket() {
  return { probes: 0, dropped: 0, ping() { this.probes++; }, terminate() { this.dropped++; } };
}

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('watchLiveness', () => {
  it('probes after probeAfterMs of silence and gives a connection up probeTimeoutMs later', () => {
    const sock = fakeSocket();
    watchLiveness({ probeAfterMs: 5000, probeTimeoutMs: 4000, probe: () => sock.ping(), lost: () => sock.terminate() });
    vi.advanceTimersByTime(4999);
    expect(sock.probes).toBe(0);
    vi.advanceTimersByTime(1);
    expect(sock.probes).toBe(1);
    vi.advanceTimersByTime(3999);
    expect(sock.dropped).toBe(0);
    vi.advanceTimersByTime(1);
    expect(sock.dropped).toBe(1);
    // Once: no more probes nor drops after it.
    vi.advanceTimersByTime(60_000);
    expect([sock.probes, sock.dropped]).toEqual([1, 1]);
  });

  it('keeps a connection whose host answers, probing only when it is silent', () => {
    const sock = fakeSocket();
    const live = watchLiveness({ probeAfterMs: 5000, probeTimeoutMs: 4000, probe: () => sock.ping(), lost: () => sock.terminate() });
    // The host talks every 3 s (its own pings, events): no probe is ever needed.
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(3000);
      live.heard();
    }
    expect([sock.probes, sock.dropped]).toEqual([0, 0]);
    // Silent: probed, and the answer (a pong) keeps it.
    vi.advanceTimersByTime(5000);
    expect(sock.probes).toBe(1);
    vi.advanceTimersByTime(1000);
    live.heard();
    vi.advanceTimersByTime(3999);
    expect(sock.dropped).toBe(0);
    expect(sock.probes).toBe(1);
    vi.advanceTimersByTime(1001);
    expect(sock.probes).toBe(2);
    live.stop();
    vi.advanceTimersByTime(60_000);
    expect([sock.probes, sock.dropped]).toEqual([2, 0]);
  });

  it('probes at once when asked (the OS says the network changed), and at least every probeEveryMs', () => {
    const sock = fakeSocket();
    const live = watchLiveness({ probeAfterMs: 5000, probeTimeoutMs: 4000, probeEveryMs: 60_000, probe: () => sock.ping(), lost: () => sock.terminate() });
    live.probeNow();
    expect(sock.probes).toBe(1);
    live.probeNow(); // one out at a time
    expect(sock.probes).toBe(1);
    live.heard();
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(3000);
      live.heard();
    }
    expect(sock.probes).toBe(2);
    expect(sock.dropped).toBe(0);
    live.stop();
  });
});
