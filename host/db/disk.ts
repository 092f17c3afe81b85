import { statfsSync } from 'node:fs';
import { isDiskFull } from '../../sync/storage-errors';
import type { DiskStatus } from '../api/contract/storage';

/**
 * The data folder's disk. Two conditions, each shown in the console (a banner) and by `doctor`:
 * - low: free space under the configured threshold (default 1 GB), checked every minute;
 * - full: a write failed for lack of space (SQLITE_FULL, an I/O error, ENOSPC). Sync pauses —
 *   its writes would fail anyway — while the screens keep serving what the database holds. The
 *   first check that finds more free space than at the failure by a margin (`roomMargin`: 64 MB,
 *   or a tenth of the database when that is more; at most a quarter of the disk) lifts the pause,
 *   whatever the warning threshold: a machine that always runs under it must not stay paused.
 */

export type { DiskStatus };

export { isDiskFull };

const MARGIN_MIN = 64 * 1024 * 1024;

/** How much more than at the failure must be free before writes are tried again. */
export function roomMargin(dbBytes: number, diskBytes: number | null): number {
  const want = Math.max(MARGIN_MIN, Math.round(dbBytes / 10));
  return diskBytes === null ? want : Math.min(want, Math.round(diskBytes / 4));
}

/** Bytes of the file system holding `dir` (its size, or what this user may still write), or null. */
function fsBytes(dir: string, what: 'total' | 'free'): number | null {
  try {
    const s = statfsSync(dir);
    return (what === 'total' ? s.blocks : s.bavail) * s.bsize;
  } catch {
    return null;
  }
}

/** Size of the file system holding `dir`. */
export const totalBytes = (dir: string): number | null => fsBytes(dir, 'total');

/** What this user may still write on the file system holding `dir`. */
export const freeBytes = (dir: string): number | null => fsBytes(dir, 'free');

/** Words for the reason of a failed write: its code and message. */
export const failureText = (err: unknown) => `${(err as { code?: string }).code ?? ''} ${(err as Error).message ?? String(err)}`.trim();

export const gb = (n: number) => `${(n / 1024 ** 3).toFixed(1)} GB`;

export class DiskWatch {
  private state: DiskStatus;
  private timer: NodeJS.Timeout | null = null;
  /** Free space when the failure came: room is back only once more than that is free. */
  private freeAtFull: number | null = null;

  constructor(
    dir: string,
    warnBelowBytes: number,
    private readonly onChange: (s: DiskStatus) => void = () => undefined,
    private readonly now: () => Date = () => new Date(),
    private readonly free: (dir: string) => number | null = freeBytes,
    private readonly sizes: { dbBytes?: () => number; total?: (dir: string) => number | null } = {},
  ) {
    // The first look sets the state without a change to report: the owner reads status() itself.
    const bytes = this.free(dir);
    this.state = { dir, freeBytes: bytes, warnBelowBytes, low: bytes !== null && bytes < warnBelowBytes, full: false, reason: null, since: null };
  }

  status(): DiskStatus {
    return { ...this.state };
  }

  get full(): boolean {
    return this.state.full;
  }

  /** Looks at the free space; lifts `full` when there is room again. */
  check(): DiskStatus {
    const free = this.free(this.state.dir);
    const low = free !== null && free < this.state.warnBelowBytes;
    const next = { ...this.state, freeBytes: free, low };
    const roomAgain = free !== null && free >= (this.freeAtFull ?? 0) + this.margin();
    if (next.full && roomAgain) Object.assign(next, { full: false, reason: null, since: null });
    this.set(next);
    return this.status();
  }

  private margin(): number {
    let db = 0;
    try {
      db = this.sizes.dbBytes?.() ?? 0;
    } catch {
      // no database file to measure
    }
    return roomMargin(db, (this.sizes.total ?? totalBytes)(this.state.dir));
  }

  /** A write failed for lack of space: pause what writes until a check finds room. */
  markFull(reason: string): void {
    if (this.state.full) return;
    this.freeAtFull = this.free(this.state.dir);
    this.set({ ...this.state, full: true, reason, since: this.now().toISOString() });
  }

  /** Every minute (unref'd: never keeps a process alive). */
  start(everyMs = 60_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.check(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private set(next: DiskStatus): void {
    const changed = next.full !== this.state.full || next.low !== this.state.low;
    this.state = next;
    if (changed) this.onChange(this.status());
  }
}

/** The one-line words for a person (console banner, doctor), Vietnamese first. */
export function diskMessage(s: DiskStatus): { vi: string; en: string } | null {
  if (s.full) {
    return {
      vi: `Ổ đĩa đầy: không ghi được dữ liệu mới (${s.dir}). Đồng bộ tạm dừng; màn hình vẫn hiển thị dữ liệu đã có. Giải phóng dung lượng ổ đĩa.`,
      en: `Disk full: new data cannot be written (${s.dir}). Sync is paused; the screens keep showing what is stored. Free some disk space.`,
    };
  }
  if (s.low && s.freeBytes !== null) {
    return {
      vi: `Ổ đĩa sắp đầy: còn ${gb(s.freeBytes)} (${s.dir}), dưới ngưỡng ${gb(s.warnBelowBytes)}. Hãy giải phóng dung lượng.`,
      en: `Disk almost full: ${gb(s.freeBytes)} free (${s.dir}), under the ${gb(s.warnBelowBytes)} threshold. Free some space.`,
    };
  }
  return null;
}
