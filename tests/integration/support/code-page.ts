/** Vietnamese tone marks (grave, acute, tilde, hook above, dot below), written after the letter. */
const TONE_MARKS = new Set(['\u0300', '\u0301', '\u0303', '\u0309', '\u0323']);

/**
 * Text as a legacy single-byte code page writes it (windows-1258, Vietnam's Windows code page), for
 * servers that still send it. Node encodes only UTF-8, so the byte of each character is found by
 * decoding every byte: a Vietnamese letter the code page has no single byte for is written as its
 * base letter (with circumflex, breve or horn, which windows-1258 has) and then its tone mark, as
 * Windows writes it.
 */
export function encodeCodePage(text: string, label = 'windows-1258'): Buffer {
  const decoder = new TextDecoder(label);
  const byteOf = new Map<string, number>();
  for (let b = 0; b < 256; b++) byteOf.set(decoder.decode(Uint8Array.of(b)), b);
  const out: number[] = [];
  const need = (c: string) => {
    const b = byteOf.get(c);
    if (b === undefined) throw new Error(`${label} has no byte for ${JSON.stringify(c)}`);
    out.push(b);
  };
  for (const letter of text.normalize('NFC')) {
    if (byteOf.has(letter)) {
      need(letter);
      continue;
    }
    // The letter with its circumflex, breve or horn as one byte, then its tone mark.
    const marks = [...letter.normalize('NFD')];
    const tones = marks.filter((m) => TONE_MARKS.has(m));
    need(marks.filter((m) => !TONE_MARKS.has(m)).join('').normalize('NFC'));
    tones.forEach(need);
  }
  return Buffer.from(out);
}
