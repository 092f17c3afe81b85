import { request as httpRequest, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

/**
 * Camera pictures in the desktop app's windows. A window holds no credential (it talks to the
 * host over IPC), so it cannot ask the host's camera proxy itself. Instead it fetches
 * `app://ioc/cameras/<id>/<role>…` — its own origin, so CSP 'self', hls.js and the MJPEG
 * frame loop work unchanged — and main forwards the request to the host's camera proxy with
 * main's credential in an Authorization header:
 *  - host mode: the in-process host's proxy on a loopback listener of main's own
 *    (startCameraLoopback), with the host's token;
 *  - node mode: the remote host over HTTPS (its CA from connect.caFile) with the node's
 *    credential, so the host applies the node's role.
 * The credential travels only main → host. The host rewrites playlists without it (it only
 * repeats a credential that came in the query), so nothing a page can read carries it.
 */

export interface CameraUpstream {
  /** The host's origin: http://127.0.0.1:PORT (loopback) or the node's connect.url. */
  base: string;
  credential: string;
  ca?: Buffer;
}

/** Paths main forwards: the host's camera proxy paths, nothing else. */
const CAMERA_PATH = /^\/cameras\/[^/]+\/(main|sub)(\/frame|\/p\/.*)?$/;
/**
 * Answer headers a picture needs (the MJPEG loop reads x-frame-seq); nothing else passes. The
 * content type is not among them: it is checked against MEDIA_TYPES first.
 */
const PASSED = ['content-length', 'cache-control', 'last-modified', 'x-frame-seq'];
/**
 * The types a camera answer may have in a window (what host/cameras/guard.ts lets the host send:
 * playlists, segments, MJPEG and its frames; text/plain for the host's own error words). Anything
 * else (text/html from a hostile camera through an older host) would be a document on app://ioc,
 * the app's own origin, and is answered 502 without its body. Kept here, not imported: electron
 * takes only types from the host.
 */
const MEDIA_TYPES = new Set([
  'application/vnd.apple.mpegurl',
  'application/x-mpegurl',
  'audio/mpegurl',
  'audio/x-mpegurl',
  'video/mp2t',
  'video/mp4',
  'video/iso.segment',
  'audio/aac',
  'audio/mp4',
  'application/octet-stream',
  'image/jpeg',
  'multipart/x-mixed-replace',
  'text/plain',
]);
/** The query key the host reads a credential from: a page must not smuggle one in. */
const TOKEN_PARAM = 'ioc_token';

export function isCameraPath(pathname: string): boolean {
  return pathname.startsWith('/cameras/');
}

function plain(status: number, text: string, headers: Record<string, string>): Response {
  return new Response(text, { status, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
}

/**
 * The part of the app:// handler that serves /cameras/…: one upstream request per request,
 * streamed back (an MJPEG stream or a segment is not buffered). `headers` are the app
 * scheme's security headers, added to every answer.
 */
export function createCameraForwarder(upstream: () => CameraUpstream | null, headers: Record<string, string> = {}) {
  return (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (!CAMERA_PATH.test(url.pathname)) return Promise.resolve(plain(404, 'Không có camera này / no such camera path', headers));
    if (request.method !== 'GET' && request.method !== 'HEAD') return Promise.resolve(plain(405, 'method not allowed', headers));
    const up = upstream();
    if (!up) return Promise.resolve(plain(503, 'Chưa kết nối máy chủ / not connected to the host yet', headers));
    const target = new URL(url.pathname, up.base);
    const q = new URLSearchParams(url.search);
    q.delete(TOKEN_PARAM);
    target.search = q.toString();
    return new Promise<Response>((resolve) => {
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(
        target,
        { method: request.method, headers: { authorization: `Bearer ${up.credential}` }, ca: up.ca, signal: request.signal },
        (res: IncomingMessage) => {
          const status = res.statusCode ?? 502;
          const type = res.headers['content-type'] ?? '';
          const media = type.split(';')[0]!.trim().toLowerCase();
          if (status !== 204 && status !== 304 && !MEDIA_TYPES.has(media)) {
            res.destroy();
            const t = media.slice(0, 80) || 'không có / none';
            return resolve(plain(502, `Câu trả lời camera không phải video (${t}), không chuyển tiếp / the camera answer is not video (${t}); not passed on`, headers));
          }
          // Never a document on app://ioc: a download if navigated to, no sniffing, and the app's
          // CSP with `sandbox` added (an opaque origin even if something got past the type check).
          const csp = headers['Content-Security-Policy'];
          const out: Record<string, string> = {
            ...headers,
            ...(csp ? { 'Content-Security-Policy': `${csp}; sandbox` } : {}),
            'Content-Disposition': 'attachment',
            'X-Content-Type-Options': 'nosniff',
          };
          if (type) out['content-type'] = type;
          for (const h of PASSED) {
            const v = res.headers[h];
            if (typeof v === 'string') out[h] = v;
          }
          const empty = request.method === 'HEAD' || status === 204 || status === 304;
          if (empty) res.resume();
          // Cancelling the web stream (the picture stopped) destroys the node stream and with it
          // the connection to the host, which lets the host drop its camera connection.
          resolve(new Response(empty ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), { status, headers: out }));
        },
      );
      req.on('error', (err) => resolve(plain(502, `Không tới được máy chủ / the host could not be reached: ${err.message}`, headers)));
      req.end();
    });
  };
}

export interface CameraLoopback {
  url: string;
  close(): Promise<void>;
}

/**
 * Host mode: the in-process host's camera proxy on 127.0.0.1 (a free port), for main's
 * forwarder. The host answers only its own credentials, as on its LAN server; a host started
 * without a LAN server (a wall PC) still gets its cameras this way.
 */
export async function startCameraLoopback(handle: (req: IncomingMessage, res: ServerResponse, url: URL) => boolean): Promise<CameraLoopback> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    if (!handle(req, res, url)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
