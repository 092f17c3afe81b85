/**
 * Cuts JPEG frames (SOI 0xFFD8 … the first EOI 0xFFD9 after it) out of an MJPEG byte stream, in
 * time and memory linear in the bytes: a frame's parts are kept as the chunks they came in and
 * joined once, when its end arrives, and each byte is searched once. A camera that sends something
 * else (a stream mislabelled as MJPEG, a frame that never ends) costs at most MAX_FRAME bytes;
 * then the partial frame is dropped and the search starts again.
 */
export const MAX_FRAME = 8 * 1024 * 1024;

const MARK = 0xff;
const SOI = 0xd8;
const EOI = 0xd9;

export class JpegCutter {
  /** The current frame's parts from its SOI; null while looking for one. */
  private parts: Buffer[] | null = null;
  private length = 0;
  /** The previous chunk's last byte: a marker may straddle two chunks. */
  private before = -1;

  /** Bytes held for a frame not yet ended (at most MAX_FRAME). */
  get held(): number {
    return this.parts ? this.length : 0;
  }

  /** The frames that `chunk` completes, in order. */
  push(chunk: Buffer): Buffer[] {
    const out: Buffer[] = [];
    let pos = 0;
    while (pos < chunk.length) {
      if (this.parts === null) {
        const at = this.find(chunk, pos, SOI);
        if (at === null) break;
        // A frame whose 0xFF ended the previous chunk starts with that byte.
        this.parts = at < 0 ? [Buffer.from([MARK]), chunk.subarray(0, 1)] : [chunk.subarray(at, at + 2)];
        this.length = 2;
        pos = at + 2;
        continue;
      }
      const end = this.find(chunk, pos, EOI);
      if (end === null) {
        this.keep(chunk.subarray(pos));
        break;
      }
      this.keep(chunk.subarray(pos, end + 2));
      if (this.parts) out.push(Buffer.concat(this.parts, this.length));
      this.parts = null;
      pos = end + 2;
    }
    if (chunk.length > 0) this.before = chunk[chunk.length - 1]!;
    return out;
  }

  /** Where marker 0xFF `code` starts at or after `from` (-1: its 0xFF ended the previous chunk); null if not in this chunk. */
  private find(chunk: Buffer, from: number, code: number): number | null {
    if (from === 0 && this.before === MARK && chunk[0] === code) return -1;
    for (let i = chunk.indexOf(MARK, from); i >= 0 && i + 1 < chunk.length; i = chunk.indexOf(MARK, i + 1)) {
      if (chunk[i + 1] === code) return i;
    }
    return null;
  }

  /** Adds a part to the current frame, or drops the frame when it passes MAX_FRAME. */
  private keep(part: Buffer): void {
    if (!this.parts) return;
    if (this.length + part.length > MAX_FRAME) {
      this.parts = null;
      return;
    }
    this.parts.push(part);
    this.length += part.length;
  }
}
