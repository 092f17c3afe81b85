import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import WebSocket from 'ws';
import { backoffDelay } from '../../base/backoff';
import type { ServerMessage } from '../api/contract';
import { watchLiveness, type Liveness } from '../api/client/liveness';
import type { Transport } from '../api/client/transport';
import { API_PROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../server/security';

export interface NodeWsOptions {
  /** The host's address, https://10.0.0.5:8080 (or http:// on one machine). */
  url: string;
  /** The node's credential (or the host's token): sent as a sub-protocol, never in the URL. */
  credential: string;
  /** PEM of the CA that signed the host's certificate, when it is not a public one. */
  ca?: string | Buffer;
  minDelayMs?: number;
  maxDelayMs?: number;
  /**
   * A silent partition (a router that stops forwarding, a cut cable) closes nothing: after this
   * long without a word from the host a WebSocket ping is sent...
   */
  probeAfterMs?: number;
  /** ...and a connection that has said nothing within this long of it is terminated and retried. */
  probeTimeoutMs?: number;
  /** A connection not open within this long is given up (a host whose packets go nowhere). */
  connectTimeoutMs?: number;
  /** Told when the host refuses the credential (401 or a revocation): the node must enroll again. */
  onRefused?: () => void;
}

/** host/server/ws.ts MAX_MESSAGE. */
const MAX_MESSAGE = 1024 * 1024;

export function apiUrl(hostUrl: string): string {
  const u = new URL(hostUrl);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  u.pathname = '/api';
  u.search = '';
  return u.toString();
}

/**
 * The HostClient transport for Node processes (Electron main of a node, the CLI, tests): a
 * WebSocket to a remote host that reconnects with backoff and jitter, forever, because a wall
 * node outlives any outage of its host. A host gone silent is noticed as the browser's transport
 * notices it (host/api/client/liveness.ts: a ping after 5 s of silence, given up 4 s later), so
 * the node's pages say "Mất kết nối" within about 9 s and it reconnects as soon as the LAN heals,
 * not when TCP's retransmission backoff gives up minutes later.
 */
export function nodeWebSocketTransport(opts: NodeWsOptions): Transport {
  const minDelay = opts.minDelayMs ?? 500;
  const maxDelay = opts.maxDelayMs ?? 10_000;
  const probeAfter = opts.probeAfterMs ?? 5000;
  const probeTimeout = opts.probeTimeoutMs ?? 4000;
  const connectTimeout = opts.connectTimeoutMs ?? 10_000;
  let ws: WebSocket | null = null;
  let live: Liveness | null = null;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  let stateCb: Parameters<Transport['onState']>[0] = () => {};
  let msgCb: (m: ServerMessage) => void = () => {};

  const connect = () => {
    if (closed) return;
    stateCb(failures === 0 ? 'connecting' : 'down', {});
    const sock = new WebSocket(apiUrl(opts.url), [API_PROTOCOL, TOKEN_PROTOCOL_PREFIX + opts.credential], {
      ca: opts.ca,
      maxPayload: 64 * 1024 * 1024,
      handshakeTimeout: connectTimeout,
    });
    ws = sock;
    // Every word of the host counts, its own pings (host/server/ws.ts) and the pongs to ours too.
    const heard = () => {
      if (ws === sock) live?.heard();
    };
    sock.on('open', () => {
      failures = 0;
      live?.stop();
      live = watchLiveness({
        probeAfterMs: probeAfter,
        probeTimeoutMs: probeTimeout,
        probe: () => {
          if (sock.readyState === WebSocket.OPEN) sock.ping();
        },
        // Terminated, not closed: a polite close waits for a host that cannot answer. 'close'
        // follows at once and the reconnect starts there.
        lost: () => sock.terminate(),
      });
      stateCb('up', {});
    });
    sock.on('ping', heard);
    sock.on('pong', heard);
    sock.on('message', (data, isBinary) => {
      heard();
      if (isBinary) return;
      let msg: ServerMessage;
      try {
        msg = JSON.parse(data.toString()) as ServerMessage;
      } catch {
        return;
      }
      msgCb(msg);
    });
    sock.on('unexpected-response', (_req, res) => {
      if (res.statusCode === 401) opts.onRefused?.();
      sock.terminate();
    });
    sock.on('close', (code) => {
      if (code === 4401) opts.onRefused?.();
      if (ws !== sock || closed) return;
      ws = null;
      live?.stop();
      live = null;
      failures++;
      const delay = backoffDelay(failures - 1, { baseMs: minDelay, capMs: maxDelay, jitter: 'spread' });
      stateCb('down', { retryInMs: delay });
      timer = setTimeout(connect, delay);
      timer.unref?.();
    });
    // 'error' is always followed by 'close', where the retry lives; without a listener it would throw.
    sock.on('error', () => {});
  };

  return {
    send(m) {
      if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(m));
    },
    onMessage: (cb) => void (msgCb = cb),
    onState: (cb) => void (stateCb = cb),
    start: connect,
    maxMessageBytes: MAX_MESSAGE,
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      live?.stop();
      live = null;
      ws?.close();
    },
  };
}

/** POST /api/enroll: the code for a credential. Errors carry the host's own words. */
export async function enrollWithHost(
  hostUrl: string,
  code: string,
  opts: { ca?: string | Buffer } = {},
): Promise<{ nodeId: string; role: 'wall' | 'console' | 'kiosk'; name: string; credential: string }> {
  const request = hostUrl.startsWith('https:') ? httpsRequest : httpRequest;
  const body = JSON.stringify({ code });
  return new Promise((resolve, reject) => {
    const req = request(
      new URL('/api/enroll', hostUrl),
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, ca: opts.ca, timeout: 15_000 },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          let parsed: Record<string, unknown> = {};
          try {
            parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
          } catch {
            // A proxy's HTML page: the status says enough.
          }
          if (res.statusCode === 200 && typeof parsed.credential === 'string') resolve(parsed as never);
          else reject(new EnrollError(res.statusCode ?? 0, typeof parsed.message === 'string' ? parsed.message : `HTTP ${res.statusCode}`));
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (err: Error) => reject(new EnrollError(0, `Không kết nối được máy chủ / cannot reach the host ${hostUrl}: ${err.message}`)));
    req.end(body);
  });
}

export class EnrollError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'EnrollError';
  }
}
