import type { BrowserWindow } from 'electron';
import { blockShortcuts, pinZoom } from './kiosk';

/**
 * A wall window is nobody's workstation: no menu (its accelerators would reload or zoom the
 * page), the kiosk's keyboard filter, zoom pinned at 100 % (a zoomed display breaks the bezel
 * calibration of the whole wall) and no context menu. Devtools are off in packaged builds
 * through webPreferences (windows.ts); the filter closes them if anything opens them anyway.
 */
export function lockDownWall(win: BrowserWindow): void {
  win.setMenu(null);
  win.setMenuBarVisibility(false);
  blockShortcuts(win.webContents);
  pinZoom(win.webContents);
  win.webContents.on('context-menu', (event) => event.preventDefault());
}
