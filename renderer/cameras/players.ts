/**
 * The two ways a picture plays, behind one small interface: `onFrame` fires for every frame
 * painted (the tile's "last frame" time and its signal-lost watch), `onFail` once when the
 * stream cannot go on; `stop()` releases the decoder and the connection.
 *
 * - HLS: the browser's own player where it has one, else hls.js (Chromium on the desktop has
 *   none). Frames are counted with requestVideoFrameCallback.
 * - MJPEG: fetched and cut into JPEGs here, each drawn on a canvas. An <img> would hide when
 *   frames stop (it fires `load` once), and we need every frame's time to say "Mất tín hiệu".
 */
export interface Player {
  stop(): void;
}

export interface PlayerEvents {
  onFrame(): void;
  onFail(reason: string): void;
}

type HlsModule = typeof import('hls.js');
let hlsModule: Promise<HlsModule> | null = null;
const loadHls = () => (hlsModule ??= import('hls.js'));

export function playHls(video: HTMLVideoElement, src: string, ev: PlayerEvents): Player {
  let stopped = false;
  let hls: InstanceType<HlsModule['default']> | null = null;
  let vfc = 0;
  const onVideoFrame = () => {
    if (stopped) return;
    ev.onFrame();
    vfc = video.requestVideoFrameCallback(onVideoFrame);
  };
  vfc = video.requestVideoFrameCallback(onVideoFrame);
  video.muted = true;
  video.playsInline = true;
  const play = () => void video.play().catch(() => undefined);
  const onError = () => !stopped && ev.onFail(video.error?.message || 'video error');
  video.addEventListener('error', onError);
  if (video.canPlayType('application/vnd.apple.mpegurl')) {
    video.src = src;
    play();
  } else {
    void loadHls().then(({ default: Hls }) => {
      if (stopped) return;
      if (!Hls.isSupported()) return ev.onFail('HLS is not supported by this browser');
      // Live pictures: stay near the live edge, keep little buffer (16 tiles share one machine).
      hls = new Hls({ liveSyncDurationCount: 2, maxBufferLength: 8, backBufferLength: 0, enableWorker: true, lowLatencyMode: false });
      hls.on(Hls.Events.ERROR, (_e, data) => {
        if (data.fatal && !stopped) ev.onFail(data.details);
      });
      hls.loadSource(src);
      hls.attachMedia(video);
      hls.on(Hls.Events.MANIFEST_PARSED, play);
    }, (err: unknown) => ev.onFail(String(err)));
  }
  return {
    stop() {
      stopped = true;
      video.cancelVideoFrameCallback(vfc);
      video.removeEventListener('error', onError);
      hls?.destroy();
      video.removeAttribute('src');
      video.load();
    },
  };
}

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

export function playMjpeg(canvas: HTMLCanvasElement, src: string, ev: PlayerEvents): Player {
  const abort = new AbortController();
  let drawing = false;
  const ctx = canvas.getContext('2d');
  const cutter = new JpegCutter();
  const draw = (jpeg: Uint8Array) => {
    // A slow machine drops frames instead of queueing them.
    if (drawing || !ctx) return;
    drawing = true;
    createImageBitmap(new Blob([jpeg as BlobPart], { type: 'image/jpeg' }))
      .then((bmp) => {
        if (abort.signal.aborted) return bmp.close();
        if (canvas.width !== bmp.width || canvas.height !== bmp.height) {
          canvas.width = bmp.width;
          canvas.height = bmp.height;
        }
        ctx.drawImage(bmp, 0, 0);
        bmp.close();
        ev.onFrame();
      })
      .catch(() => undefined)
      .finally(() => {
        drawing = false;
      });
  };
  void (async () => {
    const res = await fetch(src, { signal: abort.signal, cache: 'no-store' });
    if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
    const reader = res.body.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('the stream ended');
      cutter.push(value, draw);
    }
  })().catch((err: unknown) => {
    if (!abort.signal.aborted) ev.onFail(err instanceof Error ? err.message : String(err));
  });
  return { stop: () => abort.abort() };
}
