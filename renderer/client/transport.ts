/**
 * How the renderer reaches the host: the Electron preload bridge in the app, a WebSocket in a
 * browser. Both carry the same ClientMessage / ServerMessage protocol (host/api/contract), so
 * HostClient does not know which one it has.
 */
import { getToken } from './token';

import type { ConnState, IocHostBridge, Transport } from '../../host/api/client/transport';

export type { ConnState, IocHostBridge, Transport } from '../../host/api/client/transport';
export { bridgeTransport } from './bridge-transport';

declare global {
  interface Window {
    iocHost?: IocHostBridge;
  }
}

export { webSocketTransport, WS_MAX_MESSAGE_BYTES, type WsOptions } from './ws-transport';

export function wsUrl(loc: Location = location, token: string | null = getToken()): string {
  const proto = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${loc.host}/api${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}
