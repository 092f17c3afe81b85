import { createHash, randomBytes, randomInt } from 'node:crypto';

/**
 * Enrollment codes are read off one screen and typed on another: eight characters from an
 * alphabet without look-alikes (no 0/O, 1/I/L), shown as two groups, `K7QM-2XPA`. 31^8 ≈ 8.5e11
 * guesses, against 10 failures a minute per address and 15 minutes of life.
 */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export function newEnrollmentCode(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

/** What a person may type for a code: any case, spaces or dashes anywhere. */
export function normaliseCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

/** A node's credential: 32 random bytes, URL-safe, so it goes into URLs and sub-protocols unescaped. */
export function newCredential(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Codes and credentials are kept only as hashes. Both are long random strings, so a plain
 * SHA-256 suffices (no password stretching needed) and lookups stay an index probe.
 */
export function secretHash(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
