import { HostClient } from '../../host/api/client/HostClient';
import { bridgeTransport, webSocketTransport, wsUrl } from './transport';

/** The bridge inside Electron, the page's own host over WebSocket in a browser. */
export function createHostClient(): HostClient {
  const transport = window.iocHost ? bridgeTransport(window.iocHost) : webSocketTransport({ url: wsUrl() });
  return new HostClient(transport);
}
