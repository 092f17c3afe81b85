/**
 * How the renderer reaches the host: the Electron preload bridge in the app, a WebSocket in a
 * browser. Both carry the same ClientMessage / ServerMessage protocol (host/api/contract), so
 * HostClient does not know which one it has.
 */
import type { ServerMessage } from '../../host/api/contract';
import { getToken } from './token';

import type { ConnState, IocHostBridge, Transport } from '../../host/api/client/transport';

export type { ConnState, IocHostBridge, Transport } from '../../host/api/client/transport';

declare global {
  interface Window {
    iocHost?: IocHostBridge;
  }
}

export function bridgeTransport(bridge: IocHostBridge): Transport {
  let stateCb: Parameters<Transport['onState']>[0] = () => {};
  let msgCb: (m: ServerMessage) => void = () => {};
  let off: (() => void) | null = null;
  return {
    send: (m) => bridge.send(m),
    onMessage: (cb) => void (msgCb = cb),
    onState: (cb) => void (stateCb = cb),
    start() {
      off = bridge.onMessage((m) => msgCb(m));
      stateCb('up', {}); // in-process IPC: no connection to lose
    },
    close: () => off?.(),
  };
}

export { webSocketTransport, WS_MAX_MESSAGE_BYTES, type WsOptions } from './ws-transport';

export function wsUrl(loc: Location = location, token: string | null = getToken()): string {
  const proto = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${loc.host}/api${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}
