/**
 * Numbers a source writes as text, in the convention its people write them. A spreadsheet made in
 * Vietnam and loaded into CKAN as text writes a population as "1.234.567" and a rate as "12,5";
 * read as JSON numbers are, "1.234" is one and a quarter, not one thousand two hundred and
 * thirty-four — no error, a figure a thousand times too small. A feed's mapping says which
 * convention its text follows (`numberFormat`):
 * - `plain` (default): digits with a "." for decimals, no grouping ("1234567.5", "-3e2");
 * - `vi`: "." groups thousands and "," marks decimals ("1.234.567,5", "12,5", "1234,5");
 * - `en`: "," groups thousands and "." marks decimals ("1,234,567.5").
 * Grouped digits must come in threes: "1.23" in `vi` is not a number (quarantined with its value),
 * rather than a guess. A JSON number is taken as it is whatever the format.
 */
export const NUMBER_FORMATS = ['plain', 'vi', 'en'] as const;
export type NumberFormat = (typeof NUMBER_FORMATS)[number];

// Linear on any text: the digits before and after the point cannot be split two ways (the old
// /\d+\.?\d*/ could, and took 1.2 s on 30,000 digits followed by a letter).
const PLAIN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Far past any number a source writes (a whole double has at most 309 digits). */
const MAX_CHARS = 1000;
const GROUPED = {
  vi: /^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$/,
  en: /^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/,
} as const;

export function readNumber(value: unknown, format: NumberFormat = 'plain'): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const s = value.trim();
  if (s === '' || s.length > MAX_CHARS) return null;
  let text = s;
  if (format !== 'plain') {
    if (!GROUPED[format].test(s)) return null;
    const [group, decimal] = format === 'vi' ? ['.', ','] : [',', '.'];
    text = s.split(group).join('').replace(decimal, '.');
  } else if (!PLAIN.test(s)) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}
