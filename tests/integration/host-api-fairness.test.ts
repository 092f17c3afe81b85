// One host serves every wall, kiosk and console: a node that floods it with requests (a kiosk in a
// loop, reading its answers, so the 16 MB unread-answers limit never drops it) must not hold the
// others' requests behind its own, and the host must not take more of its requests than it can
// answer in turn. Asserted by the order in which the host dispatches calls (a wrapper around the
// dispatcher's `call`), never by time.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import WebSocket from 'ws';
import type { ServerMessage } from '../../host/api/contract';
import { createDispatcher, type BaseCtx, type Dispatcher } from '../../host/api/dispatcher';
import { MAX_QUEUED } from '../../host/api/session';
import { loadConfig } from '../../host/config/load';
import { adminCaller, type Caller } from '../../host/room/caller';
import { Room } from '../../host/room/room';
import { enrollWithHost } from '../../host/remote/ws-transport';
import { attachWebSocket } from '../../host/server/ws';
import { startHost, type HostService } from '../../host/service';
import { waitFor } from './support/room';

let dir: string;
let host: HostService;
const TOKEN = 'integration-token-0123456789';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-fairness-'));
  host = await startHost({ config: loadConfig({ env: {}, flags: { port: '0', token: TOKEN, demo: false } }), dataDir: join(dir, 'data'), rendererDir: null });
});
afterAll(async () => {
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

type Answer = Exclude<ServerMessage, { type: 'event' }>;

interface Client {
  ws: WebSocket;
  /** Answers (not events) received, in order. */
  answers: Answer[];
  send(id: number, method: string, params?: unknown, rid?: string): void;
}

async function client(token: string): Promise<Client> {
  const ws = new WebSocket(`${host.url!.replace(/^http/, 'ws')}/api?token=${token}`);
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  const answers: Answer[] = [];
  ws.on('message', (d) => {
    const m = JSON.parse(d.toString()) as ServerMessage;
    if (m.type !== 'event') answers.push(m);
  });
  onTestFinished(() => ws.close());
  return {
    ws,
    answers,
    send: (id, method, params, rid) => ws.send(JSON.stringify({ type: 'request', id, method, params, ...(rid ? { rid } : {}) })),
  };
}

async function node(role: 'wall' | 'kiosk' | 'console', name: string): Promise<{ c: Client; nodeId: string }> {
  const added = (await host.dispatcher.call('nodes.add', { role, name }, 'test')) as { code: string };
  const enrolled = await enrollWithHost(host.url!, added.code);
  return { c: await client(enrolled.credential), nodeId: enrolled.nodeId };
}

/** Wraps the dispatcher's `call` for the test: `around` sees every call and may hold one back. */
function watchCalls(around: (caller: Caller, run: () => Promise<unknown>) => Promise<unknown>): void {
  const d = host.dispatcher as { call: Dispatcher['call'] };
  const real = d.call;
  d.call = (method, params, who, opts) => {
    const run = () => real(method, params, who, opts);
    return typeof who === 'object' ? around(who, run) : run();
  };
  onTestFinished(() => void (d.call = real));
}

describe('requests of several connections', () => {
  it('a request from a second connection is served before the flooding connection’s remaining requests', async () => {
    const kiosk = await node('kiosk', 'Kiosk trong vòng lặp');
    const FLOOD = 20_000;
    const admin = await client(TOKEN);
    let flooded = 0;
    let floodedWhenAsked = -1;
    let floodedBeforeAnswered = -1;
    watchCalls((caller, run) => {
      if (caller.nodeId === kiosk.nodeId) {
        // The flood is under way inside the host: the other client asks now.
        if (++flooded === 10) {
          floodedWhenAsked = flooded;
          admin.send(1, 'host.info');
        }
      } else if (floodedBeforeAnswered < 0) {
        floodedBeforeAnswered = flooded;
      }
      return run();
    });
    for (let i = 0; i < FLOOD; i++) kiosk.c.send(i, 'host.info');
    await waitFor(() => admin.answers.length === 1, 'the second client’s answer', 20_000);
    expect(admin.answers[0]).toMatchObject({ type: 'response', id: 1 });
    // Taking turns: at most what the flooder had queued when the request came, plus one turn.
    expect(floodedBeforeAnswered - floodedWhenAsked).toBeLessThanOrEqual(2 * MAX_QUEUED);
    expect(floodedBeforeAnswered).toBeLessThan(FLOOD);
    // The flooder is not refused anything: every request answered, in order.
    await waitFor(() => kiosk.c.answers.length === FLOOD, 'every flood answer', 60_000);
    expect(kiosk.c.answers.every((m, i) => m.type === 'response' && m.id === i)).toBe(true);
  }, 90_000);

  it('the host holds at most MAX_QUEUED requests of one connection; the rest wait in the network', async () => {
    const kiosk = await node('kiosk', 'Kiosk chờ');
    const admin = await client(TOKEN);
    let taken = 0;
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    // The kiosk's requests are taken by the host but not answered until the gate opens.
    watchCalls((caller, run) => (caller.nodeId === kiosk.nodeId ? (taken++, gate.then(run)) : run()));
    const SENT = 10 * MAX_QUEUED;
    for (let i = 0; i < SENT; i++) kiosk.c.send(i, 'host.info');
    await waitFor(() => taken >= MAX_QUEUED, 'the host took the kiosk’s first requests');
    // Several round trips of another client: the host has read its sockets again and again since.
    for (let i = 1; i <= 5; i++) {
      admin.send(i, 'host.info');
      await waitFor(() => admin.answers.length === i, 'the other client’s answer');
    }
    expect(taken).toBe(MAX_QUEUED);
    // Held is not refused: once the host answers, it reads on and answers all of them, in order.
    open();
    await waitFor(() => kiosk.c.answers.length === SENT, 'every answer', 30_000);
    expect(taken).toBe(SENT);
    expect(kiosk.c.answers.every((m, i) => m.type === 'response' && m.id === i)).toBe(true);
  }, 60_000);

  it('a display’s pipelined first frame (40 requests) is answered whole; a repeated request id is applied once', async () => {
    const wall = await node('wall', 'Tường 1');
    for (let i = 0; i < 40; i++) wall.c.send(i, i % 2 ? 'host.info' : 'freshness.list', {});
    await waitFor(() => wall.c.answers.length === 40, 'the first frame’s answers');
    expect(wall.c.answers.map((m) => (m.type === 'response' ? m.id : `error ${m.id}`))).toEqual(Array.from({ length: 40 }, (_, i) => i));
    const admin = await client(TOKEN);
    const put = { domain: 'economy', indicator: 'economy.grdp', areaId: '70', period: '2024', value: 1, source: 'test', updatedAt: '2024-12-31T00:00:00+07:00' };
    admin.send(1, 'observation.put', put, 'rid-fair-1');
    admin.send(2, 'observation.put', put, 'rid-fair-1');
    await waitFor(() => admin.answers.length === 2, 'both answers');
    expect(admin.answers[0]).toMatchObject({ type: 'response', id: 1 });
    // The repeat is not run again: its answer is the first one's, or 'already_applied'.
    const second = admin.answers[1]!;
    if (second.type === 'response') expect(second).toEqual({ ...admin.answers[0], id: 2 });
    else expect(second).toMatchObject({ id: 2, error: { code: 'already_applied' } });
  });
});

describe('a connection the host stopped reading', () => {
  it('is not dropped as dead for the pongs it could not read meanwhile', async () => {
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const base = { db: null, records: null, config: loadConfig({ env: {} }), dataDir: '/tmp/none', room: new Room(null as never) } as unknown as BaseCtx;
    const dispatcher = createDispatcher(base, {
      'host.info': async () => {
        await gate;
        return 'ok';
      },
    });
    const server = createServer();
    const ws = attachWebSocket(server, { authenticate: () => adminCaller('test'), allowedOrigins: [], dispatcher, pingMs: 20 });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    onTestFinished(() => {
      ws.close();
      server.close();
    });
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
    const connect = async () => {
      const c = new WebSocket(url);
      await new Promise((r, j) => (c.once('open', r), c.once('error', j)));
      return c;
    };
    const busy = await connect();
    let closed = false;
    busy.on('close', () => (closed = true));
    // The host's pings still reach it (its pongs wait unread in the host's socket): they count the
    // rounds it is judged in. Counted on the paused connection itself, so no other connection's
    // pong has to beat a 20 ms round on a busy machine.
    let pings = 0;
    busy.on('ping', () => pings++);
    // Its requests wait for the gate: the host holds MAX_QUEUED of them and stops reading.
    for (let i = 0; i < 2 * MAX_QUEUED; i++) busy.send(JSON.stringify({ type: 'request', id: i, method: 'host.info' }));
    await waitFor(() => pings >= 5, 'five ping rounds');
    expect(closed).toBe(false);
    // Resumed, it is judged by its pongs again, as every connection (the other tests read it again).
    open();
    busy.close();
  });
});
