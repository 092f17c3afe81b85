import { errors } from '../http/errors';

/**
 * JSON as servers write it. `JSON.parse` first; a body it refuses gets one repair pass outside
 * strings for what real servers write by default, then is parsed again:
 * - numbers with leading zeros (the Open311 GeoReport v2 spec samples have `"service_code":006`):
 *   identifiers, kept as strings with their zeros;
 * - `NaN`, `Infinity`, `-Infinity` (Python's `json.dumps` and every server built on it writes them
 *   for a missing measurement, pandas' NaN): no number, read as null, so the record they are in
 *   says its value is missing instead of the whole response being "not JSON";
 * - a comma before `]` or `}` (a GeoJSON or config file edited by hand and served as it is).
 * Anything else still makes the response "not valid JSON", old data kept.
 *
 * A whole number past 2^53 (a Snowflake-style or 64-bit database id) has no exact double: parsed,
 * 9007199254740993 becomes …992, and two records of neighbouring ids would be stored as one, or a
 * SensorThings link asked for another entity. Such numbers are kept as their exact digits (a
 * string, which ids are read as, and which readNumber reads as the same double where a quantity is
 * meant). Only bodies that hold such a run of digits pay for the reviver. A caller's own reviver
 * (`also`) runs after that step, on the value it left, and only when it runs.
 */
export function parseJsonLenient(text: string, what = 'JSON', also?: JsonReviver): unknown {
  const long = LONG_INTEGER.test(text) ? keepLongIntegers : undefined;
  // `also` learns about what the long-integer step changed, so it runs only where that step does
  // (a reviver on every page would cost every value of every page).
  const reviver: JsonReviver | undefined =
    also && long
      ? function (this: unknown, key, value, context) {
          return also.call(this, key, long(key, value, context), context);
        }
      : long;
  try {
    return JSON.parse(text, reviver);
  } catch {
    try {
      return JSON.parse(repairJson(text), reviver);
    } catch {
      // SDMX-ML, GML, an ArcGIS XML answer: the URL did not ask for JSON, and the fix is there.
      if (/^\s*</.test(text.slice(0, 1_000))) throw errors.xmlNotJson(what);
      throw errors.parse(what);
    }
  }
}

/**
 * A JSON.parse reviver with the source text of each primitive (V8 11.4+, Node 21+); `this` is the
 * object or array that holds the value. A caller's (`parseJsonLenient`'s `also`) learns what the
 * parsed value no longer says: the SensorThings adapter, whether an id was written as a number.
 */
export type JsonReviver = (this: unknown, key: string, value: unknown, context?: { source?: string }) => unknown;

/** A whole number of 16 or more digits somewhere in the text (in a string too: a false alarm costs only time). */
const LONG_INTEGER = /(?<![\d.eE])\d{16}/;

/** JSON.parse's reviver with the source text of each value (V8 11.4+, Node 21+). */
function keepLongIntegers(_key: string, value: unknown, context?: { source?: string }): unknown {
  if (typeof value !== 'number' || Number.isSafeInteger(value)) return value;
  const source = context?.source;
  return source !== undefined && /^-?\d+$/.test(source) ? source : value;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
/** Characters that may come just before a digit inside one JSON number. */
const inNumber = (c: number) => isDigit(c) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45;
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;
const NON_FINITE = ['-Infinity', 'Infinity', 'NaN'];

/** The repair pass of parseJsonLenient: linear, strings left as they are. */
export function repairJson(text: string): string {
  const parts: string[] = [];
  let last = 0;
  let inString = false;
  /** The last character outside strings but spaces (a string counts as its closing quote). */
  let prev = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
      continue;
    }
    const before = prev;
    if (!isSpace(c)) prev = c;
    if (c === 34) {
      inString = true;
      continue;
    }
    if (c === 48 && isDigit(text.charCodeAt(i + 1)) && !inNumber(text.charCodeAt(i - 1))) {
      let j = i;
      while (j < text.length && isDigit(text.charCodeAt(j))) j++;
      parts.push(text.slice(last, i), '"', text.slice(i, j), '"');
      last = j;
      i = j - 1;
      continue;
    }
    if (c === 78 || c === 73 || c === 45) {
      const word = NON_FINITE.find((w) => text.startsWith(w, i));
      if (word) {
        parts.push(text.slice(last, i), 'null');
        last = i + word.length;
        i = last - 1;
      }
      continue;
    }
    // Only a comma after a value: "[,]" and "[1,,]" stay errors.
    if (c === 44 && before !== 44 && before !== 91 && before !== 123) {
      let j = i + 1;
      while (j < text.length && isSpace(text.charCodeAt(j))) j++;
      const next = text.charCodeAt(j);
      if (next === 93 || next === 125) {
        parts.push(text.slice(last, i));
        last = i + 1;
      }
    }
  }
  parts.push(text.slice(last));
  return parts.join('');
}
