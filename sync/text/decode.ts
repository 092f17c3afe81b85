import { isUtf8 } from 'node:buffer';
import { errors } from '../http/errors';

/**
 * The text of a response body. In order:
 * 1. a byte-order mark names the encoding, whatever the headers say (as browsers read a page);
 * 2. a body that is valid UTF-8 is UTF-8 even when labelled as a single-byte charset: servers
 *    label by their defaults, not their data (Apache's `AddDefaultCharset ISO-8859-1`, Tomcat's
 *    ISO-8859-1 for text/*), and valid UTF-8 is, in practice, never Latin-1 or windows-1258 text —
 *    every byte from C2 on would have to be followed by exactly the right number of 80–BF bytes.
 *    Read by the label it turned "Đồng Xoài" into "Äá»“ng XoÃ i", stored without a word;
 * 3. the charset the feed's settings name (`charset`: for a server that labels its legacy text
 *    wrongly or not at all), else the Content-Type's, else an XML declaration's;
 * 4. UTF-8 (RFC 8259), named or not, unless most of the body's non-ASCII text is not UTF-8: then
 *    it is some legacy code page nobody named (or one labelled UTF-8 by a server's default), refused with the setting that fixes it. A few broken bytes in
 *    UTF-8 text (a server cutting a string mid-letter) are read as U+FFFD and the rest kept.
 * A charset this runtime cannot decode is refused with its name, never read as UTF-8 and stored
 * garbled.
 */
export function decodeBody(body: Buffer, contentType: string | undefined, what: string, feedCharset?: string): string {
  const bom = bomCharset(body);
  if (bom) return decoderFor(bom, what).decode(body);
  const label = feedCharset ?? charsetOf(contentType) ?? xmlDeclaredEncoding(body);
  const decoder = label ? decoderFor(label, what) : null;
  // A UTF-8 label is no more than the default: its body is checked as an unlabelled one.
  if (decoder && decoder.encoding !== 'utf-8') {
    return !READ_AS_LABELLED.has(decoder.encoding) && isUtf8(body) ? body.toString('utf8') : decoder.decode(body);
  }
  const text = body.toString('utf8');
  if (!isUtf8(body) && mostlyNotUtf8(text)) throw errors.notUtf8(what);
  return text;
}

/**
 * Labels kept even for a body that is valid UTF-8: the UTF-16 forms, and the East Asian multi-byte
 * encodings, whose text can be valid UTF-8 by chance (ISO-2022-JP is 7-bit throughout).
 */
const READ_AS_LABELLED = new Set(['utf-16le', 'utf-16be', 'iso-2022-jp', 'shift_jis', 'euc-jp', 'euc-kr', 'gbk', 'gb18030', 'big5']);

function decoderFor(label: string, what: string): InstanceType<typeof TextDecoder> {
  try {
    return new TextDecoder(label, { fatal: false });
  } catch {
    throw errors.charset(what, label);
  }
}

/** Whether a charset label (a feed's `charset` setting) is one this runtime decodes. */
export function knownCharset(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

/** Over half of the non-ASCII characters read as U+FFFD: the body is in a code page, not UTF-8 with a slip. */
function mostlyNotUtf8(text: string): boolean {
  let bad = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c === 0xfffd) bad++;
    else other++;
  }
  return bad > other;
}

export function charsetOf(contentType: string | undefined): string | null {
  if (!contentType) return null;
  const m = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType);
  return m ? m[2]!.toLowerCase() : null;
}

function xmlDeclaredEncoding(body: Buffer): string | null {
  const head = body.subarray(0, 200).toString('latin1');
  const m = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/.exec(head);
  return m ? m[1]!.toLowerCase() : null;
}

function bomCharset(body: Buffer): string | null {
  if (body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  if (body.length >= 2 && body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  if (body.length >= 2 && body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  return null;
}
