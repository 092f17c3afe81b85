import type { ClientMessage, ServerMessage } from '../../../host/api/contract';
import type { ConnState, Transport } from '../../../host/api/client/transport';

/** A transport driven by hand for HostClient tests: what the client sent, and the host's side of the wire. */
export function fakeTransport() {
  let onMsg: (m: ServerMessage) => void = () => {};
  let onState: (s: ConnState, info: { retryInMs?: number }) => void = () => {};
  let up = false;
  const sent: ClientMessage[] = [];
  const t: Transport = {
    // Like the WebSocket transport: nothing goes out while the connection is down.
    send: (m) => void (up && sent.push(m)),
    onMessage: (cb) => void (onMsg = cb),
    onState: (cb) => void (onState = cb),
    start: () => onState('connecting', {}),
    close: () => {},
  };
  return {
    t,
    sent,
    up() {
      up = true;
      onState('up', {});
    },
    down() {
      up = false;
      onState('down', { retryInMs: 500 });
    },
    reply: (m: ServerMessage) => onMsg(m),
    /** The requests sent, of one method or all. */
    requests: (method?: string) =>
      sent.filter((m): m is Extract<ClientMessage, { type: 'request' }> => m.type === 'request' && (!method || m.method === method)),
  };
}
