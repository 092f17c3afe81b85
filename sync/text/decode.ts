import { errors } from '../http/errors';

/**
 * The text of a response body, decoded by the charset its Content-Type names (RFC 8259 JSON is
 * UTF-8 when none is named; an XML body may name its encoding in its declaration instead). A
 * byte-order mark is dropped. A charset this runtime cannot decode is refused with its name, never
 * read as UTF-8 and stored garbled.
 */
export function decodeBody(body: Buffer, contentType: string | undefined, what: string): string {
  const label = charsetOf(contentType) ?? xmlDeclaredEncoding(body) ?? bomCharset(body) ?? 'utf-8';
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(label, { fatal: false });
  } catch {
    throw errors.charset(what, label);
  }
  // TextDecoder drops the BOM of its own encoding; a UTF-8 BOM under another label is dropped here.
  return decoder.decode(body).replace(/^\uFEFF/, '');
}

export function charsetOf(contentType: string | undefined): string | null {
  if (!contentType) return null;
  const m = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType);
  return m ? m[2]!.toLowerCase() : null;
}

function xmlDeclaredEncoding(body: Buffer): string | null {
  const head = body.subarray(0, 200).toString('latin1');
  const m = /^(?:\uFEFF|\xEF\xBB\xBF)?\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/.exec(head);
  return m ? m[1]!.toLowerCase() : null;
}

function bomCharset(body: Buffer): string | null {
  if (body.length >= 2 && body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  if (body.length >= 2 && body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  return null;
}
