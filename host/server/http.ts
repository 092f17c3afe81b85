import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { contentSecurityPolicy } from './security';
import { serveStatic } from './static';

export interface HttpOptions {
  rendererDir: string | null;
  /** Facts for /healthz, read on each request (schema may change after a migration). */
  health: () => { version: string; schema: number; uptime: number };
}

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

/** The host's HTTP side: /healthz, the built renderer with SPA fallback, nothing else. */
export function createHttpServer(opts: HttpOptions): Server {
  return createServer((req, res) => {
    commonHeaders(req, res);
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://host');
    } catch {
      return json(res, 400, { error: 'bad request' });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return json(res, 405, { error: 'method not allowed' });
    }
    if (url.pathname === '/healthz') return json(res, 200, { ok: true, ...opts.health() });
    if (url.pathname === '/api') return json(res, 426, { error: 'upgrade to WebSocket required' });
    if (serveStatic(req, res, url.pathname, opts.rendererDir)) return;
    // Browsers ask for it unprompted; an empty answer keeps a red 404 out of every wall's console.
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204, { 'cache-control': 'public, max-age=86400' });
      return res.end();
    }
    json(res, 404, { error: 'not found' });
  });
}
