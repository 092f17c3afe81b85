import type { ClientMessage, ServerMessage } from './contract';
import { maySubscribe, receives } from './audience';
import type { Dispatcher } from './dispatcher';
import { ApiError, quoted } from './errors';
import { adminCaller, type Caller } from '../room/caller';

export interface Session {
  /** Takes one message from the client; malformed ones are answered, never thrown. */
  receive(m: ClientMessage | unknown): void;
  /** Drops the session's subscriptions; replies still in flight are discarded. */
  close(): void;
}

const MAX_SUBSCRIPTIONS = 64;

function toWireError(err: unknown): { code: string; message: string; issues?: { path: string; message: string }[] } {
  if (err instanceof ApiError) {
    return err.issues ? { code: err.code, message: err.message, issues: err.issues } : { code: err.code, message: err.message };
  }
  // Internal details stay in the host's log; the client gets what to do.
  console.error('[host] handler failed:', err);
  return { code: 'internal', message: 'The host could not complete the request; see its log for details.' };
}

/**
 * One client's conversation with the host: requests answered by id, subscriptions to events.
 * Shared by the WebSocket server and the Electron IPC bridge (same code on every channel).
 * `who` was authenticated by the channel; a string is the host's own (admin) session.
 * `end` closes the channel itself (the WebSocket) when the host drops the session, e.g. when
 * its node is revoked.
 */
export function createSession(
  dispatcher: Dispatcher,
  send: (m: ServerMessage) => void,
  who: Caller | string = 'unknown',
  end?: () => void,
): Session {
  const caller = typeof who === 'string' ? adminCaller(who) : who;
  const subs = new Map<string, () => void>();
  let closed = false;
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

  function receive(raw: unknown): void {
    if (closed) return;
    const m = raw as Partial<ClientMessage> | null;
    if (!m || typeof m !== 'object' || typeof m.type !== 'string') {
      safeSend({ type: 'error', id: -1, error: { code: 'bad_message', message: 'Message must be an object with a type.' } });
      return;
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
          return;
        }
        const rid = (m as { rid?: unknown }).rid;
        const opts = { sessionId, rid: typeof rid === 'string' && rid.length > 0 && rid.length <= 64 ? rid : undefined };
        dispatcher.call(method, (m as { params?: unknown }).params, caller, opts).then(
          (result) => safeSend({ type: 'response', id, result: result === undefined ? null : result }),
          (err) => safeSend({ type: 'error', id, error: toWireError(err) }),
        );
        return;
      }
      case 'subscribe': {
        const event = (m as { event?: unknown }).event;
        if (typeof event !== 'string' || subs.has(event)) return;
        if (!maySubscribe(caller, event)) {
          safeSend({
            type: 'error',
            id: -1,
            error: { code: 'forbidden', message: `Không được nhận sự kiện '${event.slice(0, 64)}' / may not subscribe to '${event.slice(0, 64)}'.` },
          });
          return;
        }
        if (subs.size >= MAX_SUBSCRIPTIONS) {
          safeSend({ type: 'error', id: -1, error: { code: 'too_many_subscriptions', message: 'Too many subscriptions.' } });
          return;
        }
        subs.set(
          event,
          dispatcher.on(event, (ev, data) => {
            if (receives(caller, ev, data)) safeSend({ type: 'event', event: ev, data });
          }),
        );
        return;
      }
      case 'unsubscribe': {
        const event = (m as { event?: unknown }).event;
        if (typeof event !== 'string') return;
        subs.get(event)?.();
        subs.delete(event);
        return;
      }
      default:
        // m.type is any string the client sent: quoted short, never echoed whole.
        safeSend({ type: 'error', id: -1, error: { code: 'bad_message', message: `Unknown message type ${quoted(m.type)}.` } });
    }
  }

  function close(): void {
    if (closed) return;
    closed = true;
    room.detach(sessionId);
    for (const off of subs.values()) off();
    subs.clear();
  }

  return { receive, close };
}
