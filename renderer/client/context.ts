import { createContext, useContext, useEffect, useRef, useSyncExternalStore } from 'react';
import type { EventName, HostEvents } from '../../host/api/contract';
import type { HostClient } from '../../host/api/client/HostClient';
import type { ConnState } from './transport';

export const HostClientContext = createContext<HostClient | null>(null);

export function useHostClient(): HostClient {
  const c = useContext(HostClientContext);
  if (!c) throw new Error('useHostClient outside <Providers>');
  return c;
}

/** Connection state, for the banner and the console header. */
export function useConnState(): ConnState {
  const client = useHostClient();
  return useSyncExternalStore(
    (cb) => client.onState(cb),
    () => client.state,
  );
}

/** Subscribe to a host event for the component's life; the latest callback is always used. */
export function useHostEvent<E extends EventName>(event: E, cb: (data: HostEvents[E]) => void): void {
  const client = useHostClient();
  const ref = useRef(cb);
  ref.current = cb;
  useEffect(() => client.on(event, (d) => ref.current(d)), [client, event]);
}
