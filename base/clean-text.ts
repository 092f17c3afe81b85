/**
 * Text that came from outside (a source's record, a config file, an operator's form, a layout
 * file) as we store and show it. One function for every side: sync/ cleans what sources send with
 * it (sync/adapters/util.ts toStr), layouts/ and the feed config clean names with it.
 */

/**
 * Control characters (C0 but tab and line breaks, DEL, C1), the bidirectional embeddings,
 * overrides and isolates, and lone surrogates. None is text a person wrote: an override (U+202E)
 * turns the words after it around wherever the text is shown beside others (a list line, an
 * alert's detail, "gnp.exe" read as "exe.png"), a NUL cuts the text short in logs and exports, and
 * a lone surrogate half of a pair is not a character at all (SQLite stores it as U+FFFD, JSON
 * encoders refuse or mangle it). A surrogate pair (an emoji) is kept whole.
 */
const UNPRINTABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Trimmed, printable, in one Unicode form (NFC: "ồ" precomposed and decomposed must group, match
 * and search as one; see sync/text/code.ts). '' when nothing printable is left.
 */
export function cleanText(value: string): string {
  return value.replace(UNPRINTABLE, '').trim().normalize('NFC');
}
