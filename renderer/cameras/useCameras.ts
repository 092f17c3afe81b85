import type { CameraList, CameraView } from '../../host/api/contract/cameras';
import { useHost } from '../client/hooks';
import { getToken } from '../client/token';

/** Every camera (re-read when the host says cameras changed), and the signal-lost delay. */
export function useCameras(opts: { enabled?: boolean } = {}): { byId: Map<string, CameraView>; list: CameraView[]; signalLostSec: number; loaded: boolean } {
  const q = useHost('cameras.list', {}, opts);
  const data: CameraList | undefined = q.data;
  const list = data?.cameras ?? [];
  return { byId: new Map(list.map((c) => [c.id, c])), list, signalLostSec: data?.signalLostSec ?? 8, loaded: !!data };
}

/**
 * The proxy URL a picture fetches: the host's path plus this page's own credential (a wall page
 * opened from `serve`'s URL). Null inside the desktop app, whose renderers hold no credential.
 */
export function streamUrl(path: string): string | null {
  const token = getToken();
  if (!token) return null;
  return `${path}?ioc_token=${encodeURIComponent(token)}`;
}
