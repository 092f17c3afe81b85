/**
 * The text of a layouts file an operator picked. `File.text()` reads every file as UTF-8 and puts
 * U+FFFD for bytes that are not: a file saved by Notepad as "ANSI" (windows-1258 on a Vietnamese
 * Windows, Notepad's default before 2019) parsed as JSON all the same, and its preset names were
 * imported as "T?ng quan" without a word; one saved as "Unicode" (UTF-16) was "not JSON" with a
 * parser's message about a token. So: a byte-order mark names the encoding (UTF-8, UTF-16 LE or
 * BE, as Notepad writes them); without one the file must be UTF-8, else it is refused with what to
 * do.
 */
export type FileText = { ok: true; text: string } | { ok: false; problem: 'notUtf8' };

export function fileText(bytes: Uint8Array): FileText {
  const bom = bomEncoding(bytes);
  if (bom) return { ok: true, text: new TextDecoder(bom).decode(bytes) };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, problem: 'notUtf8' };
  }
}

function bomEncoding(b: Uint8Array): string | null {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  return null;
}
