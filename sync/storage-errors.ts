/**
 * A write failed because the disk is full: SQLite's SQLITE_FULL (also when the database reached
 * its size limit), an I/O error (SQLITE_IOERR_*, what a full disk often gives during a WAL write),
 * or the OS's ENOSPC / EDQUOT. The sync engine reports it as `disk_full`; the host pauses sync.
 */
export function isDiskFull(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT' || code.startsWith('SQLITE_IOERR');
}
