import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { METHODS, mergeDistinct, type Methods } from '../../../host/api/contract';
import { coreMethods } from '../../../host/api/contract/core';
import { method, read, EVERY_ROLE } from '../../../host/api/contract/method';
import { HANDLERS } from '../../../host/api/handlers';
import { coreHandlers } from '../../../host/api/handlers/core';
import type { Handlers } from '../../../host/api/handlers/types';

describe('mergeDistinct (METHODS, HANDLERS)', () => {
  it('merges disjoint maps into one with every entry', () => {
    const merged = mergeDistinct({ a: { x: 1, y: 2 }, b: { z: 3 } });
    expect(merged).toEqual({ x: 1, y: 2, z: 3 });
  });

  it('throws on a name declared by two parts, naming it and both parts (a spread would let the second win)', () => {
    const shadow = { 'host.info': method<string>()(z.object({}), read(EVERY_ROLE)) };
    expect(() => mergeDistinct({ core: coreMethods, other: shadow })).toThrow(/'host\.info' is declared twice, in core and in other/);
  });

  it('the real METHODS and HANDLERS have every method exactly once, and a handler for each', () => {
    expect(Object.keys(HANDLERS).sort()).toEqual(Object.keys(METHODS).sort());
  });

  it('a handler map missing a method is a type error', () => {
    // Type-level: `npm run typecheck` fails if this line compiles, i.e. if the map stopped being exhaustive.
    // @ts-expect-error coreHandlers alone lacks every other area's methods
    const partial: Handlers<Methods> = mergeDistinct({ core: coreHandlers });
    expect(Object.keys(partial).length).toBeLessThan(Object.keys(METHODS).length);
  });
});
