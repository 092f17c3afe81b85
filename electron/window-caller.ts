import type { Caller } from '../host/room/caller';
import { adminCaller } from '../host/room/caller';
import type { WindowKind } from './windows';

/**
 * Who a window's page is to the in-process host: the role of its window, never more. Only the
 * console window is the administrator's (the desktop app on the host is the installer's own
 * desk); a kiosk window is a kiosk (it may ask for the wall, not approve its own request, mint an
 * enrollment code or write a secret), a wall window and any window the app does not know as its
 * own are walls (they read). Before, every page of an all-in-one or kiosk machine was the
 * administrator, whatever its window.
 */
export function windowCaller(kind: WindowKind | undefined, page: string): Caller {
  const name = `ipc:${page}`;
  if (kind === 'console') return adminCaller(name);
  return { role: kind === 'kiosk' ? 'kiosk' : 'wall', nodeId: null, name };
}
