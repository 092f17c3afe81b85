import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Caller } from '../room/caller';
import type { CameraStore } from './store';
import { isPlaylist, NamedResources, rewritePlaylist, TOKEN_PARAM } from './hls';
import { describeUpstreamError, getUpstream, readAll, upstreamStatusProblem } from './upstream';
import { MjpegFanout } from './fanout';
import { allowedCameraType, CAMERA_ANSWER_HEADERS, CameraRefusal, MJPEG_TYPE, mediaTypeOf, NOT_A_PLAYLIST, wrongTypeWords } from './guard';
import { CameraBusy, CameraLimiter, SharedGets, type Fetched } from './upstream-share';
import { trackCameraResponse } from './watchers';

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
const FORWARDED = ['last-modified', 'etag', 'content-range', 'accept-ranges'];
// The content type is not among them either: a camera (or whatever a feed names as one) answering
// text/html ran script on the host's origin. guard.ts picks the type from a list of media types,
// and an answer of any other type is refused with 502, its body not sent.

/** A segment is read whole before it is shared (see SharedGets); larger is not a live segment. */
const MAX_SEGMENT = 64 * 1024 * 1024;

/** Identical GETs in flight share one camera request; at most 4 per camera at once (M4). */
const shared = new SharedGets();
const limiter = new CameraLimiter(4, 15_000);

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
  res.writeHead(status, { ...CAMERA_ANSWER_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
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
  // Ended if the caller's node is revoked while the answer is still going (an MJPEG stream).
  trackCameraResponse(res, given, caller, opts.authenticate);
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
  const policy = store.addressPolicy(cam);
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
          const up = await getUpstream(target, { authorization: await store.authorization(cam, stream), signal, policy });
          if (upstreamStatusProblem(up.statusCode)) {
            up.destroy();
            throw new UpstreamStatusError(up.statusCode ?? 502);
          }
          // Only a multipart stream is an MJPEG camera; its bytes are passed on as they come.
          if (mediaTypeOf(up.headers['content-type']) !== MJPEG_TYPE) {
            up.destroy();
            throw new CameraRefusal(wrongTypeWords(up.headers['content-type']));
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
            res.writeHead(204, { ...CAMERA_ANSWER_HEADERS });
            return res.end();
          }
          res.writeHead(200, { ...CAMERA_ANSWER_HEADERS, 'content-type': 'image/jpeg', 'content-length': frame.jpeg.length, 'x-frame-seq': String(frame.seq) });
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
  // A segment given as #EXT-X-BYTERANGE is a part of a file: the player asks for it with Range
  // and needs the camera's 206 and Content-Range back (the whole file is the wrong bytes).
  const range = m[4] && typeof req.headers.range === 'string' ? req.headers.range : undefined;
  const named = !!m[4];
  const playlistLike = (type: string | undefined) => isPlaylist(type, target.pathname);
  // One camera request for everyone asking for the same URL now (16 tiles, 6 displays, or one
  // wall asking 200 times): each used to open its own connection with the camera's login.
  const got = shared.get(`${streamKey}\u0000${target.href}\u0000${range ?? ''}`, res, (signal) =>
    limiter.run(cam.id, signal, async (): Promise<Fetched> => {
      const upstream = await getUpstream(target, { authorization: await store.authorization(cam, stream), signal, range, policy });
      const problem = upstreamStatusProblem(upstream.statusCode);
      if (problem) {
        // A redirect's body (often HTML) must not be read as a playlist, nor its Location followed.
        upstream.destroy();
        return { status: upstream.statusCode === 404 ? 404 : 502, problem };
      }
      const headers: Record<string, string> = {};
      for (const h of FORWARDED) {
        const v = upstream.headers[h];
        if (typeof v === 'string') headers[h] = v;
      }
      const type = upstream.headers['content-type'];
      // An HLS stream's entry is read as a playlist whatever its type (some gateways say
      // text/plain): it is served only if it is one (#EXTM3U), rewritten, as the playlist type.
      if (stream.protocol === 'hls' && (!named || playlistLike(type))) {
        const body = await readAll(upstream, MAX_PLAYLIST);
        return { status: 200, playlist: body.toString('utf8'), headers };
      }
      const allowed = named ? allowedCameraType(type, true) : null;
      if (!allowed) {
        upstream.destroy();
        return { status: 502, problem: wrongTypeWords(type) };
      }
      const body = await readAll(upstream, MAX_SEGMENT);
      return { status: range && upstream.statusCode === 206 ? 206 : 200, headers: { ...headers, 'content-type': allowed }, body };
    }),
  );
  got.then(
    (r) => {
      if (res.destroyed) return;
      if ('problem' in r) return fail(res, r.status, r.problem);
      if ('playlist' in r) {
        // Only a real playlist is rewritten and served: whatever else sits at a .m3u8 path (an
        // internal service's JSON, an HTML page) is not passed on, not even through its URIs.
        if (!/^\uFEFF?\s*#EXTM3U/.test(r.playlist)) return fail(res, 502, NOT_A_PLAYLIST);
        // The page's credential rides in the rewritten URIs only when it came in the query (native
        // HLS cannot add headers); a header-authorised client keeps using its header.
        const token = url.searchParams.get(TOKEN_PARAM);
        const text = rewritePlaylist(r.playlist, target, proxyBase, token, namedFor(streamKey));
        const { 'content-range': _cr, 'accept-ranges': _ar, etag: _etag, ...kept } = r.headers;
        res.writeHead(200, { ...kept, ...CAMERA_ANSWER_HEADERS, 'content-type': 'application/vnd.apple.mpegurl' });
        res.end(text);
        return;
      }
      res.writeHead(r.status, { ...r.headers, ...CAMERA_ANSWER_HEADERS, 'content-length': String(r.body.length) });
      res.end(r.body);
    },
    (err: unknown) => {
      if (res.destroyed) return;
      fail(res, err instanceof CameraBusy ? 503 : 502, err instanceof CameraBusy ? err.message : describeUpstreamError(err));
    },
  );
  return true;
}
