/**
 * The Electron preload bridge as a HostClient transport. DOM-free (window.iocHost is passed in),
 * so it is unit-tested in Node.
 */
import type { ServerMessage } from '../../host/api/contract';
import type { ConnState, IocHostBridge, Transport } from '../../host/api/client/transport';
import { hostTimeOf, noteHostTime } from './host-clock';

/** How often the host's clock is asked while connected (renderer/client/host-clock.ts). */
const CLOCK_EVERY_MS = 60_000;

export function bridgeTransport(bridge: IocHostBridge): Transport {
  let stateCb: Parameters<Transport['onState']>[0] = () => {};
  let msgCb: (m: ServerMessage) => void = () => {};
  let offs: (() => void)[] = [];
  let state: ConnState = 'connecting';
  // A remote host's clock is not this PC's: asked on each connection and every minute, with a
  // negative id (HostClient's own count up from 1), its answer kept from the client.
  let probeSeq = 0;
  const probesOut = new Map<number, number>();
  const probe = () => {
    if (state !== 'up') return;
    const id = -++probeSeq;
    probesOut.set(id, performance.now());
    bridge.send({ type: 'request', id, method: 'host.info', params: {} });
  };
  const receive = (m: ServerMessage) => {
    if (m.type === 'event' || m.id >= 0) return msgCb(m);
    const sentAt = probesOut.get(m.id);
    probesOut.delete(m.id);
    const hostTime = m.type === 'response' ? hostTimeOf(m.result) : null;
    if (sentAt !== undefined && hostTime) noteHostTime(hostTime, performance.now() - sentAt);
  };
  return {
    // Like a WebSocket that is not open: while main's connection to a remote host is down,
    // messages are dropped and HostClient re-sends them (and its subscriptions) on 'up'.
    send(m) {
      if (state === 'up') bridge.send(m);
    },
    onMessage: (cb) => void (msgCb = cb),
    onState: (cb) => void (stateCb = cb),
    start() {
      offs.push(bridge.onMessage(receive));
      const setState = (s: ConnState, info: { retryInMs?: number }) => {
        state = s;
        if (s !== 'up') probesOut.clear();
        stateCb(s, info);
        if (s === 'up') probe();
      };
      const timer = setInterval(probe, CLOCK_EVERY_MS);
      // In Node (tests, main's own use) the probe timer must not keep the process alive.
      (timer as unknown as { unref?: () => void }).unref?.();
      offs.push(() => clearInterval(timer));
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
