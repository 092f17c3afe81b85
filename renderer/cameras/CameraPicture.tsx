/**
 * One live picture: the stream through the host's proxy, the camera's name, the time of its
 * last frame, and — when no frame came for `signalLostSec` — "Mất tín hiệu" over the last frame
 * kept and dimmed, while it retries with backoff (1, 2, 4 … 30 s). Inactive (hidden canvas,
 * tour camera not shown nor next) it holds no decoder and no connection.
 *
 * Markers for tests and benchmarks: data-camera-id, data-camera-state (idle | connecting |
 * playing | lost), data-first-frame-ms (from start to first frame).
 */
import { useEffect, useRef, useState } from 'react';
import type { CameraView } from '../../host/api/contract/cameras';
import { playHls, playMjpeg, type Player } from './players';
import { streamUrl } from './useCameras';
import './strings';
import './cameras.css';
import { useTranslation } from '../i18n';
import { formatTimeSeconds } from '../format';
import { hostNow } from '../client/host-clock';

export type PictureState = 'idle' | 'connecting' | 'playing' | 'lost';

const RETRY_MS = [1000, 2000, 4000, 8000, 15000, 30000];

export interface CameraPictureProps {
  cameraId: string | null;
  camera: CameraView | undefined;
  role: 'main' | 'sub';
  /** Decoding allowed (shown, or the tour's next camera preloading). */
  active: boolean;
  /** Shown on the wall (a preloading picture plays hidden). */
  shown?: boolean;
  signalLostSec: number;
  /** Smaller text in small cells. */
  compact?: boolean;
}

/** The last frame's time in the province's zone (format.ts), whatever the display PC's zone. */
const timeOf = (t: number) => formatTimeSeconds(t);

export function CameraPicture({ cameraId, camera, role, active, shown = true, signalLostSec, compact }: CameraPictureProps) {
  const { t } = useTranslation();
  const videoRef = useRef<HTMLVideoElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const stillRef = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<PictureState>('idle');
  const [lastFrameAt, setLastFrameAt] = useState<number | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [firstFrameMs, setFirstFrameMs] = useState<number | null>(null);
  /** performance.now() of the last frame: signal loss is elapsed time, which a stepped clock must not bend. */
  const lastFrame = useRef<number | null>(null);
  /** The host's time of the last frame, for its label. */
  const lastFrameWall = useRef<number | null>(null);
  const failures = useRef(0);

  const stream = camera?.streams.find((s) => s.role === role) ?? camera?.streams.find((s) => s.role === 'main');
  const src = stream ? streamUrl(stream.path) : null;
  const protocol = stream?.protocol;

  useEffect(() => {
    if (!active || !src || !protocol) {
      setState((s) => (s === 'lost' ? s : 'idle'));
      return;
    }
    const startedAt = performance.now();
    let sawFrame = false;
    let player: Player | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | null = null;
    setState((s) => (s === 'lost' ? s : 'connecting'));

    const giveUp = () => {
      if (!player) return;
      // Keep the last picture: a video element loses it when its source goes.
      const video = videoRef.current;
      const still = stillRef.current;
      if (protocol === 'hls' && video && still && video.videoWidth > 0) {
        still.width = video.videoWidth;
        still.height = video.videoHeight;
        still.getContext('2d')?.drawImage(video, 0, 0);
      }
      player.stop();
      player = null;
      setState('lost');
      const delay = RETRY_MS[Math.min(failures.current, RETRY_MS.length - 1)]!;
      failures.current++;
      retryTimer = setTimeout(() => setAttempt((a) => a + 1), delay);
    };
    const events = {
      onFrame() {
        lastFrame.current = performance.now();
        lastFrameWall.current = hostNow().getTime();
        if (!sawFrame) {
          sawFrame = true;
          failures.current = 0;
          setFirstFrameMs((v) => v ?? Math.round(performance.now() - startedAt));
          setState('playing');
          setLastFrameAt(lastFrameWall.current);
        }
      },
      onFail: () => giveUp(),
    };
    player =
      protocol === 'hls' ? playHls(videoRef.current!, src, events) : playMjpeg(canvasRef.current!, src, events);
    const watch = setInterval(() => {
      const now = performance.now();
      const since = sawFrame ? now - (lastFrame.current ?? now) : now - startedAt;
      if (lastFrameWall.current !== null) setLastFrameAt(lastFrameWall.current);
      if (player && since > signalLostSec * 1000) giveUp();
    }, 500);
    return () => {
      clearInterval(watch);
      if (retryTimer) clearTimeout(retryTimer);
      player?.stop();
    };
  }, [active, src, protocol, attempt, signalLostSec]);

  const lost = state === 'lost';
  const label = camera?.name ?? (cameraId ? t('camera.unknown', { id: cameraId }) : t('camera.noCamera'));
  return (
    <div
      className={`campic${lost ? ' campic--lost' : ''}${compact ? ' campic--compact' : ''}`}
      style={shown ? undefined : { visibility: 'hidden' }}
      data-camera-id={cameraId ?? undefined}
      data-camera-state={state}
      data-stream-role={stream?.role}
      data-first-frame-ms={firstFrameMs ?? undefined}
    >
      {protocol === 'hls' && <video ref={videoRef} className="campic__media" muted playsInline />}
      {protocol === 'mjpeg' && <canvas ref={canvasRef} className="campic__media" />}
      <canvas ref={stillRef} className="campic__media campic__still" hidden={!(lost && protocol === 'hls')} />
      <div className="campic__caption">
        <span className="campic__name">{label}</span>
        {lastFrameAt !== null && <span className="campic__time">{timeOf(lastFrameAt)}</span>}
      </div>
      {lost && (
        <div className="campic__lost" role="status">
          {t('camera.signalLost')}
        </div>
      )}
      {!lost && state === 'connecting' && <div className="campic__note">{t('camera.connecting')}</div>}
      {camera && !src && <div className="campic__note">{t('camera.needsHttp')}</div>}
    </div>
  );
}
