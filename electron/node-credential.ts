import { ENROLLMENT_KEY, enrollmentSchema, type Enrollment } from '../host/remote/enrollment';
import { FileSecretStore } from '../host/sync/file-secrets';

export { enrollmentSchema, type Enrollment };

/**
 * This machine's enrollment with a remote host: its node id, role, name and credential. It
 * lives in main only — encrypted with the OS keychain (safeStorage) when there is one — and
 * never reaches a renderer, a URL or a log line.
 */


export interface KeyValueSecrets {
  get(key: string): string | null;
  set(key: string, value: string | null): void;
}

const KEY = ENROLLMENT_KEY;

export class NodeCredentialStore {
  constructor(
    private readonly secrets: KeyValueSecrets,
    /**
     * Where `ioc-wall enroll` left an enrollment (installers' scripts): taken over into the
     * keychain on first start and removed from the file.
     */
    private readonly enrolledByCli?: KeyValueSecrets,
  ) {}

  /** The enrollment for this host URL, or null (none yet, another host, or unreadable). */
  load(hostUrl: string, log: (msg: string) => void = console.warn): Enrollment | null {
    const own = this.read(this.secrets, hostUrl, log);
    if (own || !this.enrolledByCli || this.enrolledByCli === this.secrets) return own;
    const fromCli = this.read(this.enrolledByCli, hostUrl, log);
    if (!fromCli) return null;
    this.save(fromCli);
    this.enrolledByCli.set(KEY, null);
    log('[electron] took over the enrollment made by `ioc-wall enroll` into the OS keychain');
    return fromCli;
  }

  private read(secrets: KeyValueSecrets, hostUrl: string, log: (msg: string) => void): Enrollment | null {
    let raw: string | null;
    try {
      raw = secrets.get(KEY);
    } catch (err) {
      log(`[electron] the node credential could not be read (${err instanceof Error ? err.message : String(err)}): enroll again`);
      return null;
    }
    if (raw === null) return null;
    let parsed;
    try {
      parsed = enrollmentSchema.safeParse(JSON.parse(raw));
    } catch {
      return null;
    }
    if (!parsed.success) return null;
    if (sameHost(parsed.data.url, hostUrl)) return parsed.data;
    log(`[electron] the stored credential is for ${parsed.data.url}, not ${hostUrl}: enroll with the new host`);
    return null;
  }

  save(e: Enrollment): void {
    this.secrets.set(KEY, JSON.stringify(enrollmentSchema.parse(e)));
  }

  clear(): void {
    this.secrets.set(KEY, null);
  }
}

function sameHost(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return a === b;
  }
}

/**
 * The OS keychain through safeStorage when it is there; on Linux without a keyring, a file
 * readable by this user only (as the host does for feed secrets) — a wall PC without a desktop
 * keyring must still be able to join the room.
 */
export function nodeSecrets(
  keychain: KeyValueSecrets & { available(): boolean },
  fallbackFile: string,
  log: (msg: string) => void = console.warn,
): KeyValueSecrets {
  if (keychain.available()) return keychain;
  log(`[electron] no OS keyring: the node credential is kept in ${fallbackFile} (owner-only file)`);
  return new FileSecretStore(fallbackFile);
}
