/** Who this console page is to the host, for showing only the controls it may use. */
import type { SessionIdentity } from '../../host/api/contract';
import { useHost } from '../client/hooks';

export function useWhoami(): SessionIdentity | undefined {
  return useHost('session.whoami', {}).data;
}

/** The host's own token: it may add, re-code and revoke nodes. */
export const isAdmin = (who: SessionIdentity | undefined) => who?.role === 'admin';
