import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Caller } from '../room/caller';
import type { Enrolled } from '../room/nodes';
import { FailureLimit } from './failure-limit';
import { hostAllowed, hostNames, misdirectedWords, originAllowed, pageCouldSend, tokenOf, type HostNames } from './security';
import { contentSecurityPolicy } from './web-policy';
import { serveStatic } from './static';
import type { FirstFrames } from './first-frame';
import { handleCameraRequest, type CameraProxyOptions } from '../cameras/proxy';

export interface HttpOptions {
  rendererDir: string | null;
  /** Facts for /healthz, read on each request (schema may change after a migration). */
  health: () => { version: string; schema: number; uptime: number };
  /** Exchanges a one-time enrollment code for a node credential (POST /api/enroll). */
  enroll?: (code: string, from: string) => Enrolled | null;
  /** PEM certificate and key: the server speaks HTTPS (and wss:) only. */
  tls?: { cert: Buffer; key: Buffer };
  /** The camera proxy (/cameras/…): what the wall's camera tiles fetch. */
  cameras?: CameraProxyOptions;
  /** The caller a token stands for, as the WebSocket decides it (GET /api/whoami). */
  authenticate?: (token: string | null) => Caller | null;
  /** `server.allowedOrigins`: other origins whose pages may enroll a node. */
  allowedOrigins?: readonly string[];
  /** The names browsers may reach the host by (security.ts hostAllowed); default: its own only. */
  hostNames?: HostNames;
  /** Draws a wall display's first frame into its page (./first-frame.ts). */
  firstFrames?: FirstFrames;
}

/** An enrollment body is one short code; anything larger is not one. */
const MAX_ENROLL_BODY = 4096;

function commonHeaders(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('content-security-policy', contentSecurityPolicy(req.headers.host));
  res.setHeader('x-content-type-options', 'nosniff');
  // The token travels in the page URL; no Referer must carry it anywhere.
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('x-frame-options', 'DENY');
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** readBody's answer for a body over its limit (a symbol: any string could be a body). */
const TOO_LARGE = Symbol('too large');

/** The body as text, TOO_LARGE once it passes `max` bytes, or null when the client broke off. */
function readBody(req: IncomingMessage, max: number): Promise<string | typeof TOO_LARGE | null> {
  // Known from the header: answered before a byte of the body is read.
  if (Number(req.headers['content-length']) > max) return Promise.resolve(TOO_LARGE);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size <= max) return void chunks.push(c);
      // A chunked body has no length up front. Stop keeping it, but keep reading (and
      // dropping) it: the socket stays open for the 413, which the caller writes next.
      req.off('data', onData);
      req.resume();
      resolve(TOO_LARGE);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(null));
    // Closed before the end without an error (the first of the three settles it).
    req.on('close', () => resolve(null));
  });
}

/**
 * POST /api/enroll {"code": "K7QM-2XPA"} → {"nodeId", "role", "credential"}. A wrong, used or
 * expired code is 401 with words for the installer; the 11th failure within a minute from one
 * address is 429 until the minute has passed.
 */
async function handleEnroll(req: IncomingMessage, res: ServerResponse, enroll: NonNullable<HttpOptions['enroll']>, limit: FailureLimit): Promise<void> {
  const from = req.socket.remoteAddress ?? '?';
  const wait = limit.blockedFor(from);
  if (wait > 0) {
    res.setHeader('retry-after', String(wait));
    return json(res, 429, {
      error: 'too_many_attempts',
      message: `Quá nhiều lần nhập sai, thử lại sau ${wait} giây / too many wrong codes from this address: try again in ${wait} s.`,
    });
  }
  const body = await readBody(req, MAX_ENROLL_BODY);
  if (body === TOO_LARGE) {
    // Not a code, so it counts as a wrong attempt. An answer, not a dropped connection: an
    // installer's script sees why. `connection: close` because the rest of the body is not read
    // (Node drops what still comes until the socket closes).
    limit.fail(from);
    res.setHeader('connection', 'close');
    return json(res, 413, {
      error: 'too_large',
      message: `Yêu cầu quá lớn: chỉ gửi {"code": "XXXX-XXXX"} / request too large (over ${MAX_ENROLL_BODY} bytes): send only {"code": "XXXX-XXXX"}.`,
    });
  }
  // The client broke off: nobody is left to answer.
  if (body === null) return;
  let code: unknown;
  try {
    code = (JSON.parse(body) as { code?: unknown } | null)?.code;
  } catch {
    code = undefined;
  }
  if (typeof code !== 'string' || code.length === 0 || code.length > 32) {
    limit.fail(from);
    return json(res, 400, { error: 'bad_request', message: 'Gửi {"code": "XXXX-XXXX"} / send {"code": "XXXX-XXXX"} as JSON.' });
  }
  const enrolled = enroll(code, from);
  if (!enrolled) {
    limit.fail(from);
    return json(res, 401, {
      error: 'invalid_code',
      message:
        'Mã đăng ký sai, đã dùng hoặc hết hạn (15 phút): xin mã mới ở máy chủ (`ioc-wall nodes add`) / ' +
        'the enrollment code is wrong, used or expired (15 minutes): get a new one on the host (`ioc-wall nodes add`).',
    });
  }
  json(res, 200, { nodeId: enrolled.nodeId, role: enrolled.role, name: enrolled.name, credential: enrolled.credential });
}

/** The credential of an `Authorization: Bearer` header, or null. */
const bearerOf = (req: IncomingMessage): string | null => /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''))?.[1] ?? null;

/**
 * GET /api/whoami: is this credential still good? A browser cannot see why its WebSocket was
 * refused (a 401 on the upgrade is only "closed"), so a browser node that keeps failing to
 * connect asks here, with the token as the WebSocket presents it (`?token=`, the sub-protocol
 * header) or as `Authorization: Bearer`. 200 {role, nodeId, name}, or 401 for a revoked or
 * unknown one. The credential itself is never in the answer.
 */
function handleWhoami(req: IncomingMessage, res: ServerResponse, url: URL, authenticate: NonNullable<HttpOptions['authenticate']>): void {
  const caller = authenticate(bearerOf(req) ?? tokenOf(req, url));
  if (!caller) {
    return json(res, 401, {
      error: 'unauthorized',
      message:
        'Máy này đã bị thu hồi hoặc mã không hợp lệ — xin mã đăng ký mới / ' +
        'this machine was revoked or its credential is not valid — get a new enrollment code.',
    });
  }
  json(res, 200, { role: caller.role, nodeId: caller.nodeId, name: caller.name });
}

/**
 * A program's request with a valid credential in `Authorization` and no Origin: a desktop node's
 * camera forwarder (electron/camera-proxy.ts) asks by the name in the node's `connect.url`,
 * whatever it is, as its WebSocket does. A rebound page holds no credential to send.
 */
function credentialed(req: IncomingMessage, authenticate: HttpOptions['authenticate']): boolean {
  if (req.headers.origin !== undefined || !authenticate) return false;
  const bearer = bearerOf(req);
  return bearer !== null && authenticate(bearer) !== null;
}

/**
 * A wall page asked for with a credential: its shell with the display's first frame drawn in
 * (or without, when none could be drawn). The display is the page's `?display=`, or d1 as the
 * page itself assumes (renderer/wall/display-id.ts).
 */
async function serveWallWithFrame(req: IncomingMessage, res: ServerResponse, url: URL, caller: Caller, frames: FirstFrames, root: string): Promise<void> {
  const frame = await frames.draw(caller, url.searchParams.get('display') ?? 'd1');
  if (res.destroyed) return;
  if (!serveStatic(req, res, url.pathname, root, frame)) json(res, 404, { error: 'not found' });
}

/** The host's HTTP(S) side: /healthz, enrollment, whoami, the built renderer with SPA fallback. */
export function createHttpServer(opts: HttpOptions): Server {
  const enrollLimit = new FailureLimit();
  const names = opts.hostNames ?? hostNames([]);
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    // Before anything is answered: a rebound page of another site gets no fact of the host's.
    if (pageCouldSend(req) && !hostAllowed(req, names) && !credentialed(req, opts.authenticate)) {
      res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', connection: 'close' });
      return res.end(misdirectedWords(req.headers.host));
    }
    commonHeaders(req, res);
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://host');
    } catch {
      return json(res, 400, { error: 'bad request' });
    }
    if (url.pathname === '/api/enroll' && opts.enroll) {
      if (req.method !== 'POST') {
        res.setHeader('allow', 'POST');
        return json(res, 405, { error: 'method not allowed' });
      }
      // A page of another site in the browser of the console's PC could post codes from that PC's
      // address and use up its attempts (then the console's own enrollments wait a minute). A
      // browser names the page in Origin; programs (nodes, `ioc-wall enroll`) send none.
      if (req.headers.origin !== undefined && !originAllowed(req, opts.allowedOrigins ?? [])) {
        return json(res, 403, {
          error: 'forbidden_origin',
          message: 'Chỉ trang của chính máy chủ được đăng ký máy trạm / only the host\'s own pages may enroll a node: open the console from the host\'s address.',
        });
      }
      void handleEnroll(req, res, opts.enroll, enrollLimit).catch((err: unknown) => {
        console.error('[host] enrollment failed:', err);
        if (!res.headersSent) json(res, 500, { error: 'internal', message: 'see the host log' });
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return json(res, 405, { error: 'method not allowed' });
    }
    if (opts.cameras && handleCameraRequest(req, res, url, opts.cameras)) return;
    if (url.pathname === '/healthz') return json(res, 200, { ok: true, ...opts.health() });
    if (url.pathname === '/api/whoami' && opts.authenticate) return handleWhoami(req, res, url, opts.authenticate);
    if (url.pathname === '/api') return json(res, 426, { error: 'upgrade to WebSocket required' });
    if (url.pathname === '/wall' && req.method === 'GET' && opts.firstFrames && opts.authenticate && opts.rendererDir) {
      const caller = opts.authenticate(bearerOf(req) ?? tokenOf(req, url));
      if (caller) return void serveWallWithFrame(req, res, url, caller, opts.firstFrames, opts.rendererDir);
    }
    if (serveStatic(req, res, url.pathname, opts.rendererDir)) return;
    // Browsers ask for it unprompted; an empty answer keeps a red 404 out of every wall's console.
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204, { 'cache-control': 'public, max-age=86400' });
      return res.end();
    }
    json(res, 404, { error: 'not found' });
  };
  return opts.tls ? createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key }, handler) : createServer(handler);
}
