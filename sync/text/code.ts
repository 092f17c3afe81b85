/**
 * How a code map (a feed's `statusMap`, `paramMap`, `valueMaps`) compares a source's word with its
 * keys. An installer copies a status word as a person writes it ("Đã xử lý") while the adapter
 * reads it lower-cased; a Vietnamese keyboard set to "Unicode tổ hợp", or a server on macOS, sends
 * "ồ" as "o" + two combining marks, which looks the same and equals nothing. So a key matches a
 * word when both are equal after this fold: one Unicode form (NFC), lower case, spaces trimmed and
 * runs of white space as one. Diacritics stay: "đã" and "da" are different words.
 */
export function foldCode(word: string): string {
  return word.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Pairs of keys of `map` that fold to the same code (a map with them would be ambiguous). */
export function clashingKeys(map: Record<string, unknown>): [string, string][] {
  const seen = new Map<string, string>();
  const out: [string, string][] = [];
  for (const k of Object.keys(map)) {
    const f = foldCode(k);
    const first = seen.get(f);
    if (first === undefined) seen.set(f, k);
    else out.push([first, k]);
  }
  return out;
}
