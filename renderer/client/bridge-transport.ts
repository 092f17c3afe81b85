/**
 * The Electron preload bridge as a HostClient transport. DOM-free (window.iocHost is passed in),
 * so it is unit-tested in Node.
 */
import type { ServerMessage } from '../../host/api/contract';
import type { ConnState, IocHostBridge, Transport } from '../../host/api/client/transport';

export function bridgeTransport(bridge: IocHostBridge): Transport {
  let stateCb: Parameters<Transport['onState']>[0] = () => {};
  let msgCb: (m: ServerMessage) => void = () => {};
  let offs: (() => void)[] = [];
  let state: ConnState = 'connecting';
  return {
    // Like a WebSocket that is not open: while main's connection to a remote host is down,
    // messages are dropped and HostClient re-sends them (and its subscriptions) on 'up'.
    send(m) {
      if (state === 'up') bridge.send(m);
    },
    onMessage: (cb) => void (msgCb = cb),
    onState: (cb) => void (stateCb = cb),
    start() {
      offs.push(bridge.onMessage((m) => msgCb(m)));
      const setState = (s: ConnState, info: { retryInMs?: number }) => {
        state = s;
        stateCb(s, info);
      };
      // Main says where its host connection is (in-process: up at once; remote: up and down).
      if (bridge.onState) offs.push(bridge.onState(setState));
      else setState('up', {});
    },
    close() {
      for (const off of offs) off();
      offs = [];
    },
  };
}
