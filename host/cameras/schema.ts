import { z } from 'zod';
import { STREAM_PROTOCOLS, STREAM_ROLES, badLoginEscapeMessage, cameraNameSchema, hasBadLoginEscape, newCameraIdSchema } from '../api/contract/cameras';
import { CAMERA_LIST, refuseDuplicateIds } from '../config/unique-ids';

/**
 * `cameras` in the config file. A stream's URL may carry `user:pass@` (moved to the secret store
 * at start, see store.ts) or name a secret with `auth: "secret:NAME"` (the secret's value is
 * "user:password"). Browsers cannot play RTSP: point `url` at a gateway's HLS or MJPEG (README).
 */
export const SECRET_REF = /^secret:([A-Za-z0-9_.:-]{1,80})$/;

export const streamConfigSchema = z.strictObject({
  role: z.enum(STREAM_ROLES, { error: 'must be main or sub' }).default('main'),
  protocol: z.enum(STREAM_PROTOCOLS, { error: 'must be hls or mjpeg (RTSP: through a gateway, see README)' }),
  url: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://10.0.0.9:8888/cam1/index.m3u8' })
    // Refused with the config (nothing starts, as for any wrong entry): once past this check the
    // login is decoded at start, and a bad escape there stopped the whole host.
    .refine((url) => !hasBadLoginEscape(url), {
      error: badLoginEscapeMessage({ vi: 'đưa nó vào một bí mật ("auth": "secret:NAME")', en: 'put it in a secret ("auth": "secret:NAME")' }),
    }),
  auth: z.string().regex(SECRET_REF, 'must be "secret:NAME" (a secret holding "user:password")').optional(),
});

export const cameraConfigSchema = z.strictObject({
  id: newCameraIdSchema,
  name: cameraNameSchema,
  lat: z.number({ error: 'must be a number' }).min(-90).max(90),
  lon: z.number({ error: 'must be a number' }).min(-180).max(180),
  /** The map that shows it: traffic (default) or urban order. */
  domain: z.enum(['traffic', 'urbanOrder'], { error: 'must be traffic or urbanOrder' }).default('traffic'),
  streams: z
    .array(streamConfigSchema, { error: 'must be a list of streams' })
    .min(1, 'needs at least a main stream')
    .max(2, 'at most main and sub')
    .superRefine((streams, ctx) => {
      const roles = streams.map((s) => s.role);
      if (new Set(roles).size !== roles.length) ctx.addIssue({ code: 'custom', message: 'each role (main, sub) at most once' });
      if (!roles.includes('main')) ctx.addIssue({ code: 'custom', message: 'needs a main stream' });
    }),
});

export const camerasConfigSchema = z
  .array(cameraConfigSchema, { error: 'must be a list of cameras' })
  .default([])
  .superRefine(refuseDuplicateIds(CAMERA_LIST));

/** How often the host checks every stream, and when a picture counts as lost. */
export const cameraSettingsSchema = z.strictObject({
  checkIntervalSec: z.number().int().min(10).max(3600).default(60),
  /** Seconds without a new frame before a tile says "Mất tín hiệu". */
  signalLostSec: z.number().min(2).max(120).default(8),
  /**
   * Addresses (IPs, exact) a camera named by a feed may reach although they are internal to the
   * host: loopback, link-local, the host's own interfaces (host/cameras/guard.ts). Empty by default:
   * a feed row must not make the host read its own loopback services out to the walls. Cameras
   * of the config file and the console are not limited.
   */
  feedAddresses: z.array(z.union([z.ipv4(), z.ipv6()], { error: 'must be an IP address such as 127.0.0.1' })).max(64).default([]),
});

export type CameraConfig = z.output<typeof cameraConfigSchema>;
export type StreamConfig = z.output<typeof streamConfigSchema>;
export type CameraSettings = z.output<typeof cameraSettingsSchema>;
