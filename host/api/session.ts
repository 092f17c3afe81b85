import type { ClientMessage, ServerMessage } from './contract';
import { maySubscribe, receives } from './audience';
import type { Dispatcher } from './dispatcher';
import { quoted, toWireError } from './errors';
import { adminCaller, type Caller } from '../room/caller';
import { hostTurns } from './turns';

export interface Session {
  /**
   * Takes one message from the client (`size`: its bytes, when the channel knows them); a request
   * is run in the connection's turn (host/api/turns.ts); malformed ones are answered, never
   * thrown. Returns false once the session holds MAX_QUEUED requests (or MAX_QUEUED_BYTES): the
   * channel should stop reading until `drain` is called. What it hands over meanwhile is still
   * taken; the limit only holds for a channel that listens.
   */
  receive(m: ClientMessage | unknown, size?: number): boolean;
  /** Requests taken and not yet answered: waiting for their turn, or for their handler. */
  readonly pending: number;
  /** Drops the session's subscriptions and the requests waiting; replies still in flight are discarded. */
  close(): void;
}

/**
 * A connection's requests the host holds at once (waiting for their turn or for their answer);
 * past it, the WebSocket stops reading that connection, so a flooding client is slowed by TCP and
 * its requests wait in the network, not in the host's memory. A display's first frame pipelines
 * some 20 to 40 view queries (renderer/wall/first-queries.ts): 128 takes such a burst three
 * times over, and a connection past it is not refused, only read again once the host has
 * answered half of what it holds (one event-loop turn for requests the host answers at once).
 */
export const MAX_QUEUED = 128;
/** The same in bytes: 128 requests of up to 1 MB would be 128 MB, several times that parsed. */
export const MAX_QUEUED_BYTES = 4 * 1024 * 1024;

const MAX_SUBSCRIPTIONS = 64;

/**
 * One client's conversation with the host: requests answered by id, subscriptions to events.
 * Shared by the WebSocket server and the Electron IPC bridge (same code on every channel).
 * `who` was authenticated by the channel; a string is the host's own (admin) session.
 * `end` closes the channel itself (the WebSocket) when the host drops the session, e.g. when
 * its node is revoked. `drain` tells the channel to read again after `receive` returned false.
 */
export function createSession(
  dispatcher: Dispatcher,
  send: (m: ServerMessage) => void,
  who: Caller | string = 'unknown',
  end?: () => void,
  drain?: () => void,
): Session {
  const caller = typeof who === 'string' ? adminCaller(who) : who;
  const subs = new Map<string, () => void>();
  let closed = false;
  const lane = hostTurns.lane();
  let pending = 0;
  let pendingBytes = 0;
  let full = false;
  const room = dispatcher.base.room;
  const sessionId = room.attach(caller, () => {
    close();
    end?.();
  });

  const safeSend = (m: ServerMessage) => {
    if (closed) return;
    try {
      send(m);
    } catch (err) {
      console.error('[host] send failed:', err);
    }
  };

  /** A valid request, in its turn: dispatched, answered by id, then done with. */
  function run(id: number, method: string, params: unknown, rid: string | undefined, size: number): void {
    if (closed) return;
    dispatcher.call(method, params, caller, { sessionId, rid }).then(
      (result) => {
        safeSend({ type: 'response', id, result: result === undefined ? null : result });
        done(size);
      },
      (err) => {
        safeSend({ type: 'error', id, error: toWireError(err) });
        done(size);
      },
    );
  }

  /** One request is done with; below half the limits, the channel may read again. */
  function done(size: number): void {
    pending--;
    pendingBytes -= size;
    if (!full || closed || pending > MAX_QUEUED / 2 || pendingBytes > MAX_QUEUED_BYTES / 2) return;
    full = false;
    try {
      drain?.();
    } catch (err) {
      console.error('[host] resuming a connection failed:', err);
    }
  }

  // Requests wait for their turn; the rest (subscriptions, malformed messages) are answered at
  // once: each costs next to nothing and needs no handler.
  function receive(raw: unknown, size = 0): boolean {
    if (closed) return true;
    const m = raw as Partial<ClientMessage> | null;
    if (!m || typeof m !== 'object' || typeof m.type !== 'string') {
      safeSend({ type: 'error', id: -1, error: { code: 'bad_message', message: 'Message must be an object with a type.' } });
      return !full;
    }
    switch (m.type) {
      case 'request': {
        const id = (m as { id?: unknown }).id;
        const method = (m as { method?: unknown }).method;
        if (typeof id !== 'number' || !Number.isFinite(id) || typeof method !== 'string') {
          safeSend({
            type: 'error',
            // 1e999 parses as Infinity, which JSON writes as null: an answer's id is always a number.
            id: typeof id === 'number' && Number.isFinite(id) ? id : -1,
            error: { code: 'bad_message', message: 'A request needs a numeric id and a method name.' },
          });
          return !full;
        }
        const r = (m as { rid?: unknown }).rid;
        const rid = typeof r === 'string' && r.length > 0 && r.length <= 64 ? r : undefined;
        const params = (m as { params?: unknown }).params;
        pending++;
        pendingBytes += size;
        lane.push(() => run(id, method, params, rid, size));
        if (pending >= MAX_QUEUED || pendingBytes >= MAX_QUEUED_BYTES) full = true;
        return !full;
      }
      case 'subscribe': {
        const event = (m as { event?: unknown }).event;
        if (typeof event !== 'string' || subs.has(event)) return !full;
        if (!maySubscribe(caller, event)) {
          safeSend({
            type: 'error',
            id: -1,
            error: { code: 'forbidden', message: `Không được nhận sự kiện '${event.slice(0, 64)}' / may not subscribe to '${event.slice(0, 64)}'.` },
          });
          return !full;
        }
        if (subs.size >= MAX_SUBSCRIPTIONS) {
          safeSend({ type: 'error', id: -1, error: { code: 'too_many_subscriptions', message: 'Too many subscriptions.' } });
          return !full;
        }
        subs.set(
          event,
          dispatcher.on(event, (ev, data) => {
            if (receives(caller, ev, data)) safeSend({ type: 'event', event: ev, data });
          }),
        );
        return !full;
      }
      case 'unsubscribe': {
        const event = (m as { event?: unknown }).event;
        if (typeof event !== 'string') return !full;
        subs.get(event)?.();
        subs.delete(event);
        return !full;
      }
      default:
        // m.type is any string the client sent: quoted short, never echoed whole.
        safeSend({ type: 'error', id: -1, error: { code: 'bad_message', message: `Unknown message type ${quoted(m.type)}.` } });
        return !full;
    }
  }

  function close(): void {
    if (closed) return;
    closed = true;
    lane.close();
    room.detach(sessionId);
    for (const off of subs.values()) off();
    subs.clear();
  }

  return {
    receive,
    close,
    get pending() {
      return pending;
    },
  };
}
