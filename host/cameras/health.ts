import type { CameraHealth } from '../api/contract/cameras';
import type { StoredStream } from './store';
import { describeUpstreamError, getUpstream, readAll } from './upstream';
import { JpegCutter } from './jpeg-cutter';

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

const PROBE_TIMEOUT_MS = 8000;
/** Bytes a probe reads for one whole JPEG frame before it calls the stream not MJPEG. */
const PROBE_BYTES = 4 * 1024 * 1024;

async function probeMjpeg(url: URL, authorization: string | null): Promise<StreamProbe> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), PROBE_TIMEOUT_MS);
  try {
    const res = await getUpstream(url, { authorization, signal: abort.signal, timeoutMs: PROBE_TIMEOUT_MS });
    if ((res.statusCode ?? 0) >= 400) {
      res.resume();
      return { ok: false, error: `Camera trả lỗi ${res.statusCode} / the camera answered ${res.statusCode}` };
    }
    return await new Promise<StreamProbe>((resolve) => {
      // The fan-out's cutter: linear in the bytes (a probe joined and searched all it had read at
      // every chunk, up to 4 MB, every check interval, for each camera that sends no frame).
      const cutter = new JpegCutter();
      let read = 0;
      const done = (p: StreamProbe) => {
        res.destroy();
        resolve(p);
      };
      res.on('data', (c: Buffer) => {
        read += c.length;
        if (cutter.push(c).length > 0) done({ ok: true, error: null });
        else if (read > PROBE_BYTES) done({ ok: false, error: 'Không thấy khung hình JPEG / no JPEG frame in 4 MB' });
      });
      res.on('end', () => done({ ok: false, error: 'Luồng kết thúc trước khung hình / the stream ended before a frame' }));
      res.on('error', () => done({ ok: false, error: 'Không có khung hình trong 8 giây / no frame within 8 s' }));
    });
  } catch (err) {
    return { ok: false, error: abort.signal.aborted ? 'Không có khung hình trong 8 giây / no frame within 8 s' : describeUpstreamError(err) };
  } finally {
    clearTimeout(timer);
  }
}

async function fetchText(url: URL, authorization: string | null): Promise<string> {
  const res = await getUpstream(url, { authorization, timeoutMs: PROBE_TIMEOUT_MS });
  if ((res.statusCode ?? 0) >= 400) {
    res.resume();
    throw new Error(`Camera trả lỗi ${res.statusCode} / the camera answered ${res.statusCode}`);
  }
  return (await readAll(res, 1024 * 1024)).toString('utf8');
}

const uriLines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));

async function probeHls(url: URL, authorization: string | null): Promise<StreamProbe> {
  try {
    let playlistUrl = url;
    let text = await fetchText(url, authorization);
    if (/#EXT-X-STREAM-INF/i.test(text)) {
      const variant = uriLines(text)[0];
      if (!variant) return { ok: false, error: 'Danh sách HLS trống / empty HLS master playlist' };
      playlistUrl = new URL(variant, url);
      text = await fetchText(playlistUrl, authorization);
    }
    const segments = uriLines(text);
    if (segments.length === 0) return { ok: false, error: 'Danh sách HLS không có đoạn nào / HLS playlist without segments' };
    const seq = /#EXT-X-MEDIA-SEQUENCE:(\d+)/i.exec(text)?.[1] ?? '0';
    const targetSec = Number(/#EXT-X-TARGETDURATION:(\d+)/i.exec(text)?.[1] ?? '6');
    const seg = await getUpstream(new URL(segments[segments.length - 1]!, playlistUrl), { authorization, timeoutMs: PROBE_TIMEOUT_MS });
    seg.resume();
    if ((seg.statusCode ?? 0) >= 400) return { ok: false, error: `Đoạn video lỗi ${seg.statusCode} / segment answered ${seg.statusCode}` };
    return { ok: true, error: null, progress: `${seq}+${segments.length}:${segments[segments.length - 1]}`, targetSec, ended: /#EXT-X-ENDLIST/i.test(text) };
  } catch (err) {
    return { ok: false, error: err instanceof Error && /Camera trả lỗi/.test(err.message) ? err.message : describeUpstreamError(err) };
  }
}

export function probeStream(s: StoredStream, authorization: string | null): Promise<StreamProbe> {
  return s.protocol === 'mjpeg' ? probeMjpeg(new URL(s.url), authorization) : probeHls(new URL(s.url), authorization);
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
