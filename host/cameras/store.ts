import type Database from 'better-sqlite3';
import type { SecretStore } from '../../sync/store';
import { badLoginEscapeMessage, hasBadLoginEscape, type CameraStreamView, type StreamProtocol, type StreamRole } from '../api/contract/cameras';
import { SECRET_REF, type CameraConfig } from './schema';
import { stmt } from '../db/statements';
import { CameraRefusal, type AddressPolicy } from './guard';

/**
 * Cameras are places of kind 'camera' whose attrs carry `streams`. The stored URL never holds
 * credentials: a `user:pass@` in a configured URL is moved to the secret store at start, and the
 * stream keeps only the secret's key. Places of kind camera without streams (the demo's 577
 * map dots, a feed without stream fields) are not cameras one can watch.
 */
export interface StoredStream {
  role: StreamRole;
  protocol: StreamProtocol;
  /** The camera's (or gateway's) URL, without credentials. Host side only. */
  url: string;
  /** Secret store key whose value is "user:password", if the stream needs basic auth. */
  secret?: string;
}

export interface StoredCamera {
  id: string;
  name: string;
  lat: number;
  lon: number;
  domain: string;
  source: string;
  streams: StoredStream[];
}

/**
 * Moves `user:pass@` out of a URL: the bare URL and the "user:password" it carried (decoded). The
 * config and `cameras.add` refuse a login that does not decode; one that gets here anyway throws
 * with what to fix, not a bare "URI malformed".
 */
export function splitCredentials(raw: string): { url: string; credentials: string | null } {
  const u = new URL(raw);
  if (!u.username && !u.password) return { url: u.toString(), credentials: null };
  if (hasBadLoginEscape(raw)) throw new Error(badLoginEscapeMessage({ vi: 'đưa nó vào một bí mật', en: 'put it in a secret' }));
  const credentials = `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`;
  u.username = '';
  u.password = '';
  return { url: u.toString(), credentials };
}

export const secretKeyFor = (cameraId: string, role: StreamRole) => `camera:${cameraId}:${role}`;

export function proxyPath(cameraId: string, role: StreamRole): string {
  return `/cameras/${encodeURIComponent(cameraId)}/${role}`;
}

export function streamViews(c: StoredCamera): CameraStreamView[] {
  return c.streams.map((s) => ({ role: s.role, protocol: s.protocol, path: proxyPath(c.id, s.role) }));
}

function parseStreams(attrs: string): StoredStream[] {
  try {
    const a = JSON.parse(attrs) as { streams?: unknown };
    if (!Array.isArray(a.streams)) return [];
    return a.streams.filter(
      (s): s is StoredStream =>
        typeof s === 'object' && s !== null && (s.role === 'main' || s.role === 'sub') &&
        (s.protocol === 'hls' || s.protocol === 'mjpeg') && typeof s.url === 'string',
    );
  } catch {
    return [];
  }
}

type Row = Omit<StoredCamera, 'streams'> & { attrs: string };

const COLUMNS = 'id, name, lat, lon, domain, source, attrs';
const fromRow = (r: Row): StoredCamera => ({ id: r.id, name: r.name, lat: r.lat, lon: r.lon, domain: r.domain, source: r.source, streams: parseStreams(r.attrs) });

/** Sources whose camera URLs a person with the right to write them entered: not a feed's data. */
const ENTERED_BY_PEOPLE = new Set(['config', 'console']);

export interface CameraStoreOptions {
  /** `camera.feedAddresses`: internal addresses a feed's camera may still reach (guard.ts). */
  feedAddresses?: readonly string[];
}

export class CameraStore {
  /**
   * Streams of the config file as the installer wrote them (camera, role, URL, secret), from
   * applyConfig: the file's `auth: "secret:NAME"` is the installer saying NAME goes to that URL,
   * as a config feed's auth is (host/sync/secret-origins.ts). Kept in memory, not judged from the
   * row's `source`: a feed may be called "config".
   */
  private readonly configured = new Set<string>();
  private readonly policy: AddressPolicy;

  constructor(
    private readonly db: Database.Database,
    private readonly secrets: SecretStore,
    opts: CameraStoreOptions = {},
  ) {
    this.policy = { allowed: new Set((opts.feedAddresses ?? []).map((a) => a.toLowerCase())) };
  }

  /**
   * Where a camera's connections may go: null (anywhere) for cameras a person entered (config
   * file, console); a feed's camera may not point at the host's own internal addresses (guard.ts).
   */
  addressPolicy(cam: StoredCamera): AddressPolicy | null {
    return ENTERED_BY_PEOPLE.has(cam.source) ? null : this.policy;
  }

  list(): StoredCamera[] {
    const rows = stmt(this.db, `SELECT ${COLUMNS} FROM places WHERE kind = 'camera' AND attrs LIKE '%"streams"%' ORDER BY name, id`).all() as Row[];
    return rows.map(fromRow).filter((c) => c.streams.length > 0);
  }

  /** One camera by id: the stream proxy asks for every playlist and segment a tile plays. */
  get(id: string): StoredCamera | null {
    const row = stmt(this.db, `SELECT ${COLUMNS} FROM places WHERE id = ? AND kind = 'camera'`).get(id) as Row | undefined;
    const cam = row ? fromRow(row) : null;
    return cam && cam.streams.length > 0 ? cam : null;
  }

  /** Writes a camera; credentials given inline go to the secret store under the stream's key. */
  async put(
    cam: { id: string; name: string; lat: number; lon: number; domain?: string },
    streams: { role: StreamRole; protocol: StreamProtocol; url: string; credentials?: string | null; secret?: string }[],
    source: string,
  ): Promise<StoredCamera> {
    // Every URL is split before the first secret is written: a stream that cannot be taken leaves
    // no secret behind for a camera that is not stored.
    const splits = streams.map((s) => splitCredentials(s.url));
    const stored: StoredStream[] = [];
    for (const [i, s] of streams.entries()) {
      const split = splits[i]!;
      const credentials = s.credentials ?? split.credentials;
      let secret = s.secret;
      if (credentials) {
        secret = secretKeyFor(cam.id, s.role);
        await this.secrets.set(secret, credentials);
      }
      stored.push({ role: s.role, protocol: s.protocol, url: split.url, ...(secret ? { secret } : {}) });
    }
    this.db
      .prepare(
        `INSERT INTO places (id, domain, kind, name, area_id, lat, lon, source, attrs) VALUES (?, ?, 'camera', ?, NULL, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET domain=excluded.domain, kind='camera', name=excluded.name, lat=excluded.lat, lon=excluded.lon,
           source=excluded.source, attrs=excluded.attrs`,
      )
      .run(cam.id, cam.domain ?? 'traffic', cam.name, cam.lat, cam.lon, source, JSON.stringify({ streams: stored }));
    return { ...cam, domain: cam.domain ?? 'traffic', source, streams: stored };
  }

  async remove(id: string): Promise<boolean> {
    const cam = this.get(id);
    if (!cam) return false;
    for (const s of cam.streams) if (s.secret === secretKeyFor(id, s.role)) await this.secrets.set(s.secret, null);
    this.db.prepare(`DELETE FROM places WHERE id = ? AND kind = 'camera'`).run(id);
    return true;
  }

  /**
   * The config's cameras into the places table (each start). A config camera that left the file
   * leaves the table; console cameras are untouched. The config check refuses a wrong camera
   * before anything starts; one that still cannot be stored (a config not loaded through it) is
   * left out and said, and the rest of the host starts: the wall's data and the other cameras do
   * not wait for one camera's URL. Answers what was left out.
   */
  async applyConfig(cameras: CameraConfig[], warn: (line: string) => void = (l) => console.warn(`[cameras] ${l}`)): Promise<string[]> {
    const keep = new Set<string>();
    this.configured.clear();
    const skipped: string[] = [];
    for (const c of cameras) {
      try {
        const stored = await this.put(
          c,
          c.streams.map((s) => ({ role: s.role, protocol: s.protocol, url: s.url, secret: s.auth ? SECRET_REF.exec(s.auth)![1] : undefined })),
          'config',
        );
        for (const s of stored.streams) if (s.secret) this.configured.add(configKey(c.id, s));
        keep.add(c.id);
      } catch (err) {
        skipped.push(c.id);
        warn(`camera "${c.id}" bị bỏ qua / left out — ${(err as Error).message}`);
      }
    }
    for (const c of this.list()) if (c.source === 'config' && !keep.has(c.id)) await this.remove(c.id);
    return skipped;
  }

  /**
   * "Basic …" for a stream, or null when it needs none. Never leaves the host.
   *
   * A stored secret goes only where it is allowed, the rule sync uses for feeds: a feed's mapping
   * may name any secret for its cameras, and its rows the stream's URL, so without this check any
   * secret (the province's API key) went as Basic auth to any server a feed row named. Allowed:
   *  - the camera's own login (`camera:<id>:<role>`), moved out of the URL it came in by the
   *    config file or `cameras.add`, for a camera a person entered;
   *  - a secret the config file's camera names for that very URL;
   *  - a secret whose listed origins (`ioc-wall secret set NAME --origin …`) include the URL's.
   * Otherwise nothing is sent and the camera is refused with words saying how to allow it.
   */
  async authorization(cam: StoredCamera, s: StoredStream): Promise<string | null> {
    if (!s.secret) return null;
    if (!this.secretAllowed(cam, s)) {
      const origin = new URL(s.url).origin;
      // The origin in the host's log only: the words below reach walls (health, 502 bodies).
      console.warn(`[cameras] camera "${cam.id}" (${s.role}): secret "${s.secret}" is not allowed for ${origin}; not sent`);
      throw new CameraRefusal(
        `Bí mật "${s.secret}" không được phép gửi tới máy chủ của camera này, không gửi. Nếu đúng là camera, quản trị viên cho phép: ` +
          `ioc-wall secret set ${s.secret} --origin <địa chỉ camera> (hoặc trong bàn điều khiển, mục Bí mật) / ` +
          `The secret "${s.secret}" may not be sent to this camera's server; not sent. If it is the right camera, an administrator allows it: ` +
          `ioc-wall secret set ${s.secret} --origin <the camera's http(s)://host:port> (or in the console's Secrets form)`,
      );
    }
    const v = await this.secrets.get(s.secret);
    return v ? `Basic ${Buffer.from(v, 'utf8').toString('base64')}` : null;
  }

  private secretAllowed(cam: StoredCamera, s: StoredStream): boolean {
    if (!s.secret) return true;
    if (this.configured.has(configKey(cam.id, s))) return true;
    if (cam.source === 'console' && s.secret === secretKeyFor(cam.id, s.role)) return true;
    let origin: string;
    try {
      origin = new URL(s.url).origin;
    } catch {
      return false;
    }
    return stmt(this.db, `SELECT 1 FROM secret_origins WHERE name = ? AND origin = ?`).get(s.secret, origin) !== undefined;
  }
}

const configKey = (id: string, s: StoredStream) => `${id}\u0000${s.role}\u0000${s.url}\u0000${s.secret ?? ''}`;
