import { z } from 'zod';
import { cleanText } from '../../../base/clean-text';
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

export const CAMERA_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,80}$/;

/** Looks up a camera that exists (check, remove): one stored before the rule below can still go. */
const cameraId = z.string().regex(CAMERA_ID_PATTERN, 'camera id: letters, digits, . _ : -, at most 80');

/**
 * The id of a new camera, in the config file and in `cameras.add` (one rule). It is a segment of
 * the picture's path (`/cameras/<id>/main`), and "." and ".." are dot-segments every URL parser
 * removes (`/cameras/../main` is `/main`, `%2E%2E` too): such a camera could never play.
 */
export const newCameraIdSchema = z
  .string({ error: 'must be text' })
  .regex(CAMERA_ID_PATTERN, 'letters, digits, . _ : -, at most 80')
  .refine((id) => id !== '.' && id !== '..', {
    error: 'không được là "." hay "..": đường dẫn URL bỏ chúng đi, camera sẽ không bao giờ phát được; đặt id khác / must not be "." or "..": URL paths drop them and the camera could never play; choose another id',
  });

/**
 * A camera URL whose `user:pass@` cannot be decoded. The URL keeps a login as typed, with its %
 * escapes; the camera needs it decoded, and a % not followed by two hex digits decodes to nothing
 * (it made the host fail to start). Checked with the config and with `cameras.add`.
 */
export function hasBadLoginEscape(raw: string): boolean {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return false; // not a URL at all: the URL rule says so
  }
  try {
    decodeURIComponent(u.username);
    decodeURIComponent(u.password);
    return false;
  } catch {
    return true;
  }
}

/**
 * What is wrong and what to do, Vietnamese first; `instead` is where else the login may go. Kept
 * under the 300 characters an API answer quotes of an issue (host/api/errors.ts).
 */
export const badLoginEscapeMessage = (instead: { vi: string; en: string }) =>
  `đăng nhập (user:pass@) trong URL có dấu % sai (sau % phải là 2 chữ số hex, như %40 cho @): viết % thành %25, hoặc ${instead.vi} / the login in the URL has a bad % escape (% needs two hex digits, e.g. %40 for @): write % as %25, or ${instead.en}`;

/**
 * A camera's name as the console's table, the wall's tile and the kiosk's map show it: cleaned as
 * every outside text is (base/clean-text.ts), so "\u202ENgã tư Sóc Xoài" is not shown reversed.
 * One rule for the console's cameras.add and the config file's cameras.
 */
export const cameraNameSchema = z.string({ error: 'must be text' }).overwrite(cleanText).min(1, 'must not be empty').max(120);

export const cameraAddSchema = z.strictObject({
  id: newCameraIdSchema,
  name: cameraNameSchema,
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  streams: z
    .array(
      z.strictObject({
        role: z.enum(STREAM_ROLES).default('main'),
        protocol: z.enum(STREAM_PROTOCOLS),
        url: z
          .url({ protocol: /^https?$/, error: 'must be an http(s) URL (RTSP: through a gateway, see README)' })
          // The form has a field of its own for the login, where no escapes are needed.
          .refine((url) => !hasBadLoginEscape(url), {
            error: badLoginEscapeMessage({ vi: 'nhập nó vào ô "credentials"', en: 'give it in "credentials" instead' }),
          }),
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
