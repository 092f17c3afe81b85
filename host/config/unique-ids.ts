import type { z } from 'zod';

/**
 * Lists in the config file (feeds, cameras) are keyed by id once loaded: a feed's secrets are
 * `feed.<id>.token`, a camera's `camera:<id>:<role>`, console edits and the rewrite of inline
 * secrets find an entry by its id. Two entries with one id would silently become one (one
 * entry's token serving the other's server), so a repeated id is refused with the config.
 */
export interface DuplicateId {
  id: string;
  /** Index of the repeated entry. */
  index: number;
  /** Index of the first entry with that id. */
  first: number;
}

export function duplicateIds(items: readonly { id: string }[]): DuplicateId[] {
  const firstOf = new Map<string, number>();
  const out: DuplicateId[] = [];
  items.forEach((item, index) => {
    const first = firstOf.get(item.id);
    if (first === undefined) firstOf.set(item.id, index);
    else out.push({ id: item.id, index, first });
  });
  return out;
}

/** What the list holds, for the message: `{ vi: 'nguồn dữ liệu', en: 'feed' }`. */
export interface ListWords {
  /** The setting's name in the config file, e.g. "feeds". */
  list: string;
  vi: string;
  en: string;
}

export const duplicateIdMessage = (d: DuplicateId, w: ListWords) =>
  `id "${d.id}" đã có ở ${w.list}.${d.first}: mỗi ${w.vi} cần một id riêng / duplicate ${w.en} id "${d.id}" (${w.list}.${d.first} has it too): give each ${w.en} its own id`;

/** A superRefine for a config list: one issue at `<index>.id` per repeated id, so it is reported by path. */
export const refuseDuplicateIds =
  (w: ListWords) =>
  (items: readonly { id: string }[], ctx: z.RefinementCtx): void => {
    for (const d of duplicateIds(items)) ctx.addIssue({ code: 'custom', path: [d.index, 'id'], message: duplicateIdMessage(d, w) });
  };

export const FEED_LIST: ListWords = { list: 'feeds', vi: 'nguồn dữ liệu', en: 'feed' };
export const CAMERA_LIST: ListWords = { list: 'cameras', vi: 'camera', en: 'camera' };
