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
 * The proxy URL a picture fetches. A page opened from `serve`'s URL adds its own credential; a
 * window of the desktop app (app://) asks its own origin, and the app's main process forwards
 * to the host's proxy with main's credential (electron/camera-proxy.ts): the window holds none.
 * Null when the page has neither.
 */
export function streamUrl(path: string, loc: Pick<Location, 'protocol'> | undefined = globalThis.location): string | null {
  // No page (the host drawing a wall's first frame): no stream to name.
  if (!loc) return null;
  if (loc.protocol === 'app:') return path;
  const token = getToken();
  if (!token) return null;
  return `${path}?ioc_token=${encodeURIComponent(token)}`;
}
