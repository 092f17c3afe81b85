// The browser transport (renderer/client/transport.ts) in Node 22, whose global WebSocket is
// the WHATWG one: a host that stops answering (a cut cable closes nothing) must be noticed by
// the probe and retried; a host that answers keeps the connection; a host that never completes
// the handshake is given up on.
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket as WsSocket } from 'ws';
import { webSocketTransport } from '../../../renderer/client/ws-transport';
import type { ConnState } from '../../../host/api/client/transport';
import type { ServerMessage } from '../../../host/api/contract';

type State = ConnState;

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

async function wsServer(answer: boolean): Promise<{ url: string; sockets: WsSocket[]; received: unknown[] }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  const sockets: WsSocket[] = [];
  const received: unknown[] = [];
  wss.on('connection', (ws) => {
    sockets.push(ws);
    ws.on('message', (raw) => {
      const m = JSON.parse(String(raw)) as { type: string; id: number };
      received.push(m);
      if (answer && m.type === 'request') ws.send(JSON.stringify({ type: 'response', id: m.id, result: { ok: true } }));
    });
  });
  cleanups.push(() => wss.close());
  return { url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/api`, sockets, received };
}

function open(url: string, extra: Partial<Parameters<typeof webSocketTransport>[0]> = {}) {
  const t = webSocketTransport({ url, minDelayMs: 20, maxDelayMs: 40, probeAfterMs: 100, probeTimeoutMs: 150, connectTimeoutMs: 300, ...extra });
  const states: State[] = [];
  const messages: ServerMessage[] = [];
  t.onState((s) => void states.push(s));
  t.onMessage((m) => void messages.push(m));
  t.start();
  cleanups.push(() => t.close());
  // Polled: some conditions are about the server side, which no callback here reports. The
  // deadline only bounds a failure; a busy machine is given time (under the 30 s test timeout).
  const until = (cond: () => boolean, what: string, ms = 20_000) =>
    new Promise<void>((ok, fail) => {
      const t0 = Date.now();
      const tick = setInterval(() => {
        if (cond()) (clearInterval(tick), ok());
        else if (Date.now() - t0 > ms) (clearInterval(tick), fail(new Error(`timed out waiting for ${what}; states ${states.join(',')}`)));
      }, 10);
    });
  return { t, states, messages, until };
}

/**
 * Deadlines a loaded machine does not reach. A test about a host that answers must not read a
 * slow answer as no answer: with the 150 ms / 300 ms deadlines above, a busy machine that takes
 * longer to connect or to answer a probe puts a spurious 'down' into the states. The transport
 * wakes at an answered probe's deadline and, the host having been silent for probeAfterMs since
 * the answer, probes again at once: a second probe reaching the host proves the first deadline
 * passed with the answer taken.
 */
const PATIENT = { probeTimeoutMs: 2_500, connectTimeoutMs: 30_000 };

describe('webSocketTransport liveness', () => {
  it('keeps a connection whose host answers the probe, and never hands the probe reply to the client', async () => {
    const srv = await wsServer(true);
    const c = open(srv.url, PATIENT);
    await c.until(() => c.states.includes('up'), 'up');
    // Two probe rounds: the first answered before its deadline, so the state stays up.
    await c.until(() => srv.received.filter((m) => (m as { id: number }).id < 0).length >= 2, 'two probes');
    expect(c.states).toEqual(['connecting', 'up']);
    expect(c.messages).toEqual([]);
    c.t.send({ type: 'request', id: 7, method: 'host.info', params: {} });
    await c.until(() => c.messages.length === 1, 'the real answer');
    expect(c.messages[0]).toMatchObject({ type: 'response', id: 7 });
  });

  it('gives up on a host that stops answering, says down, and reconnects', async () => {
    const srv = await wsServer(false);
    // Connecting may be slow (it is not what this test is about); the probe deadline stays short.
    const c = open(srv.url, { connectTimeoutMs: PATIENT.connectTimeoutMs });
    await c.until(() => c.states.includes('up'), 'up');
    expect(c.states).toEqual(['connecting', 'up']);
    await c.until(() => c.states.includes('down'), 'down after an unanswered probe');
    const probe = srv.received.find((m) => (m as { id: number }).id < 0);
    expect(probe).toMatchObject({ type: 'request', method: 'host.info' });
    await c.until(() => srv.sockets.length >= 2 && c.states.lastIndexOf('up') > c.states.indexOf('down'), 'up again');
  });

  it('gives up on a connection that never opens (packets going nowhere)', async () => {
    const silent: Server = createServer(() => {}); // accepts TCP, never answers the upgrade
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    cleanups.push(() => silent.close());
    const c = open(`ws://127.0.0.1:${(silent.address() as AddressInfo).port}/api`);
    await c.until(() => c.states.includes('down'), 'down after the connect timeout');
    expect(c.states[0]).toBe('connecting');
  });
});
