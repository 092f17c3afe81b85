/**
 * How much of a record's text a view sends. A source may put anything in a title, an address or a
 * description (a server's bug, a pasted document); the database keeps it whole (up to the sync's
 * MAX_RECORD_CHARS a record), but every display receives a map's 600 points and a desk's 450
 * reports at each refresh, so an answer carrying a 60 KB title per point would be tens of
 * megabytes on the one thread that serves them all. Cut text ends with "…", so a reader sees that
 * there is more. The cut is made here, not in SQL: substr() on every row cost the hotline views
 * 10–14 % more CPU (bench/views-ab.ts), and the sync's cap bounds what a row can hold.
 */
export const CUT = {
  /** A title, an address, an agency, a place's name: one line on a tile. */
  line: 200,
  /** A report's description in a panel's list. */
  description: 2_000,
  /** At the operator's desk, where the report is read in full before acting. */
  deskDescription: 8_000,
  /** One note of a report's history. */
  note: 2_000,
} as const;

/** The newest notes of a report that the desk lists. */
export const NOTES_SHOWN = 50;

/**
 * Text cut to `max` characters (code points), ending with … when cut; a cut never splits a
 * surrogate pair. Reads no further than the cut.
 */
export function cutText(s: string, max: number): string {
  if (s.length <= max) return s;
  const after = (from: number) => {
    const c = s.charCodeAt(from);
    return from + (c >= 0xd800 && c <= 0xdbff && from + 1 < s.length ? 2 : 1);
  };
  let keep = 0;
  for (let n = 0; n < max - 1; n++) keep = after(keep);
  const whole = keep < s.length ? after(keep) : keep;
  return whole >= s.length ? s : `${s.slice(0, keep)}…`;
}

/** A nullable text, cut. */
export const cutOrNull = (s: string | null, max: number): string | null => (s === null ? null : cutText(s, max));

/** A JSON value as display text: a string (cut), or null for anything else a source sent. */
export function textOf(v: unknown, max: number): string | null {
  return typeof v === 'string' && v !== '' ? cutText(v, max) : null;
}
