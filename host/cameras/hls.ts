/**
 * HLS playlists pass through the host's camera proxy: every URI in them (segments, variant
 * playlists, keys, init sections) is rewritten to a proxy path, so the browser never learns
 * the camera's address and every fetch carries the page's credential instead of the camera's.
 * Only URIs on the stream's own origin are kept: the proxy must not become an open relay.
 */

/** The query parameter that carries the page's credential on proxied URLs. */
export const TOKEN_PARAM = 'ioc_token';

export function isPlaylist(contentType: string | undefined, path: string): boolean {
  return /mpegurl/i.test(contentType ?? '') || /\.m3u8?$/i.test(path);
}

/** `/cameras/<id>/<role>/p/<path>?<query>`: a resource on the stream's origin, by absolute path. */
export function proxiedUri(uri: string, playlistUrl: URL, proxyBase: string, token: string | null): string | null {
  let abs: URL;
  try {
    abs = new URL(uri, playlistUrl);
  } catch {
    return null;
  }
  if (abs.origin !== playlistUrl.origin) return null;
  const q = new URLSearchParams(abs.search);
  if (token) q.set(TOKEN_PARAM, token);
  const qs = q.toString();
  return `${proxyBase}/p${abs.pathname}${qs ? `?${qs}` : ''}`;
}

/** The playlist with every URI proxied; a URI that leaves the stream's origin is dropped with its tag. */
export function rewritePlaylist(text: string, playlistUrl: URL, proxyBase: string, token: string | null): string {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed.startsWith('#')) {
      let foreign = false;
      const rewritten = line.replace(/URI="([^"]*)"/g, (_m, uri: string) => {
        const p = proxiedUri(uri, playlistUrl, proxyBase, token);
        if (p === null) foreign = true;
        return `URI="${p ?? ''}"`;
      });
      if (!foreign) out.push(rewritten);
      continue;
    }
    if (trimmed === '') {
      out.push(line);
      continue;
    }
    const p = proxiedUri(trimmed, playlistUrl, proxyBase, token);
    if (p !== null) out.push(p);
    else if (/^#(EXTINF|EXT-X-STREAM-INF)/i.test(out[out.length - 1]?.trim() ?? '')) out.pop();
  }
  return out.join('\n');
}
