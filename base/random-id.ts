/**
 * Random ids made on a client (layouts, schedule entries, playlists) that must not collide with
 * another console's. `crypto.randomUUID` exists only in secure contexts (HTTPS, localhost, app://)
 * and Node; a console opened over plain HTTP on the LAN is not one, so there the same UUID v4 is
 * built from `getRandomValues`, which every context has.
 */
export function randomUUID(): string {
  const c = globalThis.crypto;
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40; // version 4
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC 9562 variant
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** `prefix-<uuid>`: the prefix says what kind of thing the id names ('p' preset, 'e' entry, 'pl' playlist). */
export function newId(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}
