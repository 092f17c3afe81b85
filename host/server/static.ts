import { createReadStream, existsSync, statSync, type Stats } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mimeOf } from './web-policy';
import { wallShell, wallShellWithFrame } from './wall-preload';

/** Built by tools/build/service-worker-plugin.ts into the renderer's root. */
export const SERVICE_WORKER_PATH = '/sw.js';

/** Routes the renderer handles itself (client-side router): they all get index.html. */
export const SPA_ROUTES = ['/wall', '/console', '/kiosk'];

const isSpaRoute = (p: string) => p === '/' || SPA_ROUTES.some((r) => p === r || p.startsWith(r + '/'));

/**
 * Finds the built renderer (Vite's output, dist/renderer/index.html) from the source tree
 * (tsx, vitest: host/server/ → ../../dist/renderer) or from the bundle (dist/cli.js →
 * dist/renderer, also in a copy of dist/ under another name). The source renderer/index.html is never served: it is not built.
 */
export function findRendererDir(from: string = dirname(fileURLToPath(import.meta.url))): string | null {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    const candidates = [join(dir, 'dist', 'renderer')];
    // The bundle's own folder first, whatever its name (a copy of dist/ a bench serves from).
    if (basename(dir) === 'dist' || (i === 0 && existsSync(join(dir, 'cli.js')))) candidates.unshift(join(dir, 'renderer'));
    const found = candidates.find((c) => existsSync(join(c, 'index.html')));
    if (found) return found;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return null;
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>IOC Wall</title>
<body style="font:18px system-ui;margin:3em">
<h1>Giao diện chưa được build</h1><p>Chạy <code>npm run build</code> rồi khởi động lại <code>ioc-wall serve</code>.</p>
<h1 lang="en">The renderer is not built</h1><p lang="en">Run <code>npm run build</code>, then start <code>ioc-wall serve</code> again.</p>`;

/** The file's stats, or undefined for anything unreadable (missing, ENOTDIR, ENAMETOOLONG from a crafted URL). */
function statOf(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/**
 * Serves one GET/HEAD for a file of the built renderer. Returns false if it did not answer.
 * `frame`: a wall display's first frame drawn by the host (./first-frame.ts), sent inside the
 * wall's shell; that page carries the host's figures, so no cache may keep it.
 */
export function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string, root: string | null, frame: string | null = null): boolean {
  if (!root) {
    if (!isSpaRoute(pathname)) return false;
    res.writeHead(503, { 'content-type': mimeOf('index.html'), 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : NOT_BUILT);
    return true;
  }
  let file: string | null = null;
  let stats: Stats | undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return false;
  }
  if (!decoded.includes('\0')) {
    const candidate = resolve(root, '.' + normalize(decoded));
    // A path that climbs out of the renderer folder is treated as not found, never served.
    // One stat per request answers both "is it a file" and its length.
    const s = candidate.startsWith(root + sep) ? statOf(candidate) : undefined;
    if (s?.isFile()) {
      file = candidate;
      stats = s;
    }
  }
  if (!file && isSpaRoute(pathname)) {
    file = join(root, 'index.html');
    stats = statOf(file);
  }
  if (!file || !stats) return false;
  // A wall display's shell names the wall's chunks up front (wall-preload.ts).
  const isWall = file === join(root, 'index.html') && (pathname === '/wall' || pathname.startsWith('/wall/'));
  const framed = isWall && frame !== null ? wallShellWithFrame(root, frame) : null;
  const shell = framed ?? (isWall ? wallShell(root) : null);
  if (shell) {
    res.writeHead(200, { 'content-type': mimeOf(file), 'content-length': shell.length, 'cache-control': framed ? 'no-store' : 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : shell);
    return true;
  }
  const immutable = pathname.startsWith('/assets/'); // Vite puts content hashes in these names
  res.writeHead(200, {
    'content-type': mimeOf(file),
    'content-length': stats.size,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    // The shell's service worker (renderer/sw): checked against the host on every load, so a
    // new build reaches the nodes at once; its scope is the whole site.
    ...(pathname === SERVICE_WORKER_PATH ? { 'service-worker-allowed': '/' } : {}),
  });
  if (req.method === 'HEAD') res.end();
  else {
    // A file removed under us (a rebuild while serving) must end this response, not the host:
    // an unhandled stream 'error' would crash the process every display depends on.
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  }
  return true;
}
