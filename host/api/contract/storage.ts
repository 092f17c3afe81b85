import { z } from 'zod';
import { method, OPERATOR, read } from './method';

export interface DiskStatus {
  dir: string;
  freeBytes: number | null;
  warnBelowBytes: number;
  low: boolean;
  full: boolean;
  reason: string | null;
  since: string | null;
}

/** The data folder's health for the console's banner and about box. */
export interface StorageStatus {
  disk: DiskStatus;
  /** The banner's words, or null when all is well. */
  message: { vi: string; en: string } | null;
  logFile: string;
  lastBackup: { file: string; kind: string; at: string } | null;
  lastRetentionSweep: string | null;
}

export const storageMethods = {
  'storage.status': method<StorageStatus>()(z.object({}), read(OPERATOR)),
};

export interface StorageEvents {
  /** The disk became full or low on space, or recovered: the console re-asks storage.status. */
  'storage.changed': { at: string };
}
