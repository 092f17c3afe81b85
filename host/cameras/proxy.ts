import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import type { Caller } from '../room/caller';
import type { CameraStore } from './store';
import { isPlaylist, NamedResources, rewritePlaylist, TOKEN_PARAM } from './hls';
import { describeUpstreamError, getUpstream, readAll, upstreamStatusProblem } from './upstream';
import { MjpegFanout } from './fanout';

/** Per stream (URL + login): what its playlists named, the only paths /p/ may fetch. */
const namedByStream = new Map<string, NamedResources>();
const MAX_STREAMS_REMEMBERED = 2048;

function namedFor(key: string): NamedResources {
  let n = namedByStream.get(key);
  if (!n) {
    if (namedByStream.size >= MAX_STREAMS_REMEMBERED) namedByStream.delete(namedByStream.keys().next().value!);
    namedByStream.set(key, (n = new NamedResources()));
  }
  return n;
}

/** One camera connection per MJPEG stream being watched (removed when nobody watches). */
const fanouts = new Map<string, MjpegFanout>();

class UpstreamStatusError extends Error {
  constructor(readonly status: number) {
    super(upstreamStatusProblem(status) ?? `Camera trả lỗi ${status} / the camera answered ${status}`);
  }
}

/**
 * GET /cameras/<id>/<role>            the stream's entry (HLS playlist or MJPEG)
 * GET /cameras/<id>/<role>/p/<path>   a resource on the stream's origin (segments, variants)
 *
 * Authorised by the page's own credential (`?ioc_token=` or `Authorization: Bearer`): the roles
 * that show cameras (wall, kiosk, console, and the host's token). The camera's credentials are
 * added here and never sent back: upstream auth challenges and cookies are not forwarded.
 */
const ROLES_THAT_SEE_CAMERAS = new Set(['wall', 'kiosk', 'console', 'admin']);
const MAX_PLAYLIST = 1024 * 1024;
/**
 * The camera's own Cache-Control is not among them: everything a camera sends is live and answered
 * `no-store`. A web server set up for video often marks segments cacheable for an hour, and every
 * segment has its own URL: a browser would keep each in its HTTP cache (memory in an incognito
 * or automated browser, disk in the desktop app) and never ask for it again.
 */
const FORWARDED = ['content-type', 'content-length', 'last-modified', 'etag', 'content-range', 'accept-ranges'];

export interface CameraProxyOptions {
  store: () => CameraStore | null;
  authenticate(given: string | null): Caller | null;
  /**
   * `camera.signalLostSec`: an MJPEG camera connection silent this long is replaced, and its last
   * frame is no longer given out as the current one (fanout.ts). 8 s when not given.
   */
  signalLostSec?: number;
}

function fail(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(message);
}

function credentialOf(req: IncomingMessage, url: URL): string | null {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  return bearer ?? url.searchParams.get(TOKEN_PARAM);
}

/** Handles the request when it is a camera path; false when it is not one. */
export function handleCameraRequest(req: IncomingMessage, res: ServerResponse, url: URL, opts: CameraProxyOptions): boolean {
  const m = /^\/cameras\/([^/]+)\/(main|sub)(\/p(\/.*)|\/frame)?$/.exec(url.pathname);
  if (!url.pathname.startsWith('/cameras/')) return false;
  if (!m) {
    fail(res, 404, 'Không có camera này / no such camera path');
    return true;
  }
  const given = credentialOf(req, url);
  const caller = opts.authenticate(given);
  if (!caller || !ROLES_THAT_SEE_CAMERAS.has(caller.role)) {
    fail(res, 401, 'Cần quyền xem camera / a wall, kiosk or console credential is needed');
    return true;
  }
  const store = opts.store();
  let id: string;
  try {
    id = decodeURIComponent(m[1]!);
  } catch {
    fail(res, 404, 'Không có camera này / no such camera');
    return true;
  }
  const cam = store?.get(id);
  const stream = cam?.streams.find((s) => s.role === m[2]);
  if (!store || !cam || !stream) {
    fail(res, 404, 'Không có camera này / no such camera');
    return true;
  }
  if (m[3] === '/frame' && stream.protocol !== 'mjpeg') {
    fail(res, 404, 'Khung hình đơn chỉ có ở luồng MJPEG / single frames are for MJPEG streams');
    return true;
  }
  const entry = new URL(stream.url);
  const streamKey = `${stream.url}\u0000${stream.secret ?? ''}`;
  let target: URL;
  if (m[4]) {
    target = new URL(entry.origin);
    target.pathname = m[4];
    const q = new URLSearchParams(url.search);
    q.delete(TOKEN_PARAM);
    target.search = q.toString();
    // use(), not has(): serving a name keeps it young, so a live variant playlist named once by
    // its master is never evicted by the segments it names while it is being played.
    if (stream.protocol !== 'hls' || !namedByStream.get(streamKey)?.use(target.pathname + target.search)) {
      fail(res, 403, 'Chỉ tải được những gì danh sách phát nêu / only what the stream\'s playlist names can be fetched');
      return true;
    }
  } else target = entry;

  const proxyBase = `/cameras/${m[1]}/${m[2]}`;
  if (stream.protocol === 'mjpeg' && !m[4]) {
    const asFrames = m[3] === '/frame';
    // By address and login: a main and sub (or two camera entries) at one URL share it, and a
    // camera edited to another address gets a new connection.
    const key = streamKey;
    let fan = fanouts.get(key);
    if (!fan) {
      fan = new MjpegFanout(
        async (signal) => {
          const up = await getUpstream(target, { authorization: await store.authorization(stream), signal });
          if (upstreamStatusProblem(up.statusCode)) {
            up.destroy();
            throw new UpstreamStatusError(up.statusCode ?? 502);
          }
          return up;
        },
        () => {
          if (fanouts.get(key) === fan) fanouts.delete(key);
        },
        { stallMs: (opts.signalLostSec ?? 8) * 1000 },
      );
      fanouts.set(key, fan);
    }
    const f = fan;
    if (asFrames) {
      const after = Number(url.searchParams.get('after') ?? '0');
      f.frame(Number.isFinite(after) ? after : 0, 10_000).then(
        (frame) => {
          if (!frame) {
            res.writeHead(204, { 'cache-control': 'no-store' });
            return res.end();
          }
          res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': frame.jpeg.length, 'cache-control': 'no-store', 'x-frame-seq': String(frame.seq) });
          res.end(frame.jpeg);
        },
        (err: unknown) => {
          if (f.size === 0 && fanouts.get(key) === f) fanouts.delete(key);
          fail(res, err instanceof UpstreamStatusError && err.status === 404 ? 404 : 502, err instanceof UpstreamStatusError ? err.message : describeUpstreamError(err));
        },
      );
      return true;
    }
    f.add(res).catch((err: unknown) => {
      if (f.size === 0 && fanouts.get(key) === f) fanouts.delete(key);
      fail(res, err instanceof UpstreamStatusError && err.status === 404 ? 404 : 502, err instanceof UpstreamStatusError ? err.message : describeUpstreamError(err));
    });
    return true;
  }
  const abort = new AbortController();
  res.on('close', () => abort.abort());
  // A segment given as #EXT-X-BYTERANGE is a part of a file: the player asks for it with Range
  // and needs the camera's 206 and Content-Range back (the whole file is the wrong bytes).
  const range = m[4] && typeof req.headers.range === 'string' ? req.headers.range : undefined;
  void (async () => {
    const upstream = await getUpstream(target, { authorization: await store.authorization(stream), signal: abort.signal, range });
    const problem = upstreamStatusProblem(upstream.statusCode);
    if (problem) {
      // A redirect's body (often HTML) must not be read as a playlist, nor its Location followed.
      upstream.destroy();
      return fail(res, upstream.statusCode === 404 ? 404 : 502, problem);
    }
    const headers: Record<string, string> = { 'cache-control': 'no-store' };
    for (const h of FORWARDED) {
      const v = upstream.headers[h];
      if (typeof v === 'string') headers[h] = v;
    }
    if (stream.protocol === 'hls' && isPlaylist(upstream.headers['content-type'], target.pathname)) {
      const body = await readAll(upstream, MAX_PLAYLIST);
      delete headers['content-range'];
      delete headers['accept-ranges'];
      // The page's credential rides in the rewritten URIs only when it came in the query (native
      // HLS cannot add headers); a header-authorised client keeps using its header.
      const token = url.searchParams.get(TOKEN_PARAM);
      const text = rewritePlaylist(body.toString('utf8'), target, proxyBase, token, namedFor(streamKey));
      delete headers['content-length'];
      delete headers.etag;
      headers['content-type'] = 'application/vnd.apple.mpegurl';
      res.writeHead(200, headers);
      res.end(text);
      return;
    }
    res.writeHead(range && upstream.statusCode === 206 ? 206 : 200, headers);
    pipeline(upstream, res, () => undefined);
  })().catch((err: unknown) => {
    if (abort.signal.aborted) return;
    fail(res, 502, describeUpstreamError(err));
  });
  return true;
}
