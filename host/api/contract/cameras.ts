import { z } from 'zod';
import { ADMIN_ONLY, EVERY_ROLE, method, read } from './method';

/**
 * Cameras as the screens see them. A stream is named by its proxy path on the host
 * (`/cameras/<id>/<role>`), never by the camera's own URL: credentials and the camera's
 * address stay on the host.
 */
export const STREAM_ROLES = ['main', 'sub'] as const;
export const STREAM_PROTOCOLS = ['hls', 'mjpeg'] as const;
export type StreamRole = (typeof STREAM_ROLES)[number];
export type StreamProtocol = (typeof STREAM_PROTOCOLS)[number];
export type CameraState = 'ok' | 'down' | 'unknown';

export interface CameraStreamView {
  role: StreamRole;
  protocol: StreamProtocol;
  /** Path on the host's HTTP server; the page adds its own credential. */
  path: string;
}

export interface CameraHealth {
  state: CameraState;
  /** When the host last saw a frame (HLS: a new segment; MJPEG: a whole JPEG). */
  lastFrameAt: string | null;
  checkedAt: string | null;
  /** Plain words, Vietnamese first. */
  error: string | null;
}

export interface CameraView extends CameraHealth {
  id: string;
  name: string;
  lat: number;
  lon: number;
  /** 'config' | 'console' | a feed id. */
  source: string;
  streams: CameraStreamView[];
}

const cameraId = z.string().regex(/^[A-Za-z0-9_.:-]{1,80}$/, 'camera id: letters, digits, . _ : -, at most 80');

export const cameraAddSchema = z.strictObject({
  id: cameraId,
  name: z.string().trim().min(1).max(120),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  streams: z
    .array(
      z.strictObject({
        role: z.enum(STREAM_ROLES).default('main'),
        protocol: z.enum(STREAM_PROTOCOLS),
        url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL (RTSP: through a gateway, see README)' }),
        /** Basic-auth "user:password" for the camera; goes to the secret store, never back out. */
        credentials: z.string().max(400).optional(),
      }),
    )
    .min(1)
    .max(2),
});

export interface CameraList {
  cameras: CameraView[];
  /** Seconds without a new frame before a picture says "Mất tín hiệu" (config camera.signalLostSec). */
  signalLostSec: number;
}

export const camerasMethods = {
  /** Every camera with its health; the wall, kiosk and console all show cameras. */
  'cameras.list': method<CameraList>()(z.object({ search: z.string().max(120).optional() }), read(EVERY_ROLE)),
  /** Checks streams now (one camera, or all) and answers the fresh health. */
  'cameras.check': method<CameraView[]>()(z.object({ id: cameraId.optional() }), read(EVERY_ROLE)),
  /** Adds or replaces a console camera (admin: it carries credentials). */
  'cameras.add': method<CameraView>()(cameraAddSchema, { roles: ADMIN_ONLY }),
  'cameras.remove': method<{ removed: boolean }>()(z.object({ id: cameraId }), { roles: ADMIN_ONLY }),
};

export interface CamerasEvents {
  /** A camera was added/removed or its health changed. */
  'cameras.changed': { at: string };
}
