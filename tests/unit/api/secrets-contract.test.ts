import { describe, expect, it } from 'vitest';
import { METHODS } from '../../../host/api/contract';

describe('secrets HostApi contract', () => {
  it('secrets.list/set/delete and feeds.save/delete/revert are admin-only (no wall, kiosk or console role)', () => {
    for (const m of ['secrets.list', 'secrets.set', 'secrets.delete', 'feeds.save', 'feeds.try', 'feeds.delete', 'feeds.revert'] as const) expect(METHODS[m].roles).toEqual([]);
    expect(METHODS['secrets.list'].mutates).toBe(false);
    expect(METHODS['secrets.set'].mutates).toBe(true);
  });

  it('secrets.set takes a value and origins; names and origins are checked', () => {
    const p = METHODS['secrets.set'].params;
    expect(p.safeParse({ name: 'hotline.apiKey', value: 'v' }).data).toEqual({ name: 'hotline.apiKey', value: 'v', origins: [] });
    expect(p.safeParse({ name: '../etc', value: 'v' }).success).toBe(false);
    expect(p.safeParse({ name: 'a', value: 'v', origins: ['file:///etc/passwd'] }).success).toBe(false);
    expect(p.safeParse({ name: 'a', value: '' }).success).toBe(false);
  });
});
