/**
 * Leaders' wall requests as the console sees them: the pending and recent lists, kept live by
 * 'wallRequest.changed', and deciding one.
 */
import type { WallRequestInfo } from '../../../host/api/contract';
import { CATALOG } from '../../../domains/catalog';
import { useCommand } from '../../client/commands';
import { useHostEvent } from '../../client/context';
import { useHost } from '../../client/hooks';
import { useLang } from '../../i18n';

export function useWallRequests(include: 'pending' | 'recent', onChange?: (r: WallRequestInfo) => void) {
  useHostEvent('wallRequest.changed', (r) => onChange?.(r));
  return useHost('wallRequest.list', { include });
}

/**
 * The host approves at once when kiosk.requireApproval is false (host/room/wall-requests.ts),
 * recording that setting as the decision's note: that is how the console tells it apart.
 */
export const wentStraightToWall = (r: WallRequestInfo) => r.state === 'approved' && r.automatic;

/** What the leader asked for, in words: their note, else the domain's name. */
export function useRequestWhat(): (r: WallRequestInfo) => string {
  const { lt } = useLang();
  return (r) => r.note?.trim() || (CATALOG[r.domain] ? lt(CATALOG[r.domain].name) : r.domain);
}

export function useDecide() {
  const command = useCommand('wallRequest.decide', ['wallRequest.list']);
  const decide = (id: string, approve: boolean, note?: string): Promise<WallRequestInfo> => {
    const trimmed = note?.trim();
    return command.mutateAsync({ id, approve, ...(trimmed ? { note: trimmed } : {}) });
  };
  // The request being decided, while it is.
  const busy = command.isPending ? (command.variables?.id ?? null) : null;
  return { decide, busy };
}
