/**
 * Is this page's credential still good? A browser's WebSocket cannot see why the host refused it
 * (a 401 on the upgrade is only "closed"), so a revoked browser node would say "Mất kết nối tới
 * máy chủ — đang thử lại" and retry every few seconds for ever. After failed handshakes the
 * transport asks the host over HTTP (GET /api/whoami, host/server/http.ts) with the token the
 * WebSocket URL carries, in a header rather than the address. DOM-free: `fetch` is the page's or
 * Node's.
 */
export type AccessAnswer = 'ok' | 'refused' | 'unknown';

/** ws(s)://host/api?token=T → a check of T at http(s)://host/api/whoami. 'unknown' when it cannot tell. */
export function whoamiCheck(wsUrl: string, fetchFn: typeof fetch | undefined = globalThis.fetch): () => Promise<AccessAnswer> {
  return async () => {
    if (!fetchFn) return 'unknown';
    let url: URL;
    try {
      url = new URL(wsUrl);
    } catch {
      return 'unknown';
    }
    const token = url.searchParams.get('token');
    url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
    url.pathname = '/api/whoami';
    url.search = '';
    try {
      const res = await fetchFn(url.toString(), {
        headers: token ? { authorization: `Bearer ${token}` } : {},
        signal: AbortSignal.timeout(8000),
      });
      if (res.status === 401) return 'refused';
      return res.ok ? 'ok' : 'unknown';
    } catch {
      return 'unknown'; // the host is unreachable: that is not a refusal
    }
  };
}
