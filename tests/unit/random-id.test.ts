import { afterEach, describe, expect, it, vi } from 'vitest';
import { newId, randomUUID } from '../../base/random-id';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('random ids', () => {
  afterEach(() => vi.restoreAllMocks());

  it('are UUID v4 with a kind prefix, and do not repeat', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newId('p')));
    expect(ids.size).toBe(10_000);
    for (const id of [...ids].slice(0, 50)) expect(id).toMatch(new RegExp(`^p-${UUID_V4.source.slice(1)}`));
  });

  it('come from crypto, never Math.random', () => {
    const random = vi.spyOn(Math, 'random');
    randomUUID();
    expect(random).not.toHaveBeenCalled();
  });

  it('are still UUID v4 where crypto.randomUUID is missing (a page over plain HTTP is not a secure context)', () => {
    const c = globalThis.crypto as { randomUUID?: unknown };
    Object.defineProperty(c, 'randomUUID', { value: undefined, configurable: true });
    try {
      expect(c.randomUUID).toBeUndefined();
      const seen = new Set(Array.from({ length: 1000 }, () => randomUUID()));
      expect(seen.size).toBe(1000);
      for (const id of seen) expect(id).toMatch(UUID_V4);
    } finally {
      delete c.randomUUID; // the prototype's method again
    }
    expect(typeof globalThis.crypto.randomUUID).toBe('function');
  });
});
