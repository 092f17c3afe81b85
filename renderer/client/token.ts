/**
 * The host's access token for browser displays. `serve` prints URLs with ?token=…; we keep it
 * in sessionStorage (per tab, gone when the tab closes) and take it out of the address bar so
 * it is not left on screen, in history or in screenshots of the wall.
 */
const KEY = 'iocwall.token';

export function captureToken(loc: Location = location, hist: History = history): void {
  const url = new URL(loc.href);
  const token = url.searchParams.get('token');
  if (token === null) return;
  try {
    sessionStorage.setItem(KEY, token);
  } catch {
    memoryToken = token; // storage disabled: keep it for this page's life
  }
  url.searchParams.delete('token');
  hist.replaceState(hist.state, '', url.pathname + url.search + url.hash);
}

let memoryToken: string | null = null;

export function getToken(): string | null {
  try {
    return sessionStorage.getItem(KEY) ?? memoryToken;
  } catch {
    return memoryToken;
  }
}
