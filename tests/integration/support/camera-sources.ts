/**
 * Test cameras made with Debian's ffmpeg (`-f lavfi -i testsrc`), low-res and short-lived:
 *  - HLS: a live H.264 Constrained Baseline playlist written by ffmpeg into a temp dir, served
 *    by Debian's nginx behind basic auth (segments with `Cache-Control: max-age`, as a web
 *    server set up for video commonly sends them), or by a small Node server where nginx is
 *    not installed (a warning says so; .ci/run installs it);
 *  - MJPEG: ffmpeg's JPEG frames re-sent as multipart/x-mixed-replace, behind basic auth;
 *  - stop(): the stream stops mid-way (ffmpeg ends, the MJPEG connection stays open and silent,
 *    the HLS playlist stops moving), as a camera that freezes does.
 * A dead URL is any port nobody listens on (deadUrl()).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';

export const CAMERA_USER = 'admin';
/** Unmistakable, so a leak is found by plain search in captured traffic. */
export const CAMERA_PASSWORD = 'Pw-Leak-Canary-7f3a9c';

const authorised = (req: IncomingMessage) =>
  req.headers.authorization === `Basic ${Buffer.from(`${CAMERA_USER}:${CAMERA_PASSWORD}`).toString('base64')}`;

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

export interface TestCamera {
  /** URL with no credentials (the config gives them via `user:pass@` or a secret). */
  url: string;
  /** URL with `admin:<password>@` in it, as an installer might paste it. */
  urlWithCredentials: string;
  /** MJPEG: connections open to the camera now. */
  clients?(): number;
  /** Stops the picture: no new frames from now on. */
  stop(): void;
  close(): Promise<void>;
}

function withCredentials(url: string): string {
  const u = new URL(url);
  u.username = CAMERA_USER;
  u.password = CAMERA_PASSWORD;
  return u.toString();
}

function ffmpeg(args: string[]): ChildProcess {
  const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr?.on('data', () => undefined);
  return child;
}

function waitFor(cond: () => boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (cond()) return resolve();
      if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 50);
    };
    tick();
  });
}

const NGINX = '/usr/sbin/nginx';

/** A free loopback port (nginx cannot listen on port 0 and tell which it got). */
function freePort(): Promise<number> {
  const s = createServer();
  return listen(s).then((port) => new Promise((r) => s.close(() => r(port))));
}

/**
 * Debian's nginx serving `www` on a loopback port behind basic auth: playlists `no-cache`,
 * segments `max-age=3600`. Its prefix (config, logs, temp dirs) lives in `prefix`.
 */
async function startNginx(www: string, prefix: string): Promise<{ port: number; close(): Promise<void> }> {
  // nginx workers drop to "nobody" when started as root: what they read must be world-readable.
  chmodSync(prefix, 0o755);
  chmodSync(www, 0o755);
  for (const d of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(prefix, d), { recursive: true });
  const sha = createHash('sha1').update(CAMERA_PASSWORD).digest('base64');
  writeFileSync(join(prefix, 'htpasswd'), `${CAMERA_USER}:{SHA}${sha}\n`);
  chmodSync(join(prefix, 'htpasswd'), 0o644);
  const port = await freePort();
  writeFileSync(
    join(prefix, 'nginx.conf'),
    `daemon off;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${prefix}/client_body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; }
  server {
    listen 127.0.0.1:${port};
    root ${www};
    auth_basic "cam";
    auth_basic_user_file ${prefix}/htpasswd;
    location ~ \\.m3u8$ { add_header Cache-Control no-cache; }
    location ~ \\.ts$ { expires 1h; }
  }
}
`,
  );
  const nginx = spawn(NGINX, ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-e', join(prefix, 'error.log')], { stdio: 'ignore' });
  const exited = new Promise<void>((r) => nginx.once('exit', () => r()));
  const deadline = Date.now() + 20_000;
  for (;;) {
    const up = await fetch(`http://127.0.0.1:${port}/`).then(() => true, () => false);
    if (up) break;
    if (Date.now() > deadline || nginx.exitCode !== null) {
      nginx.kill();
      const log = existsSync(join(prefix, 'error.log')) ? readFileSync(join(prefix, 'error.log'), 'utf8') : '';
      throw new Error(`nginx did not start on ${port}: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    close: async () => {
      if (nginx.exitCode === null) nginx.kill('SIGTERM');
      await exited;
    },
  };
}

let warnedNoNginx = false;

/** testsrc as live HLS (1 s segments, H.264 baseline, 320×240 at 10 fps) behind basic auth. */
export async function startHlsCamera(opts: { size?: string; server?: 'nginx' | 'node' } = {}): Promise<TestCamera> {
  const prefix = mkdtempSync(join(tmpdir(), 'ioc-cam-hls-'));
  const dir = join(prefix, 'www');
  mkdirSync(dir);
  const enc = ffmpeg([
    '-re', '-f', 'lavfi', '-i', `testsrc=size=${opts.size ?? '320x240'}:rate=10`,
    '-c:v', 'libx264', '-profile:v', 'baseline', '-pix_fmt', 'yuv420p', '-preset', 'ultrafast', '-tune', 'zerolatency',
    '-g', '10', '-keyint_min', '10', '-sc_threshold', '0',
    '-f', 'hls', '-hls_time', '1', '-hls_list_size', '6', '-hls_flags', 'delete_segments+omit_endlist',
    join(dir, 'index.m3u8'),
  ]);
  let useNginx = (opts.server ?? 'nginx') === 'nginx';
  if (useNginx && !existsSync(NGINX)) {
    if (!warnedNoNginx) console.warn(`camera-sources: ${NGINX} is not installed, HLS test cameras are served by Node (apt-get install nginx-light; .ci/run installs it).`);
    warnedNoNginx = true;
    useNginx = false;
  }
  let port: number;
  let stopServer: () => Promise<void>;
  try {
    if (useNginx) {
      const nginx = await startNginx(dir, prefix);
      port = nginx.port;
      stopServer = nginx.close;
    } else {
      const server = serveHlsDir(dir);
      port = await listen(server);
      stopServer = () => {
        server.closeAllConnections();
        return new Promise<void>((r) => server.close(() => r()));
      };
    }
    // Three segments before anyone plays: a player starts a few segments from the live edge.
    await waitFor(() => existsSync(join(dir, 'index.m3u8')) && /(\.ts[\s\S]*){3}/.test(readFileSync(join(dir, 'index.m3u8'), 'utf8')), 'the first HLS segments');
  } catch (err) {
    enc.kill('SIGKILL');
    rmSync(prefix, { recursive: true, force: true });
    throw err;
  }
  const url = `http://127.0.0.1:${port}/index.m3u8`;
  return {
    url,
    urlWithCredentials: withCredentials(url),
    stop: () => enc.kill('SIGKILL'),
    close: async () => {
      enc.kill('SIGKILL');
      await stopServer();
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}

/** The Node stand-in for nginx: the same files, auth and cache headers. */
function serveHlsDir(dir: string): Server {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    if (!authorised(req)) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="cam"' });
      return res.end();
    }
    const path = normalize(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '');
    const file = join(dir, path);
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404);
      return res.end();
    }
    const type = extname(file) === '.m3u8' ? 'application/vnd.apple.mpegurl' : 'video/mp2t';
    if (type.includes('mpegurl')) {
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache' });
      return res.end(readFileSync(file));
    }
    // ffmpeg deletes old segments (delete_segments): one may go between the check and the read.
    const body = createReadStream(file);
    body.once('error', () => {
      if (!res.headersSent) res.writeHead(404);
      res.end();
    });
    body.once('open', () => {
      res.writeHead(200, { 'content-type': type, 'cache-control': 'max-age=3600' });
      body.pipe(res);
    });
  });
}

/** testsrc as MJPEG over HTTP (multipart/x-mixed-replace, 320×240 at 5 fps) behind basic auth. */
export async function startMjpegCamera(opts: { fps?: number } = {}): Promise<TestCamera> {
  const clients = new Set<ServerResponse>();
  let latest: Buffer | null = null;
  let stopped = false;
  const enc = ffmpeg(['-re', '-f', 'lavfi', '-i', `testsrc=size=320x240:rate=${opts.fps ?? 5}`, '-f', 'mjpeg', '-q:v', '6', 'pipe:1']);
  let buf = Buffer.alloc(0);
  enc.stdout!.on('data', (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      const soi = buf.indexOf(Buffer.from([0xff, 0xd8]));
      const eoi = soi < 0 ? -1 : buf.indexOf(Buffer.from([0xff, 0xd9]), soi + 2);
      if (soi < 0 || eoi < 0) break;
      const frame = buf.subarray(soi, eoi + 2);
      buf = buf.subarray(eoi + 2);
      latest = Buffer.from(frame);
      if (stopped) continue;
      for (const res of clients) {
        res.write(`--frame\r\nContent-Type: image/jpeg\r\nContent-Length: ${frame.length}\r\n\r\n`);
        res.write(frame);
        res.write('\r\n');
      }
    }
  });
  const server = createServer((req, res) => {
    if (!authorised(req)) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="cam"' });
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'multipart/x-mixed-replace; boundary=frame', 'cache-control': 'no-cache' });
    clients.add(res);
    res.on('close', () => clients.delete(res));
  });
  const port = await listen(server);
  await waitFor(() => latest !== null, 'the first MJPEG frame');
  const url = `http://127.0.0.1:${port}/video.mjpg`;
  return {
    url,
    urlWithCredentials: withCredentials(url),
    clients: () => clients.size,
    stop: () => {
      // The connection stays open and silent: a frozen camera, not a closed one.
      stopped = true;
      enc.kill('SIGKILL');
    },
    close: async () => {
      enc.kill('SIGKILL');
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** A URL where nothing listens: a port taken and released. */
export async function deadUrl(path = '/index.m3u8'): Promise<string> {
  const s = createServer();
  const port = await listen(s);
  await new Promise<void>((r) => s.close(() => r()));
  return `http://127.0.0.1:${port}${path}`;
}

/** What a scripted camera was asked: path, Authorization and Range as received. */
export interface CameraRequest {
  url: string;
  authorization?: string;
  range?: string;
}

export interface ScriptedCamera {
  origin: string;
  port: number;
  requests: CameraRequest[];
  /** TCP connections open to it now (to see that nothing the host opened stays). */
  open(): number;
  close(): Promise<void>;
}

/**
 * A camera that misbehaves as told: a plain Node server answering with `handler`, for the
 * faults ffmpeg's cameras do not make (foreign URIs, redirects, endless or trickling bodies,
 * byte ranges). Every request is logged with the headers that may carry a login.
 */
export async function startScriptedCamera(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<ScriptedCamera> {
  const requests: CameraRequest[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', authorization: req.headers.authorization, range: req.headers.range });
    handler(req, res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const port = await listen(server);
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    open: () => sockets.size,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}
