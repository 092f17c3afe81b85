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

/**
 * The camera resources a stream's playlists named lately (path + query on the camera's origin).
 * The proxy fetches only these under /p/: a wall's credential must not let it send any GET it
 * likes to a camera with the camera's admin login (reboot URLs are GETs on many cameras).
 * Bounded: the oldest names go first.
 */
export class NamedResources {
  private readonly names = new Set<string>();
  constructor(private readonly max = 512) {}
  add(name: string): void {
    this.names.delete(name);
    this.names.add(name);
    if (this.names.size > this.max) this.names.delete(this.names.values().next().value!);
  }
  has(name: string): boolean {
    return this.names.has(name);
  }
  /**
   * Whether the name may be fetched, and if so keeps it young. A master playlist names its
   * variant once, while the live variant is reloaded every few seconds for hours and names new
   * segments each time: without this the variant's own name was the oldest after ~500
   * segments, evicted, and the picture stopped with 403.
   */
  use(name: string): boolean {
    if (!this.names.has(name)) return false;
    this.add(name);
    return true;
  }
}

/**
 * The one origin rule for a camera playlist's URIs, used by the proxy and by the health check:
 * a URI resolves against the playlist and counts only on the playlist's own origin (scheme, host
 * and port). Anything else gets neither the camera's login nor a fetch from the host: a foreign
 * host would receive the password, an https playlist naming http would send it in the clear,
 * and the proxy would become an open relay. Null for a URI that is foreign or not a URL.
 */
export function sameOriginUri(uri: string, playlistUrl: URL): URL | null {
  let abs: URL;
  try {
    abs = new URL(uri, playlistUrl);
  } catch {
    return null;
  }
  return abs.origin === playlistUrl.origin ? abs : null;
}

/** `/cameras/<id>/<role>/p/<path>?<query>`: a resource on the stream's origin, by absolute path. */
export function proxiedUri(uri: string, playlistUrl: URL, proxyBase: string, token: string | null, named?: NamedResources): string | null {
  const abs = sameOriginUri(uri, playlistUrl);
  if (!abs) return null;
  const q = new URLSearchParams(abs.search);
  // Named as the proxy will see it again: the query re-serialised the same way.
  const own = q.toString();
  named?.add(abs.pathname + (own ? `?${own}` : ''));
  if (token) q.set(TOKEN_PARAM, token);
  const qs = q.toString();
  return `${proxyBase}/p${abs.pathname}${qs ? `?${qs}` : ''}`;
}

/**
 * The playlist with every URI proxied; a URI that leaves the stream's origin is dropped with its
 * tag. A key (`#EXT-X-KEY`, not METHOD=NONE) on another origin takes the segments it decrypts with
 * it, up to the next key: served without their key they are ciphertext a player would be handed
 * as if it were video. A stream left with nothing to play stalls, and says so as a lost signal.
 */
export function rewritePlaylist(text: string, playlistUrl: URL, proxyBase: string, token: string | null, named?: NamedResources): string {
  const out: string[] = [];
  let keyless = false;
  const dropPrevTag = () => {
    if (/^#(EXTINF|EXT-X-STREAM-INF)/i.test(out[out.length - 1]?.trim() ?? '')) out.pop();
  };
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed.startsWith('#')) {
      let foreign = false;
      const rewritten = line.replace(/URI="([^"]*)"/g, (_m, uri: string) => {
        const p = proxiedUri(uri, playlistUrl, proxyBase, token, named);
        if (p === null) foreign = true;
        return `URI="${p ?? ''}"`;
      });
      if (/^#EXT-X-KEY:/i.test(trimmed)) keyless = foreign && !/METHOD=NONE/i.test(trimmed);
      if (!foreign) out.push(rewritten);
      continue;
    }
    if (trimmed === '') {
      out.push(line);
      continue;
    }
    const p = keyless ? null : proxiedUri(trimmed, playlistUrl, proxyBase, token, named);
    if (p !== null) out.push(p);
    else dropPrevTag();
  }
  return out.join('\n');
}
