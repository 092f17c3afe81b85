import type { Dialog } from 'electron';
import { TIME_ZONE } from '../base/time-zone';
import { listBackups, restoreDatabase } from '../host/db/backup';
import { NewerDatabaseError } from '../host/db/migrate';

/**
 * An app older than its database (a downgrade by hand, or an older copy started on a newer data
 * folder) cannot run; instead of only exiting, it offers the backup the newer version made before
 * it migrated (backups/pre-migration/ioc-wall-schemaNNN-….db), which this version can open. The
 * newer database is kept beside it (restoreDatabase renames it), so nothing is lost for good.
 */

export interface RestoreOffer {
  file: string;
  schema: number;
  at: Date;
}

/** The newest pre-migration backup whose schema this app knows. */
export function restorableBackup(backupsDir: string, known: number): RestoreOffer | null {
  for (const b of listBackups(backupsDir)) {
    if (b.kind !== 'pre-migration') continue;
    const schema = Number(/schema(\d+)/.exec(b.file)?.[1] ?? NaN);
    if (Number.isInteger(schema) && schema > 0 && schema <= known) return { file: b.file, schema, at: b.at };
  }
  return null;
}

export type NewerDatabaseOutcome = 'restored' | 'quit';

export async function offerRestore(deps: {
  error: NewerDatabaseError;
  dataDir: string;
  backupsDir: string;
  dialog: Pick<Dialog, 'showMessageBox' | 'showErrorBox'>;
  log?: (m: string) => void;
}): Promise<NewerDatabaseOutcome> {
  const { error } = deps;
  const offer = restorableBackup(deps.backupsDir, error.known);
  const title = 'IOC Wall';
  if (!offer) {
    deps.dialog.showErrorBox(
      title,
      `Cơ sở dữ liệu do phiên bản IOC Wall mới hơn tạo (lược đồ ${error.found}, phiên bản này biết đến ${error.known}) và không có bản sao lưu trước khi nâng cấp.\n` +
        `The database was written by a newer IOC Wall (schema ${error.found}; this version knows up to ${error.known}) and there is no backup from before that upgrade.\n\n` +
        'Cài lại phiên bản mới hơn / Install the newer version again.',
    );
    return 'quit';
  }
  const when = offer.at.toLocaleString('vi-VN', { timeZone: TIME_ZONE });
  const answer = await deps.dialog.showMessageBox({
    type: 'warning',
    title,
    message: 'Cơ sở dữ liệu mới hơn phần mềm / The database is newer than this app',
    detail:
      `Phiên bản IOC Wall mới hơn đã nâng cấp cơ sở dữ liệu (lược đồ ${error.found}); phiên bản này biết đến lược đồ ${error.known}.\n` +
      `Có thể khôi phục bản sao lưu tạo lúc ${when}, trước khi nâng cấp (mọi thay đổi sau thời điểm đó sẽ không có; cơ sở dữ liệu hiện tại được giữ lại bên cạnh).\n\n` +
      `A newer IOC Wall upgraded the database (schema ${error.found}); this version knows up to ${error.known}. ` +
      `The backup made before that upgrade (${when}) can be restored: changes since then will be missing, and the current database is kept beside it.\n\n${offer.file}`,
    buttons: ['Khôi phục bản sao lưu / Restore the backup', 'Thoát / Quit'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  });
  if (answer.response !== 0) return 'quit';
  try {
    const r = restoreDatabase(deps.dataDir, offer.file);
    deps.log?.(`[electron] restored ${r.restoredFrom}; the newer database is kept as ${r.previousSavedAs}`);
    return 'restored';
  } catch (err) {
    deps.dialog.showErrorBox(title, `Không khôi phục được / The restore failed: ${(err as Error).message}`);
    return 'quit';
  }
}

/** The start was given up after a message the person already saw: exit without another box. */
export class StartAbandoned extends Error {
  override name = 'StartAbandoned';
}

/** Starts; a NewerDatabaseError offers the restore, and a restored folder is started once more. */
export async function startOrOfferRestore<T>(start: () => Promise<T>, deps: Omit<Parameters<typeof offerRestore>[0], 'error'>): Promise<T> {
  try {
    return await start();
  } catch (err) {
    if (!(err instanceof NewerDatabaseError)) throw err;
    if ((await offerRestore({ ...deps, error: err })) !== 'restored') throw new StartAbandoned(err.message);
    return start();
  }
}
