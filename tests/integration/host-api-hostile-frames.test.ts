// What a hostile LAN client or a compromised wall sends over the WebSocket itself: raw frames the
// ws client would never build (a 100 MB length, bytes that are not UTF-8, 100,000 levels of
// nesting, an id of 1e999), and a flood of requests whose answers it never reads. Each is answered
// or the one connection is closed; the host's memory stays bounded and other clients keep working.
import { connect, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import WebSocket from 'ws';
import type { ServerMessage } from '../../host/api/contract';
import { loadConfig } from '../../host/config/load';
import { startHost, type HostService } from '../../host/service';
import { enrollWithHost } from '../../host/remote/ws-transport';
import { waitFor } from './support/room';

let dir: string;
let host: HostService;
let port: number;
const TOKEN = 'integration-token-0123456789';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-frames-'));
  host = await startHost({ config: loadConfig({ env: {}, flags: { port: '0', token: TOKEN, demo: false } }), dataDir: join(dir, 'data'), rendererDir: null });
  port = Number(new URL(host.url!).port);
});
afterAll(async () => {
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A client frame (masked with a zero key, as the protocol allows) of the given bytes and length field. */
function frame(payload: Buffer, opcode = 0x1, declared = payload.length): Buffer {
  let head: Buffer;
  if (declared < 126) head = Buffer.from([0x80 | opcode, 0x80 | declared]);
  else if (declared < 65536) head = Buffer.from([0x80 | opcode, 0x80 | 126, declared >> 8, declared & 255]);
  else {
    head = Buffer.alloc(10);
    head[0] = 0x80 | opcode;
    head[1] = 0x80 | 127;
    head.writeBigUInt64BE(BigInt(declared), 2);
  }
  return Buffer.concat([head, Buffer.alloc(4), payload]);
}
const text = (s: string) => frame(Buffer.from(s, 'utf8'));

/** A WebSocket opened by hand over TCP: what it sends is exactly the bytes given. */
async function rawSocket(token = TOKEN): Promise<{ socket: Socket; received: () => Buffer; closed: Promise<void> }> {
  const socket = connect(port, '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  socket.on('error', () => {}); // a reset by the host is an expected ending here
  let buf = Buffer.alloc(0);
  socket.on('data', (d: Buffer) => (buf = Buffer.concat([buf, d])));
  const closed = new Promise<void>((r) => socket.once('close', () => r()));
  socket.write(
    `GET /api?token=${token} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  );
  await waitFor(() => buf.includes('\r\n\r\n'), 'the upgrade');
  expect(buf.toString('latin1')).toMatch(/^HTTP\/1.1 101/);
  buf = buf.subarray(buf.indexOf('\r\n\r\n') + 4);
  return { socket, received: () => buf, closed };
}

/** The close code in the host's close frame, if it sent one. */
function closeCode(bytes: Buffer): number | null {
  for (let i = 0; i + 3 < bytes.length; i++) if (bytes[i] === 0x88 && bytes[i + 1]! >= 2 && bytes[i + 1]! < 126) return bytes.readUInt16BE(i + 2);
  return null;
}

interface Client {
  ws: WebSocket;
  seen: ServerMessage[];
  ask(m: string, params?: unknown): Promise<ServerMessage>;
  next(p: (m: ServerMessage) => boolean): Promise<ServerMessage>;
}

async function client(): Promise<Client> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api?token=${TOKEN}`);
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  const seen: ServerMessage[] = [];
  ws.on('message', (d) => seen.push(JSON.parse(d.toString()) as ServerMessage));
  const next = (p: (m: ServerMessage) => boolean) => waitFor(() => seen.find(p), 'an answer');
  let id = 1_000;
  return {
    ws,
    seen,
    next,
    ask(method, params) {
      const my = ++id;
      ws.send(JSON.stringify({ type: 'request', id: my, method, params }));
      return next((m) => m.type !== 'event' && m.id === my);
    },
  };
}

describe('frames a browser or the ws client would never send', () => {
  it('an id of 1e999 (Infinity once parsed) is answered with id -1, never a null id', async () => {
    const c = await client();
    c.ws.send('{"type":"request","id":1e999,"method":"host.info"}');
    const m = await c.next((x) => x.type === 'error');
    expect(m).toMatchObject({ type: 'error', id: -1, error: { code: 'bad_message' } });
    c.ws.close();
  });

  it('100,000 levels of nesting sent raw are refused by the schema; the connection goes on', async () => {
    const c = await client();
    const depth = 100_000;
    c.ws.send(`{"type":"request","id":7,"method":"preset.save","params":${'['.repeat(depth)}${']'.repeat(depth)}}`);
    expect(await c.next((m) => m.type !== 'event' && m.id === 7)).toMatchObject({ type: 'error', error: { code: 'invalid_params' } });
    c.ws.send(`{"type":"request","id":8,"method":"layouts.import","params":{"file":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}}`);
    expect(await c.next((m) => m.type !== 'event' && m.id === 8)).toMatchObject({ type: 'error', error: { code: 'invalid_params' } });
    c.ws.send(`{"type":"request","id":${'['.repeat(depth)}${']'.repeat(depth)},"method":"host.info"}`);
    expect(await c.next((m) => m.type === 'error' && m.id === -1)).toMatchObject({ error: { code: 'bad_message' } });
    expect((await c.ask('host.info')).type).toBe('response');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    c.ws.close();
  });

  it('duplicate request ids are each answered; made-up and prototype event names are refused', async () => {
    const c = await client();
    for (let i = 0; i < 3; i++) c.ws.send(JSON.stringify({ type: 'request', id: 5, method: 'freshness.list', params: {} }));
    await waitFor(() => c.seen.filter((m) => m.type === 'response' && m.id === 5).length === 3, 'three answers to id 5');
    for (const event of ['__proto__', 'constructor', 'toString', 'no.such.event']) {
      c.ws.send(JSON.stringify({ type: 'subscribe', event }));
      expect(await c.next((m) => m.type === 'error' && m.error.message.includes(`'${event}'`)), event).toMatchObject({ error: { code: 'forbidden' } });
    }
    expect((await c.ask('host.info')).type).toBe('response');
    c.ws.close();
  });

  it('a frame that declares 100 MB is refused from its header (1009), before the host reads it', async () => {
    const other = await client();
    const raw = await rawSocket();
    raw.socket.write(frame(Buffer.from('{"type":"request","id":1,'), 0x1, 100 * 1024 * 1024));
    await raw.closed;
    expect(closeCode(raw.received())).toBe(1009);
    expect((await other.ask('host.info')).type).toBe('response');
    other.ws.close();
  });

  it('bytes that are not UTF-8 in a text frame, or a lone surrogate escaped in JSON, close or answer only that connection', async () => {
    const raw = await rawSocket();
    raw.socket.write(frame(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])));
    await raw.closed;
    expect(closeCode(raw.received())).toBe(1007);
    const c = await client();
    c.ws.send('{"type":"request","id":3,"method":"preset.get","params":{"id":"\\ud800"}}');
    expect(await c.next((m) => m.type !== 'event' && m.id === 3)).toMatchObject({ type: 'error', error: { code: 'not_found' } });
    c.ws.close();
  });
});

describe('requests pipelined without reading the answers', () => {
  it('the host drops that connection once its unread answers pass the limit; memory stays bounded and others are answered', async () => {
    // areas.list answers some 230 KB: a few dozen unread answers reach the host's 16 MB limit.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    onTestFinished(() => warn.mockRestore());
    const other = await client();
    // A compromised wall: its own credential, a method every wall may call.
    const added = (await host.dispatcher.call('nodes.add', { role: 'wall', name: 'Tường bị chiếm' }, 'test')) as { id: string; code: string };
    const wall = await enrollWithHost(host.url!, added.code);
    const raw = await rawSocket(wall.credential);
    const room = host.dispatcher.base.room;
    await waitFor(() => room.connections(wall.nodeId) === 1, 'the wall connected');
    raw.socket.pause(); // reads nothing more: the kernel's buffers fill, then the host's
    const before = process.memoryUsage();
    let peak = 0;
    const sample = setInterval(() => {
      const m = process.memoryUsage();
      peak = Math.max(peak, m.heapUsed + m.external - before.heapUsed - before.external);
    }, 10);
    onTestFinished(() => clearInterval(sample));
    const N = 20_000;
    raw.socket.write(Buffer.concat(Array.from({ length: N }, (_, i) => text(`{"type":"request","id":${i},"method":"areas.list","params":{}}`))));
    // The paused socket sees no close; the host's side counts its clients.
    await waitFor(() => room.connections(wall.nodeId) === 0, 'the flooding connection dropped', 20_000);
    expect((await other.ask('host.info')).type).toBe('response');
    // 20,000 answers of 230 KB are 4.6 GB: what the host held at once is a small part of it.
    expect(peak).toBeLessThan(600 * 1024 * 1024);
    raw.socket.destroy();
    other.ws.close();
  });
});

