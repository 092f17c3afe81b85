/**
 * Three routes, no router library: the wall (/wall?display=ID), the operator console
 * (/console) and the leader kiosk (/kiosk), plus a desktop node's enrollment screen (/enroll).
 * The host serves index.html for each path, so the route is read from location once at start; in-app navigation is a full load on purpose
 * (each is its own full-screen window in Electron).
 */
export type Route =
  | { name: 'wall'; displayId: string | null }
  | { name: 'console'; tab: string | null }
  | { name: 'kiosk' }
  /** A desktop node's first-run screen; `host` is the address it enrolls with (shown, not used). */
  | { name: 'enroll'; host: string | null; reason: string | null }
  | { name: 'home' }
  | { name: 'notFound'; path: string };

export function parseRoute(loc: { pathname: string; search: string }): Route {
  const path = loc.pathname.replace(/\/+$/, '') || '/';
  const q = new URLSearchParams(loc.search);
  switch (path) {
    case '/wall':
      return { name: 'wall', displayId: q.get('display') };
    case '/console':
      return { name: 'console', tab: q.get('tab') };
    case '/kiosk':
      return { name: 'kiosk' };
    case '/enroll':
      return { name: 'enroll', host: q.get('host'), reason: q.get('reason') };
    case '/':
    case '/index.html':
      return { name: 'home' };
    default:
      return { name: 'notFound', path };
  }
}
