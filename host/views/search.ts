import type Database from 'better-sqlite3';
import { foldForSearch } from '../../base/search-text';
import type { DomainId } from '../../domains';
import type { QueueItem } from '../../domains/views';
import { stmt } from '../db/statements';
import { cols, queueItems, type QueueRow } from './queue';
import { ViewError } from './sql';

/**
 * Finding a report at the desk: its number, words of its title or its street, typed the way
 * people type in Vietnam, often without diacritics. The index (events_search, migration 015) is
 * FTS5's unicode61 with the marks dropped, which keeps "đ" as a letter of its own; the query is
 * folded the same way (foldForSearch, which writes "đ" as "d"), and each word that has a "d" asks
 * for every spelling of it with "đ", so "dong xoai" finds "Đồng Xoài" and "đường" finds "duong".
 * Every word must match, each as the start of a word in the text ("den duo" finds "Đèn đường").
 */

/** At most this many words of a query count; a "d" word asks for at most 2^MAX_D spellings. */
const MAX_WORDS = 8;
const MAX_D = 3;

/** Each spelling of a folded word with "đ" for some of its "d"s (the first MAX_D of them). */
function spellings(word: string): string[] {
  let out = [''];
  let ds = 0;
  for (const ch of word) {
    const forms = ch === 'd' && ds++ < MAX_D ? ['d', 'đ'] : [ch];
    out = out.flatMap((p) => forms.map((f) => p + f));
  }
  return out;
}

/** The FTS5 MATCH expression for what an operator typed, or null when nothing can be searched. */
export function searchMatch(query: string): string | null {
  // The tokenizer's own split: letters and digits make words, everything else separates them.
  const words = foldForSearch(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '')
    .slice(0, MAX_WORDS);
  if (words.length === 0) return null;
  // Words are letters and digits only, so quoting each as a string needs no escaping.
  return words.map((w) => `(${spellings(w).map((s) => `"${s}"*`).join(' OR ')})`).join(' AND ');
}

export interface EventSearch {
  domain: DomainId;
  q: string;
  /** A district's GSO code: only its reports. */
  areaId?: string;
  limit: number;
  now?: Date;
}

/** The reports that match, open ones first (most urgent first), then settled ones (latest first). */
export function searchEvents(db: Database.Database, s: EventSearch): QueueItem[] {
  const match = searchMatch(s.q);
  if (!match) return [];
  const area = s.areaId ? ' AND area_id = ?' : '';
  let rows: QueueRow[];
  try {
    rows = stmt(
      db,
      `SELECT ${cols(null)} FROM events
       WHERE rowid IN (SELECT rowid FROM events_search WHERE events_search MATCH ?) AND domain = ?${area}
       ORDER BY closed_at IS NOT NULL, CASE WHEN closed_at IS NULL THEN coalesce(due_at, '9999') END, closed_at DESC
       LIMIT ?`,
    ).all(match, s.domain, ...(s.areaId ? [s.areaId] : []), s.limit) as QueueRow[];
  } catch (e) {
    // FTS5 refusing the expression: none is known (every code point was tried inside a word,
    // and a word the tokenizer cuts in two is asked as a phrase, which the index's positions
    // answer), but should one come, the operator is told to type it another way.
    if (e instanceof Error && /fts5/i.test(e.message)) throw new ViewError('invalid_params', `Không tìm được với "${s.q.slice(0, 80)}": thử gõ từ khác / Cannot search for "${s.q.slice(0, 80)}": try other words`);
    throw e;
  }
  return queueItems(db, s.domain, rows, null, s.now ?? new Date());
}
