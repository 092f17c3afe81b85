import type { Session, WebContents, WebPreferences } from 'electron';
import { ARG_DISPLAY, ARG_ROLE } from './ipc-channels';

/**
 * The security baseline of every window (Electron's security checklist): the renderer is
 * untrusted code that only ever talks to the host through the preload bridge.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'ioc';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * Strict CSP for everything served from app://. Map tiles are not fetched (boundaries are
 * bundled), so nothing leaves the app; 'unsafe-inline' styles are allowed because Leaflet and
 * Chart.js set inline style attributes.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  // Camera pictures: hls.js feeds a MediaSource (a blob: URL) from a blob: worker.
  "media-src 'self' blob:",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function secureWebPreferences(preload: string, extra: { role: string; displayId: string | null; devTools?: boolean }): WebPreferences {
  return {
    // Off on locked windows of an installed app: a keyboard on a wall PC must not reach the page.
    devTools: extra.devTools ?? true,
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    // The preload reads these from process.argv: the only facts a renderer gets from main.
    additionalArguments: [`${ARG_ROLE}${extra.role}`, `${ARG_DISPLAY}${extra.displayId ?? ''}`],
  };
}

/** True when a URL belongs to our app:// origin (and nothing else: no file:, no http:). */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * No navigation away from the app, no new windows, no <webview>. In-app route changes use
 * history.pushState, which does not fire will-navigate, so every navigation request is refused.
 */
export function hardenWebContents(contents: WebContents, log: (msg: string) => void = console.warn): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url) || url !== contents.getURL()) {
      event.preventDefault();
      log(`[electron] navigation to ${url} blocked`);
    }
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) {
      event.preventDefault();
      log(`[electron] redirect to ${url} blocked`);
    }
  });
  contents.setWindowOpenHandler(({ url }) => {
    log(`[electron] window.open(${url}) blocked`);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('[electron] <webview> blocked');
  });
  contents.on('did-attach-webview', (_event, webview) => {
    // Belt and braces: will-attach-webview already refused it; close anything that slipped by.
    log('[electron] attached <webview> closed');
    webview.close();
  });
}

/**
 * Every permission (camera, geolocation, notifications, ...) is refused: a wall and a kiosk
 * need none. Fullscreen is the one exception, and only for our own pages.
 */
export function denyPermissions(ses: Session): void {
  ses.setPermissionRequestHandler((contents, permission, callback) => {
    callback(permission === 'fullscreen' && isAppUrl(contents.getURL()));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => {
    return permission === 'fullscreen' && isAppUrl(requestingOrigin);
  });
  ses.setDevicePermissionHandler(() => false);
  ses.on('will-download', (event) => event.preventDefault());
}

/** An IPC event is trusted only when it comes from a top-level frame of our app:// origin. */
export function isTrustedSender(event: { senderFrame: { url: string; parent?: unknown } | null }): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  if (frame.parent) return false;
  return isAppUrl(frame.url);
}
