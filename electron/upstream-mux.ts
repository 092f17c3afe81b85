import type { ClientMessage, ServerMessage } from '../host/api/contract';
import type { ConnState, Transport } from '../host/api/client/transport';

/**
 * Many clients over one connection to a remote host: main's own HostClient and one channel per
 * renderer window share the node's single WebSocket. Each channel is a Transport of its own,
 * so every client keeps the HostClient semantics it has on a direct connection:
 *
 * - request ids are renumbered on the way up and restored on the way back (the request's `rid`
 *   passes through untouched, so the host still applies a re-sent mutation once per node);
 * - subscriptions are counted across channels: the host hears one subscribe per event, each
 *   channel gets only the events it asked for, and the mux subscribes again on a new connection;
 * - the connection's state is every channel's state. When it drops, answers still owed on it
 *   are forgotten; each HostClient re-sends its own unanswered requests on 'up', as it would on a
 *   WebSocket of its own.
 *
 * One connection rather than one per window: a wall PC with six displays is one node to the
 * host (one session, one credential check, one socket to close on revocation), every display
 * goes down and comes back at the same moment instead of each on its own backoff, and the host
 * is not asked for seven TLS handshakes after every outage.
 */

type Message = ClientMessage | Record<string, unknown>;

export interface UpstreamMux {
  /** A new client of the shared connection. Started by its HostClient (or by start()). */
  channel(): Transport;
  readonly state: ConnState;
  /** Open channels (diagnostics, tests). */
  readonly channels: number;
  close(): void;
}

/** Answers a channel may wait for at once; a renderer that floods main is told, not buffered. */
export const MAX_IN_FLIGHT_PER_CHANNEL = 1000;

interface Channel {
  id: number;
  subs: Set<string>;
  inFlight: number;
  started: boolean;
  closed: boolean;
  onMessage(m: ServerMessage): void;
  onState(s: ConnState, info: { retryInMs?: number }): void;
}

export function createUpstreamMux(upstream: Transport, opts: { log?: (msg: string) => void } = {}): UpstreamMux {
  const log = opts.log ?? console.warn;
  const channels = new Map<number, Channel>();
  /** Upstream request id → the channel and the id it used. */
  const inFlight = new Map<number, { channel: Channel; id: number }>();
  const subscribers = new Map<string, number>();
  let nextChannel = 1;
  let nextUpstreamId = 1;
  let state: ConnState = 'connecting';
  let lastInfo: { retryInMs?: number } = {};
  let closed = false;

  const forgetInFlight = () => {
    for (const entry of inFlight.values()) entry.channel.inFlight--;
    inFlight.clear();
  };

  upstream.onState((s, info) => {
    if (s !== 'up' || state !== 'up') forgetInFlight();
    state = s;
    lastInfo = info;
    if (s === 'up') for (const event of subscribers.keys()) upstream.send({ type: 'subscribe', event });
    for (const ch of channels.values()) if (ch.started) ch.onState(s, info);
  });

  upstream.onMessage((m) => {
    if (m.type === 'event') {
      for (const ch of channels.values()) if (ch.subs.has(m.event)) deliver(ch, m);
      return;
    }
    const entry = inFlight.get(m.id);
    if (!entry) {
      // id -1: the host refused a message it could not attribute (e.g. a subscription not allowed).
      if (m.type === 'error') log(`[electron] host: ${m.error.code}: ${m.error.message}`);
      return;
    }
    inFlight.delete(m.id);
    entry.channel.inFlight--;
    deliver(entry.channel, { ...m, id: entry.id });
  });

  function deliver(ch: Channel, m: ServerMessage): void {
    if (ch.closed) return;
    try {
      ch.onMessage(m);
    } catch (err) {
      log(`[electron] a host client's listener failed: ${String(err)}`);
    }
  }

  function subscribe(ch: Channel, event: string): void {
    if (ch.subs.has(event)) return;
    ch.subs.add(event);
    const n = (subscribers.get(event) ?? 0) + 1;
    subscribers.set(event, n);
    if (n === 1 && state === 'up') upstream.send({ type: 'subscribe', event });
  }

  function unsubscribe(ch: Channel, event: string): void {
    if (!ch.subs.delete(event)) return;
    const n = (subscribers.get(event) ?? 1) - 1;
    if (n > 0) {
      subscribers.set(event, n);
      return;
    }
    subscribers.delete(event);
    if (state === 'up') upstream.send({ type: 'unsubscribe', event });
  }

  function fromChannel(ch: Channel, raw: Message): void {
    if (ch.closed || closed) return;
    const m = raw as Partial<Record<string, unknown>> | null;
    if (!m || typeof m !== 'object') return;
    if (m.type === 'subscribe' && typeof m.event === 'string') return subscribe(ch, m.event);
    if (m.type === 'unsubscribe' && typeof m.event === 'string') return unsubscribe(ch, m.event);
    if (m.type !== 'request') return;
    const id = m.id;
    if (typeof id !== 'number' || !Number.isFinite(id) || typeof m.method !== 'string') {
      deliver(ch, {
        type: 'error',
        id: typeof id === 'number' ? id : -1,
        error: { code: 'bad_message', message: 'A request needs a numeric id and a method name.' },
      });
      return;
    }
    // Like a WebSocket that is not open: dropped now, re-sent by the client's HostClient on 'up'.
    if (state !== 'up') return;
    if (ch.inFlight >= MAX_IN_FLIGHT_PER_CHANNEL) {
      deliver(ch, {
        type: 'error',
        id,
        error: { code: 'too_many_requests', message: 'Quá nhiều yêu cầu đang chờ / too many requests waiting for the host; try again.' },
      });
      return;
    }
    const upId = nextUpstreamId++;
    inFlight.set(upId, { channel: ch, id });
    ch.inFlight++;
    upstream.send({ ...(m as ClientMessage & { type: 'request' }), id: upId });
  }

  function closeChannel(ch: Channel): void {
    if (ch.closed) return;
    ch.closed = true;
    channels.delete(ch.id);
    for (const event of [...ch.subs]) unsubscribe(ch, event);
    for (const [upId, entry] of inFlight) if (entry.channel === ch) inFlight.delete(upId);
  }

  let started = false;
  const startUpstream = () => {
    if (started || closed) return;
    started = true;
    upstream.start();
  };

  return {
    channel(): Transport {
      const ch: Channel = {
        id: nextChannel++,
        subs: new Set(),
        inFlight: 0,
        started: false,
        closed: closed,
        onMessage: () => {},
        onState: () => {},
      };
      if (!closed) channels.set(ch.id, ch);
      return {
        send: (m) => fromChannel(ch, m),
        onMessage: (cb) => void (ch.onMessage = cb),
        onState: (cb) => void (ch.onState = cb),
        start() {
          if (ch.started || ch.closed) return;
          ch.started = true;
          startUpstream();
          // A late joiner learns where the shared connection is now.
          ch.onState(state, lastInfo);
        },
        close: () => closeChannel(ch),
        maxMessageBytes: upstream.maxMessageBytes,
      };
    },
    get state() {
      return state;
    },
    get channels() {
      return channels.size;
    },
    close() {
      if (closed) return;
      closed = true;
      for (const ch of [...channels.values()]) closeChannel(ch);
      upstream.close();
    },
  };
}
