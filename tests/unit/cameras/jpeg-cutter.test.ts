import { describe, expect, it } from 'vitest';
import { JpegCutter, MAX_FRAME } from '../../../host/cameras/jpeg-cutter';
import { Random } from '../../../host/demo/random';

/** A JPEG-like frame: SOI, bytes with 0xFF stuffed as JPEG does (FF00) and fill (FFFF), EOI. */
function frame(random: Random, size: number): Buffer {
  const body: number[] = [];
  while (body.length < size) {
    const b = random.int(0, 255);
    if (b === 0xff) body.push(0xff, random.int(0, 1) ? 0x00 : 0xff, 0x00);
    else body.push(b);
  }
  return Buffer.from([0xff, 0xd8, ...body, 0xff, 0xd9]);
}

/** `bytes` cut at the given sizes, cycling through them. */
function chunks(bytes: Buffer, sizes: number[]): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const n = sizes[k % sizes.length]!;
    out.push(bytes.subarray(at, at + n));
    at += n;
  }
  return out;
}

const cutAll = (parts: Buffer[], cutter = new JpegCutter()) => parts.flatMap((c) => cutter.push(c));

describe('JpegCutter', () => {
  const random = new Random(7);
  const frames = Array.from({ length: 6 }, (_, i) => frame(random, 50 + i * 37));
  // Multipart headers and boundaries between frames, as a camera sends them.
  const stream = Buffer.concat(frames.flatMap((f) => [Buffer.from(`--frame\r\nContent-Type: image/jpeg\r\n\r\n`), f, Buffer.from('\r\n')]));

  it('finds every frame whole, however the stream is cut (markers split between chunks included)', () => {
    for (let size = 1; size <= 64; size++) expect(cutAll(chunks(stream, [size])), `chunks of ${size}`).toEqual(frames);
    for (let run = 0; run < 50; run++) {
      const sizes = Array.from({ length: 9 }, () => random.int(1, 300));
      expect(cutAll(chunks(stream, sizes)), sizes.join(',')).toEqual(frames);
    }
    expect(cutAll([Buffer.alloc(0), stream, Buffer.alloc(0)])).toEqual(frames);
  });

  it('a frame that never ends is dropped at MAX_FRAME and the next one is found; bytes with no frame are not kept', () => {
    const cutter = new JpegCutter();
    const filler = Buffer.alloc(64 * 1024, 0x11);
    expect(cutter.push(Buffer.from([0xff, 0xd8]))).toEqual([]);
    for (let sent = 0; sent < MAX_FRAME + 4 * filler.length; sent += filler.length) {
      expect(cutter.push(filler)).toEqual([]);
      expect(cutter.held).toBeLessThanOrEqual(MAX_FRAME);
    }
    expect(cutter.held).toBe(0);
    expect(cutAll(chunks(stream, [1000]), cutter)).toEqual(frames);

    const noise = new JpegCutter();
    for (let i = 0; i < 100; i++) noise.push(Buffer.alloc(100_000, i % 2 ? 0xff : 0xd9));
    expect(noise.held).toBe(0);
  });
});
