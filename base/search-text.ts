/**
 * Searching names the way people in Vietnam type: often without diacritics ("dong xoai" for
 * "Đồng Xoài", on a keyboard without a Vietnamese input method or in a hurry), and with either
 * Unicode form of a letter (a keyboard set to "Unicode tổ hợp" sends "ồ" as three code points).
 * Both the query and the text are folded: decomposed, combining marks dropped, "đ" as "d", lower
 * case, runs of spaces as one; the text matches when it contains the query.
 */
export function foldForSearch(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * A test of whether any of an item's texts contains `query` once both are folded (the query is
 * folded once, for a whole list); an empty query matches all.
 */
export function searchMatcher(query: string): (...texts: string[]) => boolean {
  const q = foldForSearch(query);
  return (...texts) => q === '' || texts.some((t) => foldForSearch(t).includes(q));
}
