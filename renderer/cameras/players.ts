/**
 * The two ways a picture plays, behind one small interface: `onFrame` fires for every frame
 * painted (the tile's "last frame" time and its signal-lost watch), `onFail` once when the
 * stream cannot go on; `stop()` releases the decoder and the connection.
 *
 * - HLS: hls.js over Media Source Extensions wherever MSE exists; the browser's own HLS player
 *   only where it does not (iOS Safari). Chromium gained a native HLS player (Debian's Chromium
 *   156 answers canPlayType('application/vnd.apple.mpegurl') with "maybe"), and for a live stream
 *   it keeps every second it has played in memory: 16 pictures grew a wall page by ~55 MB a
 *   minute. hls.js evicts what was played (backBufferLength). Frames are counted with
 *   requestVideoFrameCallback.
 * - MJPEG: the host cuts the camera's stream into JPEGs; the page asks for each next one and
 *   draws it on a canvas. An <img> on the multipart stream would hold one of the page's six
 *   connections for ever and tell nothing when frames stop (it fires `load` once); we need every
 *   frame's time to say "Mất tín hiệu".
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
  const playNatively = () => {
    if (!video.canPlayType('application/vnd.apple.mpegurl')) return ev.onFail('HLS is not supported by this browser');
    video.src = src;
    play();
  };
  void loadHls().then(({ default: Hls }) => {
    if (stopped) return;
    if (!Hls.isSupported()) return playNatively();
    // Live pictures: stay near the live edge and keep no played media (16 tiles share one machine).
    // maxBufferLength alone is a floor: hls.js buffers up to maxBufferSize (60 MB) worth of a
    // low-bitrate stream, capped only by maxMaxBufferLength (600 s by default).
    hls = new Hls({
      liveSyncDurationCount: 2,
      maxBufferLength: 8,
      maxMaxBufferLength: 8,
      backBufferLength: 0,
      enableWorker: true,
      lowLatencyMode: false,
    });
    hls.on(Hls.Events.ERROR, (_e, data) => {
      if (data.fatal && !stopped) ev.onFail(data.details);
    });
    hls.loadSource(src);
    hls.attachMedia(video);
    hls.on(Hls.Events.MANIFEST_PARSED, play);
  }, (err: unknown) => ev.onFail(String(err)));
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

export function playMjpeg(canvas: HTMLCanvasElement, src: string, ev: PlayerEvents): Player {
  const abort = new AbortController();
  const ctx = canvas.getContext('2d');
  const paint = (img: CanvasImageSource & { width?: number; height?: number; displayWidth?: number; displayHeight?: number }) => {
    const w = img.displayWidth ?? img.width ?? 0;
    const h = img.displayHeight ?? img.height ?? 0;
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    ctx!.drawImage(img, 0, 0);
    ev.onFrame();
  };
  // WebCodecs' ImageDecoder takes the bytes as they are. A Blob per frame would sit in the
  // browser's blob registry until the page's garbage collector happens to run, which a page
  // whose JS heap hardly grows may not do for a long time: hours of frames. The decoded
  // VideoFrame goes through an ImageBitmap before the canvas: a canvas that draws VideoFrames
  // themselves kept memory for each one in Chromium 156 even once closed (16 MJPEG pictures
  // grew the page by ~300 MB in two minutes; through a bitmap it stays flat, see
  // bench/camera-soak.ts).
  const decode =
    typeof ImageDecoder === 'function'
      ? async (jpeg: Uint8Array) => {
          const dec = new ImageDecoder({ data: jpeg, type: 'image/jpeg' });
          try {
            const { image } = await dec.decode();
            let bmp: ImageBitmap;
            try {
              bmp = await createImageBitmap(image);
            } finally {
              image.close();
            }
            if (!abort.signal.aborted) paint(bmp);
            bmp.close();
          } finally {
            dec.close();
          }
        }
      : async (jpeg: Uint8Array) => {
          const bmp = await createImageBitmap(new Blob([jpeg as BlobPart], { type: 'image/jpeg' }));
          if (!abort.signal.aborted) paint(bmp);
          bmp.close();
        };
  // One request per frame (…/frame?after=N answers the next frame): a page may hold at most six
  // HTTP/1.1 connections to the host, and sixteen endless multipart streams would starve.
  void (async () => {
    const url = new URL(src, location.href);
    url.pathname += '/frame';
    let seq = 0;
    while (!abort.signal.aborted) {
      url.searchParams.set('after', String(seq));
      const res = await fetch(url, { signal: abort.signal, cache: 'no-store' });
      if (res.status === 204) continue; // no frame within the host's wait: ask again
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      seq = Number(res.headers.get('x-frame-seq') ?? seq + 1);
      await decode(new Uint8Array(await res.arrayBuffer())).catch(() => undefined);
    }
  })().catch((err: unknown) => {
    if (!abort.signal.aborted) ev.onFail(err instanceof Error ? err.message : String(err));
  });
  return { stop: () => abort.abort() };
}
