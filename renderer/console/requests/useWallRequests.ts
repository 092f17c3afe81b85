/**
 * Leaders' wall requests as the console sees them: the pending and recent lists, kept live by
 * 'wallRequest.changed', and deciding one.
 */
import type { WallRequestInfo } from '../../../host/api/contract';
import { CATALOG } from '../../../domains/catalog';
import { useCommand } from '../../client/commands';
import { useHostEvent } from '../../client/context';
import { useHost } from '../../client/hooks';
import { useAreas } from '../../components/hooks';
import { useLang, useTranslation } from '../../i18n';

export function useWallRequests(include: 'pending' | 'recent', onChange?: (r: WallRequestInfo) => void) {
  useHostEvent('wallRequest.changed', (r) => onChange?.(r));
  return useHost('wallRequest.list', { include });
}

/**
 * The host approves at once when kiosk.requireApproval is false (host/room/wall-requests.ts),
 * recording that setting as the decision's note: that is how the console tells it apart.
 */
export const wentStraightToWall = (r: WallRequestInfo) => r.state === 'approved' && r.automatic;

/**
 * What the leader asked for, in words, in the console's language: the domain and the area
 * ("Hành chính công — Toàn tỉnh"). Not the request's note: the kiosk writes it in its own
 * language, which an English console showed as it was.
 */
export function useRequestWhat(): (r: WallRequestInfo) => string {
  const { lt } = useLang();
  const { t } = useTranslation();
  const { name } = useAreas();
  return (r) => {
    const domain = CATALOG[r.domain] ? lt(CATALOG[r.domain].name) : r.domain;
    const area = r.areaId ? (name(r.areaId) ?? r.areaId) : t('requestsView.wholeProvince');
    return `${domain} — ${area}`;
  };
}

/**
 * Who asked: the node's name as enrolled ("Kiosk Chủ tịch"). A kiosk opened with the host's own
 * credential has no node, and the host names it by its address ("ws:127.0.0.1"): "Máy kiosk".
 */
export function useRequester(): (r: WallRequestInfo) => string {
  const { t } = useTranslation();
  return (r) => (r.nodeId ? r.nodeName : t('requestsView.kiosk'));
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
