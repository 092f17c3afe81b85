/**
 * The browser's WebSocket transport to the host (also what tests run in Node 22, whose global
 * WebSocket is the same WHATWG one). Reconnects with backoff; notices a host that went silent.
 */
import { backoffDelay } from '../../base/backoff';
import type { ServerMessage } from '../../host/api/contract';
import type { Transport } from '../../host/api/client/transport';
import { watchLiveness, type Liveness } from '../../host/api/client/liveness';
import { whoamiCheck, type AccessAnswer } from './access-check';
import { hostTimeOf, noteHostTime } from './host-clock';

export interface WsOptions {
  url: string;
  /** First retry delay; doubles per failure up to maxDelayMs, with ±25 % jitter. */
  minDelayMs?: number;
  /**
   * The host is on the LAN: a try every few seconds costs nothing, and keeps "host back →
   * every display refreshed" within 10 s.
   */
  maxDelayMs?: number;
  /**
   * A cut cable or a host switched off closes nothing: TCP stays "open" for minutes. After this
   * long without a word from the host a probe (a host.info request) is sent...
   */
  probeAfterMs?: number;
  /** ...and a connection that has not answered it within this long is given up and retried. */
  probeTimeoutMs?: number;
  /** A connection not open within this long is given up (a host whose packets go nowhere). */
  connectTimeoutMs?: number;
  /**
   * The host's clock is asked (a probe) at least this often even while the host keeps talking:
   * the page's own clock may be stepped meanwhile (renderer/client/host-clock.ts).
   */
  clockEveryMs?: number;
  /**
   * After REFUSAL_CHECK_AFTER failed tries in a row: is the credential still good? (The browser
   * cannot see a 401 on the upgrade.) Default: GET /api/whoami on the host of `url`.
   */
  checkAccess?: () => Promise<AccessAnswer>;
  /** How often a refused (revoked) credential is tried again, in case the node is enrolled again. */
  refusedRetryMs?: number;
}

/** Failed tries in a row before the host is asked whether the credential is still good. */
export const REFUSAL_CHECK_AFTER = 3;

/** host/server/ws.ts MAX_MESSAGE: a larger frame makes the host close the connection. */
export const WS_MAX_MESSAGE_BYTES = 1024 * 1024;

/** The page's online/offline events (a window or a worker; absent in Node, where tests run this). */
interface NetworkEvents {
  addEventListener(type: 'online' | 'offline', cb: () => void): void;
  removeEventListener(type: 'online' | 'offline', cb: () => void): void;
}
const networkEvents = (): NetworkEvents | null => {
  const g = globalThis as Partial<NetworkEvents>;
  return typeof g.addEventListener === 'function' && typeof g.removeEventListener === 'function' ? (g as NetworkEvents) : null;
};

/** Probes use negative ids: HostClient's own requests count up from 1, so they never meet. */
const isProbeReply = (m: ServerMessage) => m.type !== 'event' && m.id < 0;

export function webSocketTransport(opts: WsOptions): Transport {
  const minDelay = opts.minDelayMs ?? 500;
  const maxDelay = opts.maxDelayMs ?? 4000;
  const probeAfter = opts.probeAfterMs ?? 5000;
  const probeTimeout = opts.probeTimeoutMs ?? 4000;
  const connectTimeout = opts.connectTimeoutMs ?? 8000;
  const clockEvery = opts.clockEveryMs ?? 60_000;
  const checkAccess = opts.checkAccess ?? whoamiCheck(opts.url);
  const refusedRetry = opts.refusedRetryMs ?? 60_000;
  /** The host said this credential is revoked or unknown: slow retries, and the page says why. */
  let refused = false;
  let checking = false;
  let ws: WebSocket | null = null;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** The connect timeout; once open, the liveness watchdog (shared with the desktop transport). */
  let watch: ReturnType<typeof setTimeout> | null = null;
  let live: Liveness | null = null;
  let probeSeq = 0;
  /** The monotonic time each unanswered probe left, by id. */
  const probesOut = new Map<number, number>();
  let closed = false;
  let stateCb: Parameters<Transport['onState']>[0] = () => {};
  let msgCb: (m: ServerMessage) => void = () => {};

  const stopWatch = () => {
    if (watch) clearTimeout(watch);
    watch = null;
    live?.stop();
    live = null;
  };

  const probe = (sock: WebSocket) => {
    if (sock.readyState !== WebSocket.OPEN) return;
    const id = -++probeSeq;
    // Its answer carries the host's clock; the round trip on the monotonic clock (the page's own
    // may be stepped meanwhile).
    probesOut.set(id, performance.now());
    sock.send(JSON.stringify({ type: 'request', id, method: 'host.info', params: {} }));
  };

  /** The connection is gone (closed by either side, or given up on): retry with backoff. */
  const lost = (sock: WebSocket) => {
    if (ws !== sock || closed) return;
    ws = null;
    stopWatch();
    sock.onopen = sock.onmessage = sock.onclose = null;
    if (sock.readyState === WebSocket.CONNECTING || sock.readyState === WebSocket.OPEN) sock.close();
    failures++;
    const delay = refused ? refusedRetry : backoffDelay(failures - 1, { baseMs: minDelay, capMs: maxDelay, jitter: 'spread' });
    stateCb('down', { retryInMs: delay, refused });
    timer = setTimeout(connect, delay);
    if (failures >= REFUSAL_CHECK_AFTER) askAccess();
  };

  /** Asks the host over HTTP whether the credential is still good; a refusal slows the retries. */
  const askAccess = () => {
    if (checking) return;
    checking = true;
    void checkAccess().then((answer) => {
      checking = false;
      if (closed || answer === 'unknown' || refused === (answer === 'refused')) return;
      refused = answer === 'refused';
      // A try under way uses it when it ends; a waiting retry is rescheduled now.
      if (ws) return;
      if (timer) clearTimeout(timer);
      const delay = refused ? refusedRetry : minDelay;
      stateCb('down', { retryInMs: delay, refused });
      timer = setTimeout(connect, delay);
    });
  };

  const connect = () => {
    timer = null;
    if (closed) return;
    stateCb(failures === 0 ? 'connecting' : 'down', refused ? { refused } : {});
    const sock = new WebSocket(opts.url);
    ws = sock;
    probesOut.clear();
    watch = setTimeout(() => lost(sock), connectTimeout);
    sock.onopen = () => {
      failures = 0;
      refused = false;
      stopWatch();
      // Probes a silent host, gives up on one that does not answer (host/api/client/liveness.ts).
      live = watchLiveness({ probeAfterMs: probeAfter, probeTimeoutMs: probeTimeout, probeEveryMs: clockEvery, probe: () => probe(sock), lost: () => lost(sock) });
      // The host's clock at once, for the ages the page is about to show.
      live.probeNow();
      stateCb('up', {});
    };
    sock.onmessage = (ev) => {
      live?.heard();
      let msg: ServerMessage;
      try {
        msg = JSON.parse(String(ev.data)) as ServerMessage;
      } catch {
        return; // not ours; the host only sends JSON
      }
      if (msg.type === 'event' || !isProbeReply(msg)) return msgCb(msg);
      const sentAt = probesOut.get(msg.id);
      probesOut.delete(msg.id);
      const hostTime = msg.type === 'response' ? hostTimeOf(msg.result) : null;
      if (sentAt !== undefined && hostTime) noteHostTime(hostTime, performance.now() - sentAt);
    };
    // onerror is always followed by onclose; the retry lives there.
    sock.onclose = () => lost(sock);
  };

  // The OS says the network changed: check the connection now rather than at the next probe,
  // and retry at once when it is back instead of waiting out the backoff.
  const onOffline = () => {
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    live?.probeNow();
  };
  const onOnline = () => {
    if (closed || ws || !timer) return;
    clearTimeout(timer);
    connect();
  };

  return {
    // While down, messages are dropped: HostClient re-sends its subscriptions and unanswered
    // requests on every 'up', so nothing is lost and nothing is sent twice.
    send(m) {
      if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(m));
    },
    onMessage: (cb) => void (msgCb = cb),
    onState: (cb) => void (stateCb = cb),
    start() {
      networkEvents()?.addEventListener('offline', onOffline);
      networkEvents()?.addEventListener('online', onOnline);
      connect();
    },
    maxMessageBytes: WS_MAX_MESSAGE_BYTES,
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      stopWatch();
      networkEvents()?.removeEventListener('offline', onOffline);
      networkEvents()?.removeEventListener('online', onOnline);
      ws?.close();
    },
  };
}
