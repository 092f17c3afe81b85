import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ServerMessage } from '../api/contract';
import type { Dispatcher } from '../api/dispatcher';
import { createSession } from '../api/session';
import type { Caller } from '../room/caller';
import { API_PROTOCOL, hostAllowed, hostNames, misdirectedWords, originAllowed, TOKEN_PROTOCOL_PREFIX, tokenOf, type HostNames } from './security';

export interface WsOptions {
  /** The caller a token stands for (the host's admin token or a node's credential), or null. */
  authenticate(token: string | null): Caller | null;
  allowedOrigins: readonly string[];
  /** The names browsers may reach the host by (security.ts hostAllowed); default: its own and the listed origins'. */
  hostNames?: HostNames;
  dispatcher: Dispatcher;
  /** Dead peers (a wall PC switched off) are dropped after one missed ping. */
  pingMs?: number;
}

const MAX_MESSAGE = 1024 * 1024;
const MAX_BUFFERED = 16 * 1024 * 1024;

const byteLength = (data: WebSocket.RawData): number =>
  Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data instanceof ArrayBuffer ? data.byteLength : data.length;

function refuse(socket: Duplex, status: number, text: string, body = text): void {
  const bytes = Buffer.from(body);
  socket.end(
    Buffer.concat([
      Buffer.from(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${bytes.length}\r\n\r\n`),
      bytes,
    ]),
  );
}

/** Serves the HostApi at /api on the given HTTP server. Returns a closer. */
export function attachWebSocket(server: Server, opts: WsOptions): { close(): void; clients(): number } {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE,
    // A browser that offered sub-protocols fails the connection unless one is chosen.
    handleProtocols: (protocols) => {
      if (protocols.has(API_PROTOCOL)) return API_PROTOCOL;
      const first = [...protocols].find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX));
      return first ?? false;
    },
  });

  const names = opts.hostNames ?? hostNames(opts.allowedOrigins);
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A page of another site whose name was made to resolve here sends that name in Host and in
    // Origin alike: the Origin check would take it for the host's own page. A node sends no Origin.
    if (req.headers.origin !== undefined && !hostAllowed(req, names)) return refuse(socket, 421, 'Misdirected Request', misdirectedWords(req.headers.host));
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://host');
    } catch {
      return refuse(socket, 400, 'Bad Request');
    }
    if (url.pathname !== '/api') return refuse(socket, 404, 'Not Found');
    if (!originAllowed(req, opts.allowedOrigins)) return refuse(socket, 403, 'Forbidden');
    const caller = opts.authenticate(tokenOf(req, url));
    if (!caller) return refuse(socket, 401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req, caller));
  });

  const alive = new WeakMap<WebSocket, boolean>();
  wss.on('connection', (ws: WebSocket, req: IncomingMessage, caller: Caller) => {
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    /**
     * Frames ws had already read when the session said it was full: pausing stops the socket,
     * not the rest of the chunk being parsed. At most one read's worth; kept as bytes, parsed
     * when the session has room.
     */
    const held: ({ data: WebSocket.RawData; isBinary: boolean } | undefined)[] = [];
    let heldFrom = 0;
    let reading = true;
    const deliver = (data: WebSocket.RawData, isBinary: boolean) => {
      let msg: unknown;
      try {
        msg = isBinary ? undefined : JSON.parse(data.toString());
      } catch {
        msg = undefined;
      }
      if (msg === undefined) {
        ws.send(JSON.stringify({ type: 'error', id: -1, error: { code: 'bad_message', message: 'Messages are JSON text.' } }));
        return;
      }
      if (!session.receive(msg, byteLength(data))) {
        // TCP throttles the client from here: its frames wait in its own buffers, not in ours.
        reading = false;
        ws.pause();
      }
    };
    const session = createSession(
      opts.dispatcher,
      (m: ServerMessage) => {
        if (ws.readyState !== ws.OPEN) return;
        // A peer that stopped reading (a hung display) would make us buffer events forever.
        if (ws.bufferedAmount > MAX_BUFFERED) {
          ws.terminate();
          return;
        }
        ws.send(JSON.stringify(m));
      },
      // The host's own token has no node: name it by where it connects from.
      caller.nodeId ? caller : { ...caller, name: `ws:${req.socket.remoteAddress ?? '?'}` },
      // Dropped by the host (a revoked node): 4401 tells the client not to retry with this credential.
      () => ws.close(4401, 'revoked'),
      // The session answered half of what it held: first what was already read, then the socket.
      () => {
        reading = true;
        while (reading && heldFrom < held.length) {
          const f = held[heldFrom]!;
          held[heldFrom++] = undefined;
          deliver(f.data, f.isBinary);
        }
        if (heldFrom === held.length) {
          held.length = 0;
          heldFrom = 0;
        }
        if (reading) {
          // Its pong to the last ping may have waited unread all this time.
          alive.set(ws, true);
          ws.resume();
        }
      },
    );
    ws.on('message', (data, isBinary) => {
      if (reading) deliver(data, isBinary);
      else held.push({ data, isBinary });
    });
    ws.on('close', () => session.close());
    ws.on('error', () => session.close());
  });

  const timer = setInterval(() => {
    for (const ws of wss.clients) {
      // A connection the host stopped reading (its requests are being answered) cannot have
      // read the pong yet: it is not judged by it, but still pinged (writing to a peer that is
      // gone fails, which closes it).
      if (alive.get(ws) === false && !ws.isPaused) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, opts.pingMs ?? 30_000);
  timer.unref();

  return {
    close() {
      clearInterval(timer);
      for (const ws of wss.clients) ws.close(1001, 'host shutting down');
      wss.close();
    },
    clients: () => wss.clients.size,
  };
}
