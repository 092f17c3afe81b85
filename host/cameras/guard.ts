import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { networkInterfaces } from 'node:os';

/**
 * What the host refuses to do for a camera, in one place: which answers it passes on to a
 * screen (media only), and where a camera named by a feed may make it connect.
 *
 * Why: the camera proxy answers on the host's own origin. A camera (or anything a feed names as
 * one) that answered text/html ran script there, which could then plant files in the service
 * worker's cache; and a feed row could point a "camera" at a service that listens on the host's
 * loopback only, which the proxy then read out to any wall.
 */

/** A refusal meant for the operator as it is (it names no address: it may reach a screen). */
export class CameraRefusal extends Error {
  override readonly name = 'CameraRefusal';
}

/** The media type without parameters, lower case; '' when there is none. */
export function mediaTypeOf(contentType: string | string[] | undefined): string {
  const v = Array.isArray(contentType) ? contentType[0] : contentType;
  return (v ?? '').split(';')[0]!.trim().toLowerCase();
}

/** HLS playlists (RFC 8216 and the older names gateways still send). */
export const PLAYLIST_TYPES = new Set(['application/vnd.apple.mpegurl', 'application/x-mpegurl', 'audio/mpegurl', 'audio/x-mpegurl']);
/** What an HLS playlist names: MPEG-TS and fMP4 segments, init sections, audio renditions. */
const SEGMENT_TYPES = new Set(['video/mp2t', 'video/mp4', 'video/iso.segment', 'audio/aac', 'audio/mp4']);
/**
 * A plain web server in front of a recorder sends fMP4 segments (`.m4s`) and AES keys as
 * application/octet-stream: nginx's and Apache's type lists have no `.m4s`. hls.js reads the bytes
 * whatever the type, so such an answer is passed on, as octet-stream, for resources a playlist
 * named; never for a stream's entry.
 */
const OPAQUE_TYPES = new Set(['application/octet-stream', 'binary/octet-stream']);
export const MJPEG_TYPE = 'multipart/x-mixed-replace';

/**
 * The content type the proxy gives a camera's answer, or null when it is not passed on.
 * `named`: a resource a playlist named (`/p/…`); otherwise the stream's entry.
 */
export function allowedCameraType(contentType: string | string[] | undefined, named: boolean): string | null {
  const t = mediaTypeOf(contentType);
  if (PLAYLIST_TYPES.has(t)) return 'application/vnd.apple.mpegurl';
  if (SEGMENT_TYPES.has(t)) return t;
  if (named && OPAQUE_TYPES.has(t)) return 'application/octet-stream';
  return null;
}

export function wrongTypeWords(contentType: string | string[] | undefined): string {
  const t = mediaTypeOf(contentType) || 'không có / none';
  return `Camera trả về loại nội dung không phải video (${t.slice(0, 80)}), không chuyển tiếp / the camera answered a type that is not video (${t.slice(0, 80)}); not passed on`;
}

export const NOT_A_PLAYLIST =
  'Camera không trả về danh sách HLS (thiếu #EXTM3U), không chuyển tiếp / the camera answer is not an HLS playlist (no #EXTM3U); not passed on';

/**
 * Every answer built from a camera's bytes carries these. The types are media already; these make
 * sure that even a browser that sniffs, or a page that navigates to the URL, gets a download in
 * an opaque origin and never a document on the host's origin (the player's XHR and an <img>
 * ignore both).
 */
export const CAMERA_ANSWER_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'content-security-policy': "sandbox; default-src 'none'",
  'content-disposition': 'attachment',
  'x-content-type-options': 'nosniff',
};

// --- where a camera named by a feed may make the host connect ---

/** `::ffff:7f00:1` or `::ffff:127.0.0.1` → `127.0.0.1`; anything else as it is. */
function unmapped(ip: string): string {
  const m = /^::ffff:(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(ip);
  if (!m) return ip;
  if (m[1]) return m[1];
  const hi = parseInt(m[2]!, 16);
  const lo = parseInt(m[3]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

function v4Blocked(ip: string): boolean {
  const [a, b] = ip.split('.').map(Number) as [number, number];
  return (
    a === 127 || // loopback
    a === 0 || // "this network", 0.0.0.0 reaches the host itself
    (a === 169 && b === 254) || // link-local, cloud metadata (169.254.169.254)
    a >= 224 // multicast, reserved, broadcast
  );
}

function v6Blocked(ip: string): boolean {
  const x = ip.toLowerCase();
  return x === '::1' || x === '::' || /^fe[89ab]/.test(x) || x.startsWith('ff');
}

/** The host machine's own addresses (every interface): a feed must not make it call itself. */
function ownAddresses(): Set<string> {
  const out = new Set<string>();
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) out.add(unmapped(a.address.toLowerCase().split('%')[0]!));
  return out;
}

/**
 * Where a connection for a camera named by a feed may go. Cameras live on private LAN addresses
 * (10/8, 172.16/12, 192.168/16), which stay allowed; what is refused is what only makes sense
 * as the host reading itself: loopback, link-local, unspecified, multicast, and the machine's
 * own interface addresses. `allowed` (config `camera.feedAddresses`) lists addresses the
 * installer lets such cameras reach anyway (a gateway on the host machine itself).
 */
export interface AddressPolicy {
  allowed: ReadonlySet<string>;
}

export function addressProblem(address: string, policy: AddressPolicy): string | null {
  const ip = unmapped(address.toLowerCase().replace(/^\[|\]$/g, '').split('%')[0]!);
  if (policy.allowed.has(ip)) return null;
  const family = isIP(ip);
  const blocked = (family === 4 && v4Blocked(ip)) || (family === 6 && v6Blocked(ip)) || ownAddresses().has(ip);
  if (!blocked) return null;
  return (
    'Camera từ nguồn dữ liệu trỏ tới một địa chỉ nội bộ của máy chủ (loopback, link-local, multicast hay chính máy chủ), không kết nối; ' +
    'nếu đúng là camera, thêm địa chỉ vào "camera.feedAddresses" trong tệp cấu hình / ' +
    "a feed's camera points at an address internal to the host (loopback, link-local, multicast or the host itself); not connected; " +
    'if it really is a camera, add the address to "camera.feedAddresses" in the config file'
  );
}

/**
 * A DNS lookup that checks every address a name resolves to, and hands the connection only the
 * addresses it checked: the name is resolved once, so it cannot answer a LAN address to the check
 * and 127.0.0.1 to the connection (DNS rebinding).
 */
export function checkedLookup(policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, family: options.family ?? 0, hints: options.hints }, (err, addresses: LookupAddress[]) => {
      const cb = callback as (e: NodeJS.ErrnoException | null, a: string | LookupAddress[], f?: number) => void;
      if (err) return cb(err, '');
      const bad = addresses.map((a) => addressProblem(a.address, policy)).find((p) => p !== null);
      if (bad || addresses.length === 0) {
        // Logged with the name and addresses on the host only: the words may reach a screen.
        console.warn(`[cameras] refused ${hostname} → ${addresses.map((a) => a.address).join(', ')}: not a place a feed's camera may point at`);
        return cb(new CameraRefusal(bad ?? 'no address'), '');
      }
      if (options.all) cb(null, addresses);
      else cb(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}
