import type Database from 'better-sqlite3';
import type { SecretStore } from '../../sync/store';
import type { CameraHealth, CameraView } from '../api/contract/cameras';
import type { CameraSettings } from './schema';
import { judge, probeStream, type StreamMemory } from './health';
import { searchMatcher } from '../../base/search-text';
import { CameraStore, streamViews, type StoredCamera } from './store';

/** A camera checked this recently is not probed again on demand (its result is answered). */
const RECHECK_MS = 2000;

/**
 * The host's cameras: the store, and the health of each stream checked on a schedule and on
 * demand. Health lives in memory (a fresh start says 'unknown' until the first round) and is
 * pruned to the cameras that exist, so it cannot grow past the camera count.
 */
export class CameraService {
  readonly store: CameraStore;
  private readonly health = new Map<string, CameraHealth>();
  private readonly memory = new Map<string, StreamMemory>();
  /** When a check first found the camera down, while it stays down (the camera.down alert rule). */
  private readonly downSince = new Map<string, number>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private round: Promise<void> | null = null;
  /** On-demand checks (cameras.check) in flight, which stop() waits for as it does the round. */
  private readonly onDemand = new Set<Promise<void>>();
  /**
   * Aborted by stop(): probes in flight close their camera connections at once, so host.close()
   * neither waits up to a probe deadline nor leaves sockets open to cameras.
   */
  private closing = new AbortController();
  /**
   * One check per camera at a time, shared by everyone who asks meanwhile, and a check of the last
   * RECHECK_MS answered as it is: a wall sending 300 `cameras.check {id}` opened 300 connections
   * at once with the camera's login, and cameras allow 4–10 sessions.
   */
  private readonly inFlight = new Map<string, Promise<CameraHealth>>();
  /** What each camera's latest check was of (its streams): a camera edited since is checked again. */
  private readonly checkedStreams = new Map<string, string>();

  constructor(
    db: Database.Database,
    secrets: SecretStore,
    private readonly settings: Pick<CameraSettings, 'checkIntervalSec' | 'signalLostSec'> & { feedAddresses?: readonly string[] },
    private readonly onChanged: () => void = () => {},
    private readonly now: () => number = Date.now,
  ) {
    this.store = new CameraStore(db, secrets, { feedAddresses: settings.feedAddresses });
  }

  start(): void {
    if (this.timer) return;
    void this.checkAll().catch(() => undefined);
    this.timer = setInterval(() => void this.checkAll().catch(() => undefined), this.settings.checkIntervalSec * 1000);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.closing.abort();
    await Promise.allSettled([this.round, ...this.onDemand]);
    this.closing = new AbortController();
  }

  view(c: StoredCamera): CameraView {
    const h = this.health.get(c.id) ?? { state: 'unknown', lastFrameAt: null, checkedAt: null, error: null };
    return { id: c.id, name: c.name, lat: c.lat, lon: c.lon, source: c.source, streams: streamViews(c), ...h };
  }

  list(search?: string): CameraView[] {
    const matches = searchMatcher(search ?? '');
    return this.store
      .list()
      .filter((c) => matches(c.name, c.id))
      .map((c) => this.view(c));
  }

  /** Cameras the checks find down now, with when they were first found down (oldest first). */
  down(): { camera: StoredCamera; since: number; health: CameraHealth }[] {
    const out: { camera: StoredCamera; since: number; health: CameraHealth }[] = [];
    for (const c of this.store.list()) {
      const since = this.downSince.get(c.id);
      const health = this.health.get(c.id);
      if (since !== undefined && health?.state === 'down') out.push({ camera: c, since, health });
    }
    return out.sort((a, b) => a.since - b.since);
  }

  /** Checks one camera (every stream it has); its health is the worst of its streams. */
  async checkCamera(c: StoredCamera): Promise<CameraHealth> {
    let state: CameraHealth['state'] = 'ok';
    let lastFrameAt: string | null = null;
    const errors: string[] = [];
    const now = this.now();
    const closing = this.closing.signal;
    const policy = this.store.addressPolicy(c);
    for (const s of c.streams) {
      const key = `${c.id}\u0000${s.role}`;
      let authorization: string | null = null;
      let refused: string | null = null;
      try {
        authorization = await this.store.authorization(c, s);
      } catch (err) {
        refused = (err as Error).message;
      }
      // A secret not allowed for this server: not probed at all (the probe would go without it).
      const probe = refused !== null ? { ok: false, error: refused } : await probeStream(s, authorization, { signal: closing, policy });
      // Stopped mid-probe: "aborted" says nothing about the camera, so nothing is recorded.
      if (closing.aborted) return this.health.get(c.id) ?? { state: 'unknown', lastFrameAt: null, checkedAt: null, error: null };
      const { health, memory } = judge(probe, this.memory.get(key), now);
      this.memory.set(key, memory);
      if (health.state !== 'ok') {
        state = 'down';
        errors.push(c.streams.length > 1 ? `${s.role}: ${health.error}` : (health.error ?? ''));
      }
      if (s.role === 'main' || lastFrameAt === null) lastFrameAt = health.lastFrameAt ?? lastFrameAt;
    }
    const h: CameraHealth = { state, lastFrameAt, checkedAt: new Date(now).toISOString(), error: errors.length ? errors.join('; ') : null };
    const before = this.health.get(c.id);
    this.health.set(c.id, h);
    this.checkedStreams.set(c.id, JSON.stringify(c.streams));
    if (state === 'down') {
      if (!this.downSince.has(c.id)) this.downSince.set(c.id, now);
    } else this.downSince.delete(c.id);
    if (before?.state !== h.state || before?.error !== h.error) this.onChanged();
    return h;
  }

  /**
   * One round over every camera (a few at a time, so 577 cameras do not open 577 sockets). Every
   * probe has a deadline (health.ts), so a round ends at the latest when its slowest probes hit
   * theirs, and the next scheduled round runs.
   */
  async checkAll(ids?: string[]): Promise<void> {
    if (this.round && !ids) return this.round;
    const cams = this.store.list().filter((c) => !ids || ids.includes(c.id));
    if (!ids) this.prune(cams);
    const run = (async () => {
      let next = 0;
      const worker = async () => {
        while (next < cams.length) await this.checkShared(cams[next++]!);
      };
      await Promise.all(Array.from({ length: Math.min(6, cams.length) }, worker));
    })();
    if (!ids) {
      this.round = run.finally(() => {
        this.round = null;
      });
      return this.round;
    }
    this.onDemand.add(run);
    void run.finally(() => this.onDemand.delete(run)).catch(() => undefined);
    return run;
  }

  /** checkCamera, shared while in flight and skipped when just done (see inFlight). */
  private checkShared(c: StoredCamera): Promise<CameraHealth> {
    const running = this.inFlight.get(c.id);
    if (running) return running;
    const last = this.health.get(c.id);
    const at = last?.checkedAt ? Date.parse(last.checkedAt) : NaN;
    // A check "in the future" was made before the clock stepped back (NTP): not recent. Taken as
    // recent, every round answered the old health, and a camera that died went unseen for the step.
    const age = this.now() - at;
    if (last && age >= 0 && age < RECHECK_MS && this.checkedStreams.get(c.id) === JSON.stringify(c.streams)) return Promise.resolve(last);
    const p = this.checkCamera(c).finally(() => {
      if (this.inFlight.get(c.id) === p) this.inFlight.delete(c.id);
    });
    this.inFlight.set(c.id, p);
    return p;
  }

  private prune(cams: StoredCamera[]): void {
    const ids = new Set(cams.map((c) => c.id));
    for (const id of this.health.keys()) if (!ids.has(id)) this.health.delete(id);
    for (const id of this.downSince.keys()) if (!ids.has(id)) this.downSince.delete(id);
    for (const key of this.memory.keys()) if (!ids.has(key.split('\u0000')[0]!)) this.memory.delete(key);
    for (const id of this.checkedStreams.keys()) if (!ids.has(id)) this.checkedStreams.delete(id);
  }
}
