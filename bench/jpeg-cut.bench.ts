// What cutting an MJPEG camera's stream into frames costs on the host (host/cameras/jpeg-cutter.ts),
// against copying the same bytes once (Buffer.concat of the chunks: the least any cutter does).
// Two streams in 16 KB chunks, as sockets deliver them: 100 KB frames with multipart headers, and a
// stream whose frame never ends (a mislabelled H.264 stream, a broken encoder), which the cutter
// keeps up to 8 MB and drops, again and again.
import { JpegCutter } from '../host/cameras/jpeg-cutter';
import { median, type BenchRow } from './types';

const CHUNK = 16 * 1024;
const RUNS = 7;

function inChunks(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += CHUNK) out.push(bytes.subarray(at, at + CHUNK));
  return out;
}

function time(f: () => void): number {
  const t = performance.now();
  f();
  return performance.now() - t;
}

function measure(chunks: Buffer[]): { cut: number; copy: number; frames: number } {
  let frames = 0;
  const cut = median(
    Array.from({ length: RUNS }, () =>
      time(() => {
        const cutter = new JpegCutter();
        frames = 0;
        for (const c of chunks) frames += cutter.push(c).length;
      }),
    ),
  );
  const copy = median(Array.from({ length: RUNS }, () => time(() => void Buffer.concat(chunks))));
  return { cut, copy, frames };
}

export default async function jpegCutBench(): Promise<BenchRow[]> {
  const part = Buffer.concat([Buffer.from('--frame\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8', 'latin1'), Buffer.alloc(100_000, 0x22), Buffer.from('\xff\xd9\r\n', 'latin1')]);
  const framed = inChunks(Buffer.concat(Array.from({ length: 300 }, () => part)));
  const endless = inChunks(Buffer.concat([Buffer.from([0xff, 0xd8]), Buffer.alloc(64 * 1024 * 1024, 0x11)]));
  const a = measure(framed);
  const b = measure(endless);
  const mb = (chunks: Buffer[]) => chunks.reduce((n, c) => n + c.length, 0) / 1e6;
  return [
    {
      name: 'MJPEG cut, 100 KB frames',
      value: a.cut,
      unit: 'ms',
      baseline: { name: 'one copy of the bytes', value: a.copy },
      ratio: a.cut / a.copy,
      note: `${mb(framed).toFixed(0)} MB in 16 KB chunks, ${a.frames} frames; median of ${RUNS}`,
    },
    {
      name: 'MJPEG cut, a frame that never ends',
      value: b.cut,
      unit: 'ms',
      baseline: { name: 'one copy of the bytes', value: b.copy },
      ratio: b.cut / b.copy,
      note: `${mb(endless).toFixed(0)} MB in 16 KB chunks, dropped at each 8 MB; ${b.frames} frames; median of ${RUNS}`,
    },
  ];
}
