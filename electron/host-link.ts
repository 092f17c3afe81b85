import { HostClient } from '../host/api/client/HostClient';
import type { Transport } from '../host/api/client/transport';
import type { ServerMessage } from '../host/api/contract';
import type { ConnectFn, HostSession } from './bridge';

/**
 * Main's own client of an in-process host: the same HostClient the renderers use, over a host
 * session of its own instead of a socket. Main asks the host for facts (the wall) rather than
 * reading the database, so electron/ stays thin. A remote host is reached the same way, over
 * a channel of the node's connection (remote.ts).
 */
export function inProcessTransport(connect: ConnectFn, actor: string): Transport {
  let session: HostSession | null = null;
  let msgCb: (m: ServerMessage) => void = () => {};
  let stateCb: Parameters<Transport['onState']>[0] = () => {};
  return {
    send(m) {
      session?.receive(m);
    },
    onMessage: (cb) => void (msgCb = cb),
    onState: (cb) => void (stateCb = cb),
    start() {
      if (session) return;
      session = connect((m) => msgCb(m as ServerMessage), actor);
      // No connection to lose: the host lives in this process.
      stateCb('up', {});
    },
    close() {
      session?.close();
      session = null;
    },
  };
}

export function linkToHost(connect: ConnectFn, actor = 'electron:main'): HostClient {
  return new HostClient(inProcessTransport(connect, actor));
}
