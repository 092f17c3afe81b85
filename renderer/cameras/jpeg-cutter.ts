/** MJPEG framing, without the DOM (unit-tested on Node). */
const SOI = [0xff, 0xd8];
const EOI = [0xff, 0xd9];

function indexOf(buf: Uint8Array, pat: number[], from: number): number {
  for (let i = Math.max(0, from); i + 1 < buf.length; i++) if (buf[i] === pat[0] && buf[i + 1] === pat[1]) return i;
  return -1;
}

/**
 * Cuts JPEGs out of a multipart MJPEG byte stream. A JPEG's entropy-coded data cannot hold
 * FF D9 (FF is stuffed as FF 00), so the first EOI after an SOI ends the frame.
 */
export class JpegCutter {
  private buf = new Uint8Array(0);
  private scanned = 0;

  push(chunk: Uint8Array, onFrame: (jpeg: Uint8Array) => void): void {
    const next = new Uint8Array(this.buf.length + chunk.length);
    next.set(this.buf);
    next.set(chunk, this.buf.length);
    this.buf = next;
    for (;;) {
      const soi = indexOf(this.buf, SOI, 0);
      if (soi < 0) {
        // Keep the last byte: an FF at the end may start the next SOI.
        this.buf = this.buf.slice(Math.max(0, this.buf.length - 1));
        this.scanned = 0;
        return;
      }
      const eoi = indexOf(this.buf, EOI, soi === 0 ? Math.max(2, this.scanned) : soi + 2);
      if (eoi < 0) {
        // Keep the frame begun; next time, search for its end only in what is new.
        this.buf = this.buf.slice(soi);
        this.scanned = Math.max(2, this.buf.length - 1);
        // A camera that never ends a frame must not fill the memory.
        if (this.buf.length > 8 * 1024 * 1024) {
          this.buf = new Uint8Array(0);
          this.scanned = 0;
        }
        return;
      }
      onFrame(this.buf.slice(soi, eoi + 2));
      this.buf = this.buf.slice(eoi + 2);
      this.scanned = 0;
    }
  }
}
