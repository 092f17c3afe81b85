import type { CameraHealth } from '../api/contract/cameras';
import type { StoredStream } from './store';
import type { IncomingMessage } from 'node:http';
import { allowedCameraType, MJPEG_TYPE, mediaTypeOf, NOT_A_PLAYLIST, wrongTypeWords, type AddressPolicy } from './guard';
import { describeUpstreamError, getUpstream, readAll, upstreamStatusProblem } from './upstream';
import { JpegCutter } from './jpeg-cutter';
import { sameOriginUri } from './hls';

/**
 * Is a stream alive: reachable, and frames arriving. MJPEG: one whole JPEG arrives. HLS: the
 * playlist loads, its newest segment loads, and (live) the playlist has moved on since a check
 * longer ago than three target durations.
 */
export interface StreamProbe {
  ok: boolean;
  error: string | null;
  /** HLS: media sequence + segment count, to see a live playlist move on. */
  progress?: string;
  /** HLS: #EXT-X-TARGETDURATION in seconds. */
  targetSec?: number;
  ended?: boolean;
}

/**
 * Each probe's whole budget: connecting, the playlists, the segment's first bytes (HLS) or the
 * first frame (MJPEG). One deadline for all of it, not one per request: a camera that answers
 * headers and then trickles a byte every few seconds never trips a per-request "time to the
 * headers" timer, and held the health round (and so every camera's health) forever.
 */
export const PROBE_TIMEOUT_MS = 8000;
/** Bytes a probe reads for one whole JPEG frame before it calls the stream not MJPEG. */
const PROBE_BYTES = 4 * 1024 * 1024;
const MAX_PLAYLIST = 1024 * 1024;

export interface ProbeOptions {
  /** Aborts the probe (the host closing); what it opened is closed at once. */
  signal?: AbortSignal;
  /** The probe's deadline; PROBE_TIMEOUT_MS unless a test wants a short one. */
  timeoutMs?: number;
  /** Where a feed's camera may connect (guard.ts); null or absent: anywhere. */
  policy?: AddressPolicy | null;
}

/** A reason meant for the operator as it is (an HTTP status, a foreign origin). */
class ProbeProblem extends Error {}

type Get = (url: URL) => Promise<IncomingMessage>;

/**
 * Runs a probe under one deadline. Every request it makes goes through `get`, which carries the
 * deadline's signal and remembers the response, so that at the deadline, on `opts.signal`, or
 * when the probe is done, every request is aborted and every response destroyed: nothing a
 * probe opened outlives it (a segment that never ends used to be drained for ever, a socket per
 * check, past host.close()). The probe answers at the deadline even if a read is still pending.
 */
async function underDeadline(
  url: URL,
  authorization: string | null,
  opts: ProbeOptions,
  lateWords: (sec: number) => string,
  run: (get: Get, signal: AbortSignal) => Promise<StreamProbe>,
): Promise<StreamProbe> {
  const timeoutMs = opts.timeoutMs ?? PROBE_TIMEOUT_MS;
  const abort = new AbortController();
  const responses = new Set<IncomingMessage>();
  const stop = () => {
    abort.abort();
    for (const r of responses) r.destroy();
  };
  const timer = setTimeout(stop, timeoutMs);
  opts.signal?.addEventListener('abort', stop, { once: true });
  if (opts.signal?.aborted) stop();
  const cut = new Promise<StreamProbe>((resolve) => {
    const say = () =>
      resolve({ ok: false, error: opts.signal?.aborted ? 'Đã huỷ / aborted' : lateWords(Math.round(timeoutMs / 100) / 10) });
    if (abort.signal.aborted) say();
    else abort.signal.addEventListener('abort', say, { once: true });
  });
  const get: Get = async (u) => {
    const res = await getUpstream(u, { authorization, signal: abort.signal, timeoutMs, policy: opts.policy });
    responses.add(res);
    if (abort.signal.aborted) res.destroy();
    return res;
  };
  try {
    return await Promise.race([
      run(get, abort.signal).catch((err: unknown) => ({
        ok: false,
        error: err instanceof ProbeProblem ? err.message : describeUpstreamError(err),
      })),
      cut,
    ]);
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', stop);
    for (const r of responses) r.destroy();
  }
}

function probeMjpeg(url: URL, authorization: string | null, opts: ProbeOptions): Promise<StreamProbe> {
  const late = (sec: number) => `Không có khung hình trong ${sec} giây / no frame within ${sec} s`;
  return underDeadline(url, authorization, opts, late, async (get) => {
    const res = await get(url);
    const problem = upstreamStatusProblem(res.statusCode);
    if (problem) throw new ProbeProblem(problem);
    // The proxy passes on only a multipart stream (guard.ts): health says the same, not "ok".
    if (mediaTypeOf(res.headers['content-type']) !== MJPEG_TYPE) throw new ProbeProblem(wrongTypeWords(res.headers['content-type']));
    return await new Promise<StreamProbe>((resolve) => {
      // The fan-out's cutter: linear in the bytes (a probe joined and searched all it had read at
      // every chunk, up to 4 MB, every check interval, for each camera that sends no frame).
      const cutter = new JpegCutter();
      let read = 0;
      res.on('data', (c: Buffer) => {
        read += c.length;
        if (cutter.push(c).length > 0) resolve({ ok: true, error: null });
        else if (read > PROBE_BYTES) resolve({ ok: false, error: 'Không thấy khung hình JPEG / no JPEG frame in 4 MB' });
      });
      res.on('end', () => resolve({ ok: false, error: 'Luồng kết thúc trước khung hình / the stream ended before a frame' }));
      res.on('error', (err) => resolve({ ok: false, error: describeUpstreamError(err) }));
    });
  });
}

/** A playlist's text; a redirect or an error status is a ProbeProblem in words. */
async function fetchText(get: Get, url: URL): Promise<string> {
  const res = await get(url);
  const problem = upstreamStatusProblem(res.statusCode);
  if (problem) throw new ProbeProblem(problem);
  // What the proxy would refuse (proxy.ts: a playlist is served only if it starts #EXTM3U) is down.
  const text = (await readAll(res, MAX_PLAYLIST)).toString('utf8');
  if (!/^\uFEFF?\s*#EXTM3U/.test(text)) throw new ProbeProblem(NOT_A_PLAYLIST);
  return text;
}

/**
 * Resolves once a segment's body flows (its first bytes, or its end when empty), then the
 * caller destroys it: a live NVR segment can stream without end, and reading it whole only
 * to learn that it plays costs a connection and its bandwidth.
 */
function firstBytes(res: IncomingMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    res.once('data', () => resolve());
    res.once('end', () => resolve());
    res.once('error', reject);
  });
}

const uriLines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));

/**
 * Only URIs the proxy would serve count (hls.ts sameOriginUri, the one rule for both): the
 * camera's login goes to no other origin, and a playlist that names only foreign URIs is down,
 * as it cannot play through the proxy either.
 */
function probeHls(url: URL, authorization: string | null, opts: ProbeOptions): Promise<StreamProbe> {
  const late = (sec: number) => `Danh sách HLS hoặc đoạn video không về trong ${sec} giây / no HLS playlist and segment within ${sec} s`;
  return underDeadline(url, authorization, opts, late, async (get) => {
    let playlistUrl = url;
    let text = await fetchText(get, url);
    if (/#EXT-X-STREAM-INF/i.test(text)) {
      const variants = uriLines(text);
      if (variants.length === 0) return { ok: false, error: 'Danh sách HLS trống / empty HLS master playlist' };
      const own = variants.map((v) => sameOriginUri(v, url)).find((u) => u !== null);
      if (!own) {
        return {
          ok: false,
          error: 'Luồng con nằm ở máy khác, không phát qua proxy được / every variant is on another origin, which the proxy does not fetch: the stream cannot play',
        };
      }
      playlistUrl = own;
      text = await fetchText(get, playlistUrl);
    }
    const segments = uriLines(text);
    if (segments.length === 0) return { ok: false, error: 'Danh sách HLS không có đoạn nào / HLS playlist without segments' };
    const ownSegments = segments.map((u) => sameOriginUri(u, playlistUrl)).filter((u) => u !== null);
    const newest = ownSegments[ownSegments.length - 1];
    if (!newest) {
      return {
        ok: false,
        error: 'Đoạn video nằm ở máy khác, không phát qua proxy được / every segment is on another origin, which the proxy does not fetch: the stream cannot play',
      };
    }
    const seq = /#EXT-X-MEDIA-SEQUENCE:(\d+)/i.exec(text)?.[1] ?? '0';
    const targetSec = Number(/#EXT-X-TARGETDURATION:(\d+)/i.exec(text)?.[1] ?? '6');
    const seg = await get(newest);
    const status = seg.statusCode ?? 0;
    const problem = upstreamStatusProblem(status);
    if (problem) return { ok: false, error: status >= 300 && status < 400 ? problem : `Đoạn video lỗi ${status} / segment answered ${status}` };
    if (!allowedCameraType(seg.headers['content-type'], true)) return { ok: false, error: wrongTypeWords(seg.headers['content-type']) };
    await firstBytes(seg);
    return { ok: true, error: null, progress: `${seq}+${segments.length}:${segments[segments.length - 1]}`, targetSec, ended: /#EXT-X-ENDLIST/i.test(text) };
  });
}

export function probeStream(s: StoredStream, authorization: string | null, opts: ProbeOptions = {}): Promise<StreamProbe> {
  return s.protocol === 'mjpeg' ? probeMjpeg(new URL(s.url), authorization, opts) : probeHls(new URL(s.url), authorization, opts);
}

/** What the checker remembers of a stream between checks (to see a live playlist stall). */
export interface StreamMemory {
  progress?: string;
  changedAt?: number;
  lastFrameAt: number | null;
}

/** Folds one probe into the stream's memory: the health it means, and the memory to keep. */
export function judge(probe: StreamProbe, prev: StreamMemory | undefined, now: number): { health: Omit<CameraHealth, 'checkedAt'>; memory: StreamMemory } {
  const lastFrameAt = prev?.lastFrameAt ?? null;
  if (!probe.ok) return { health: { state: 'down', lastFrameAt: iso(lastFrameAt), error: probe.error }, memory: { ...prev, lastFrameAt } };
  if (probe.progress === undefined) return { health: { state: 'ok', lastFrameAt: iso(now), error: null }, memory: { lastFrameAt: now } };
  if (prev?.progress !== probe.progress || probe.ended) {
    return { health: { state: 'ok', lastFrameAt: iso(now), error: null }, memory: { progress: probe.progress, changedAt: now, lastFrameAt: now } };
  }
  const stalledMs = now - (prev.changedAt ?? now);
  // A last change after now: the clock stepped back since (NTP, an operator). The stall is timed
  // from now, or a frozen camera would pass as live for the length of the step.
  if (stalledMs < 0) return { health: { state: 'ok', lastFrameAt: iso(lastFrameAt), error: null }, memory: { ...prev, changedAt: now } };
  const limitMs = Math.max(3 * (probe.targetSec ?? 6), 15) * 1000;
  if (stalledMs > limitMs) {
    return {
      health: { state: 'down', lastFrameAt: iso(lastFrameAt), error: `Không có đoạn mới trong ${Math.round(stalledMs / 1000)} giây / no new segment for ${Math.round(stalledMs / 1000)} s` },
      memory: prev,
    };
  }
  return { health: { state: 'ok', lastFrameAt: iso(lastFrameAt), error: null }, memory: prev };
}

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
