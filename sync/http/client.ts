import { readFileSync, statSync, type Stats } from 'node:fs';
import { rootCertificates } from 'node:tls';
import * as zlib from 'node:zlib';
import { Agent, ProxyAgent, request, type Dispatcher } from 'undici';
import type { AuthConfig } from '../feeds/config';
import { OAuth2TokenCache, authHeaders, authSecrets } from './auth';
import { backoffDelay } from '../../base/backoff';
import { parseRetryAfter } from './backoff';
import { SyncError, classifyNetworkError, errors, kindOfStatus, redact, redactError, withServerWords } from './errors';
import { serverWords } from './server-words';
import { hostOf, httpTarget, originOf, urlSecrets } from './url';

/** What a feed (or the actions endpoint) brings to a request: limits, auth, proxy, CA. */
export interface RequestProfile {
  timeout: number;
  maxBytes: number;
  retries: number;
  auth?: AuthConfig;
  /**
   * The origin `auth` was entered for (the feed's or the endpoint's URL): its credentials go to
   * requests for that origin only. A URL the server itself hands over (a CAP index's links, a
   * next page) may name any host; without this one the credentials are sent nowhere.
   */
  authOrigin?: string;
  proxy?: string;
  caFile?: string;
}

export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Validators of the last good response: sends If-None-Match / If-Modified-Since. */
  etag?: string | null;
  lastModified?: string | null;
  signal?: AbortSignal;
  /**
   * Refusals the caller reads itself: a response with one of these statuses is returned, not
   * thrown, where its body means something in the caller's standard (SDMX's 404 "no results" to an
   * incremental request, CKAN's 409 naming the fields it refuses). The caller throws
   * `statusError(res)` for an answer it does not recognise.
   */
  readStatuses?: readonly number[];
  /**
   * 'sameOrigin': a redirect to another origin is not followed but returned as it came (its
   * status and Location), for a request whose body must reach no other server (an operator's
   * action, which may carry a caller's personal data). Default: followed, without credentials.
   */
  redirects?: 'follow' | 'sameOrigin';
  /**
   * 'cut': a body over `maxBytes` is read up to the cap and returned with `cut` set, instead of
   * throwing too_large. For an answer whose status is what matters (the actions endpoint's
   * confirmation), where a too-large echo must not turn an applied action into a failure.
   */
  overCap?: 'throw' | 'cut';
}

export interface HttpResponse {
  status: number;
  url: string;
  headers: Record<string, string>;
  body: Buffer;
  notModified: boolean;
  etag: string | null;
  lastModified: string | null;
  /** Bytes on the wire (compressed), for the "bytes moved" figures. */
  wireBytes: number;
  attempts: number;
  /** The body was longer than the cap and is only its beginning (`overCap: 'cut'`); an encoded one is empty. */
  cut?: boolean;
}

export interface HttpStats {
  requests: number;
  notModified: number;
  wireBytes: number;
  retries: number;
}

export interface HttpClientOptions {
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Longest Retry-After we sleep through inside one run; longer ones end the run and reschedule. */
  maxRetryAfterMs?: number;
  maxRedirects?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
  userAgent?: string;
}

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(signal.reason);
      },
      { once: true },
    );
  });

/** A CA bundle is a few kilobytes; more than this is a wrong path, not a certificate. */
const MAX_CA_BYTES = 1024 * 1024;

/**
 * The extra CA certificates of a feed. Checked before reading: a path to a device ("/dev/zero")
 * would be read forever, and a wrong file would only fail later as an unverifiable certificate.
 */
export function readCaFile(path: string): string {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (err) {
    throw errors.caFile(path, (err as NodeJS.ErrnoException).code ?? 'unreadable');
  }
  if (!st.isFile()) throw errors.caFile(path, 'not a regular file');
  if (st.size > MAX_CA_BYTES) throw errors.caFile(path, `larger than ${MAX_CA_BYTES / 1024} KB`);
  const pem = readFileSync(path, 'utf8');
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw errors.caFile(path, 'no PEM certificate in it');
  return pem;
}

/**
 * The one HTTP client of the sync engine (undici): conditional GET, gzip/br, timeouts, retries with
 * exponential backoff + full jitter honouring Retry-After, a byte cap, a redirect limit with loop
 * detection, proxies and extra CAs, and auth including cached OAuth2 tokens. Errors are
 * SyncErrors in plain words with secrets redacted.
 */
export class HttpClient {
  readonly stats: HttpStats = { requests: 0, notModified: 0, wireBytes: 0, retries: 0 };
  private readonly dispatchers = new Map<string, Dispatcher>();
  readonly tokens: OAuth2TokenCache;
  private readonly o: Required<Omit<HttpClientOptions, 'userAgent'>> & { userAgent: string };

  constructor(options: HttpClientOptions = {}) {
    this.o = {
      baseDelayMs: options.baseDelayMs ?? 500,
      maxDelayMs: options.maxDelayMs ?? 30_000,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
      maxRedirects: options.maxRedirects ?? 5,
      sleep: options.sleep ?? defaultSleep,
      random: options.random ?? Math.random,
      now: options.now ?? Date.now,
      userAgent: options.userAgent ?? 'IOC-Wall-sync/0.1',
    };
    this.tokens = new OAuth2TokenCache(async (url, init, route) => {
      const res = await this.once({ url, method: 'POST', headers: init.headers, body: init.body }, {
        timeout: 15_000,
        maxBytes: 1024 * 1024,
        retries: 0,
        proxy: route.proxy,
        caFile: route.caFile,
      });
      return { status: res.status, body: res.body.toString('utf8') };
    }, this.o.now);
  }

  private dispatcher(profile: RequestProfile): Dispatcher {
    const key = `${profile.proxy ?? ''}\u0000${profile.caFile ?? ''}`;
    let d = this.dispatchers.get(key);
    if (d) return d;
    const ca = profile.caFile ? [...rootCertificates, readCaFile(profile.caFile)] : undefined;
    d = profile.proxy
      ? new ProxyAgent({ uri: profile.proxy, requestTls: ca ? { ca } : undefined, proxyTls: ca ? { ca } : undefined })
      : new Agent({ connect: ca ? { ca } : {}, keepAliveTimeout: 10_000 });
    this.dispatchers.set(key, d);
    return d;
  }

  /** GET/POST with retries and auth. Throws SyncError. A 304 resolves with notModified = true. */
  async fetch(req: HttpRequest, profile: RequestProfile): Promise<HttpResponse> {
    // Taken out of every error's words: the auth config's values, what the URL carries (a key in
    // its query, a password in its userinfo), and the header values the request sends — an OAuth2
    // access token is known only once the cache hands it over, and a refusing server may echo it.
    const known = new Set([...authSecrets(profile.auth), ...urlSecrets(req.url)]);
    const secrets = () => [...known];
    const credentials = profile.authOrigin !== undefined && originOf(req.url) === profile.authOrigin ? profile.auth : undefined;
    let authRetried = false;
    for (let attempt = 0; ; attempt++) {
      try {
        const auth = await authHeaders(credentials, this.tokens, profile);
        for (const v of Object.values(auth)) known.add(v).add(v.replace(/^\S+\s+/, ''));
        const headers = { ...auth, ...req.headers };
        const res = await this.followRedirects({ ...req, headers }, profile, Object.keys(auth));
        if (res.status === 401 && credentials?.type === 'oauth2ClientCredentials' && !authRetried) {
          // The token may have been revoked before its announced expiry: fetch a new one once.
          authRetried = true;
          this.tokens.invalidate(credentials);
          attempt--;
          continue;
        }
        const landed = originOf(res.url);
        if ((res.status === 401 || res.status === 403) && credentials && landed !== profile.authOrigin) {
          throw errors.credentialsLeftBehind(res.status, profile.authOrigin!, landed ?? '?');
        }
        if (!req.readStatuses?.includes(res.status)) throwForStatus(res, this.o.now());
        res.attempts = attempt + 1;
        return res;
      } catch (err) {
        const e = err instanceof SyncError ? err : classifyNetworkError(err, hostOf(req.url), 'connect');
        if (req.signal?.aborted) throw redactError(e, secrets());
        const canRetry = e.retryable && attempt < profile.retries;
        if (!canRetry) throw redactError(e, secrets());
        if (e.retryAfterMs !== undefined && e.retryAfterMs > this.o.maxRetryAfterMs) throw redactError(e, secrets());
        const delay = Math.max(e.retryAfterMs ?? 0, backoffDelay(attempt, { baseMs: this.o.baseDelayMs, capMs: this.o.maxDelayMs, jitter: 'full' }, this.o.random));
        this.stats.retries++;
        await this.o.sleep(delay, req.signal);
      }
    }
  }

  private async followRedirects(req: HttpRequest, profile: RequestProfile, authHeaderNames: string[] = []): Promise<HttpResponse> {
    const seen = new Set<string>();
    let url = req.url;
    let current = req;
    for (let hop = 0; ; hop++) {
      seen.add(url);
      const res = await this.once({ ...current, url }, profile);
      if (res.status < 300 || res.status >= 400 || res.status === 304) return res;
      const location = res.headers['location'];
      if (!location) return res;
      const next = redirectTarget(location, url);
      if (req.redirects === 'sameOrigin' && new URL(next).origin !== new URL(url).origin) return res;
      if (seen.has(next)) throw errors.redirectLoop();
      if (hop + 1 > this.o.maxRedirects) throw errors.tooManyRedirects(this.o.maxRedirects);
      // Leaving TLS would send the request (and whatever it carries) in clear text.
      if (new URL(url).protocol === 'https:' && new URL(next).protocol !== 'https:') throw errors.insecureRedirect(new URL(url).host, redact(next));
      // A redirect to another origin must not carry our credentials along: not Authorization, not an
      // API-key header of any name, not cookies.
      if (new URL(next).origin !== new URL(url).origin) current = { ...current, headers: withoutCredentials(current.headers, authHeaderNames) };
      if (res.status === 303) current = { ...current, method: 'GET', body: undefined };
      url = next;
    }
  }

  /** One HTTP exchange, no retries or redirects. */
  private async once(req: HttpRequest, profile: RequestProfile): Promise<HttpResponse> {
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(errors.timeout(profile.timeout)), profile.timeout);
    const onOuterAbort = () => ac.abort(req.signal?.reason);
    req.signal?.addEventListener('abort', onOuterAbort, { once: true });
    const headers: Record<string, string> = {
      'user-agent': this.o.userAgent,
      'accept-encoding': 'gzip, br',
      ...req.headers,
    };
    if (req.etag) headers['if-none-match'] = req.etag;
    if (req.lastModified) headers['if-modified-since'] = req.lastModified;
    this.stats.requests++;
    let phase: 'connect' | 'body' = 'connect';
    try {
      const res = await request(req.url, {
        method: req.method ?? 'GET',
        headers,
        body: req.body,
        dispatcher: this.dispatcher(profile),
        signal: ac.signal,
        headersTimeout: profile.timeout,
        bodyTimeout: profile.timeout,
      });
      phase = 'body';
      const h = flatHeaders(res.headers);
      const declared = h['content-length'] !== undefined ? Number(h['content-length']) : undefined;
      const cutting = req.overCap === 'cut';
      if (!cutting && declared !== undefined && declared > profile.maxBytes) {
        res.body.destroy();
        throw errors.tooLarge(profile.maxBytes);
      }
      const chunks: Buffer[] = [];
      let wire = 0;
      let cut = false;
      for await (const chunk of res.body) {
        const c = chunk as Buffer;
        if (wire + c.length > profile.maxBytes) {
          res.body.destroy();
          if (!cutting) throw errors.tooLarge(profile.maxBytes);
          chunks.push(c.subarray(0, profile.maxBytes - wire));
          wire = profile.maxBytes;
          cut = true;
          break;
        }
        wire += c.length;
        chunks.push(c);
      }
      this.stats.wireBytes += wire + headerBytes(h);
      const raw = Buffer.concat(chunks);
      if (!cut && declared !== undefined && raw.length !== declared) throw errors.truncated();
      let body: Buffer;
      try {
        // The beginning of a compressed body cannot be undone reliably: a cut one is left empty.
        if (!cut) body = decode(raw, h['content-encoding'], profile.maxBytes);
        else body = h['content-encoding'] || isGzip(raw) ? Buffer.alloc(0) : raw;
      } catch (err) {
        // Decoded past the cap: the same as a body over it.
        if (!(cutting && err instanceof SyncError && err.code === 'too_large')) throw err;
        body = Buffer.alloc(0);
        cut = true;
      }
      const notModified = res.statusCode === 304;
      if (notModified) this.stats.notModified++;
      return {
        status: res.statusCode,
        url: req.url,
        headers: h,
        body,
        notModified,
        etag: h['etag'] ?? null,
        lastModified: h['last-modified'] ?? null,
        wireBytes: wire,
        attempts: 1,
        ...(cut ? { cut } : {}),
      };
    } catch (err) {
      if (ac.signal.aborted && ac.signal.reason instanceof SyncError) throw ac.signal.reason;
      if (err instanceof SyncError) throw err;
      const e = classifyNetworkError(err, hostOf(req.url), phase);
      if (e.code === 'timeout') throw errors.timeout(profile.timeout);
      throw e;
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onOuterAbort);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.dispatchers.values()].map((d) => d.close().catch(() => undefined)));
    this.dispatchers.clear();
  }
}

const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie'];

function withoutCredentials(headers: Record<string, string> | undefined, authHeaderNames: string[]): Record<string, string> {
  const drop = new Set([...CREDENTIAL_HEADERS, ...authHeaderNames.map((h) => h.toLowerCase())]);
  return Object.fromEntries(Object.entries(headers ?? {}).filter(([k]) => !drop.has(k.toLowerCase())));
}

/**
 * The body as sent, before content coding. Besides what the header says, as servers do it:
 * codings applied in turn (`gzip, br`) are undone last first (RFC 9110 §8.4); `deflate` may be raw
 * DEFLATE without its zlib wrapper (IIS and others send it so; browsers read both); and a body
 * that is still gzip — a pre-compressed file served without `Content-Encoding` (object storage,
 * a `.geojson.gz`), or compressed twice by a proxy — is gunzipped once more. A gzip member starts
 * with bytes no JSON or XML text can start with, so the sniff reads no data as compressed. A
 * coding nobody can read is said by name, instead of its bytes being "not valid JSON".
 */
function decode(raw: Buffer, encoding: string | undefined, maxBytes: number): Buffer {
  const codings = (encoding ?? '')
    .toLowerCase()
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '' && c !== 'identity');
  // A 304 or 204 may carry the header of the representation it stands for, and no body.
  if (raw.length === 0) return raw;
  let body = raw;
  try {
    for (const coding of codings.reverse()) body = undoCoding(body, coding, maxBytes);
    if (isGzip(body)) body = zlib.gunzipSync(body, { maxOutputLength: maxBytes });
  } catch (err) {
    if (err instanceof SyncError) throw err;
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) throw errors.tooLarge(maxBytes);
    throw errors.truncated();
  }
  return body;
}

function undoCoding(body: Buffer, coding: string, maxBytes: number): Buffer {
  const limit = { maxOutputLength: maxBytes };
  if (coding === 'gzip' || coding === 'x-gzip') return zlib.gunzipSync(body, limit);
  if (coding === 'br') return zlib.brotliDecompressSync(body, limit);
  // A zlib stream starts with a CMF byte of method 8 whose header is a multiple of 31; else raw.
  if (coding === 'deflate') return (body[0]! & 0x0f) === 8 && body.length > 1 && ((body[0]! << 8) | body[1]!) % 31 === 0 ? zlib.inflateSync(body, limit) : zlib.inflateRawSync(body, limit);
  // zstd: in Node since 22.15; a namespace import, so an older runtime (an Electron's) loads without it.
  if (coding === 'zstd' && typeof zlib.zstdDecompressSync === 'function') return zlib.zstdDecompressSync(body, limit);
  throw errors.contentCoding(coding.slice(0, 40));
}

/** The magic number and method of a gzip member (RFC 1952). */
const isGzip = (b: Buffer) => b.length >= 3 && b[0] === 0x1f && b[1] === 0x8b && b[2] === 0x08;

function throwForStatus(res: HttpResponse, now: number): void {
  const s = res.status;
  if ((s >= 200 && s < 300) || s === 304) return;
  throw statusError(res, now);
}

/** The error an answer of a failing status is (a status passed through `readStatuses` included). */
export function statusError(res: Pick<HttpResponse, 'status' | 'headers' | 'body'>, now = Date.now()): SyncError {
  const s = res.status;
  const retryAfter = parseRetryAfter(res.headers['retry-after'], now);
  const kind = kindOfStatus(s);
  if (kind === 'rate_limited') return errors.rateLimited(retryAfter);
  if (kind === 'unavailable') return errors.unavailable(retryAfter);
  // A server's 5xx body is its own trouble (a stack trace); a refusal's says what to change.
  if (kind === 'server_error') return errors.serverError(s);
  const e = kind === 'auth' ? errors.auth(401) : kind === 'forbidden' ? errors.forbidden() : kind === 'not_found' ? errors.notFound() : errors.clientError(s);
  return withServerWords(e, serverWords(res.body, res.headers['content-type']));
}

function flatHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function headerBytes(h: Record<string, string>): number {
  let n = 17;
  for (const [k, v] of Object.entries(h)) n += k.length + v.length + 4;
  return n;
}

/** Where a redirect goes, as an http(s) URL; a Location that is not one is the server's error, said as such. */
function redirectTarget(location: string, from: string): string {
  const t = httpTarget(location, from);
  if ('url' in t) return t.url;
  throw errors.badRedirect(hostOf(from), redact(location.slice(0, 200)), t.scheme === null ? 'not a URL' : `a ${t.scheme} address, not http(s)`);
}

