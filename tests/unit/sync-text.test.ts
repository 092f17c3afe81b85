import { describe, expect, it } from 'vitest';
import { boundedJson, unstorableJson } from '../../sync/text/bounded-json';
import { charsetOf, decodeBody } from '../../sync/text/decode';
import { toPoint } from '../../sync/location';
import { SyncError } from '../../sync/http/errors';

describe('boundedJson / unstorableJson: any depth, any size', () => {
  const deep = (n: number) => {
    let v: unknown = [];
    for (let i = 0; i < n; i++) v = { a: v };
    return v;
  };
  it('writes JSON as JSON.stringify does for ordinary values', () => {
    const v = { a: [1, 'x', null, true], b: { c: 'é"' } };
    expect(boundedJson(v)).toBe(JSON.stringify(v));
  });
  it('cuts depth and length instead of overflowing the stack', () => {
    expect(() => JSON.stringify(deep(200_000))).toThrow(/call stack/);
    const s = boundedJson(deep(200_000), 4_000, 32);
    expect(s.length).toBeLessThanOrEqual(4_001);
    expect(s).toContain('"…"');
    expect(boundedJson('x'.repeat(10_000), 100)).toHaveLength(101);
    expect(boundedJson(Array.from({ length: 1e6 }, (_, i) => i), 50).endsWith('…')).toBe(true);
  });
  it('says why a value cannot be stored', () => {
    expect(unstorableJson(deep(10))).toBeNull();
    expect(unstorableJson(deep(200_000))).toBe('nested deeper than 64 levels');
    expect(unstorableJson({ n: 1n })).toBe('a bigint has no JSON form');
  });
});

describe('decodeBody', () => {
  it('reads the charset parameter, quoted or not, and drops a BOM', () => {
    expect(charsetOf('application/json; charset="UTF-8"')).toBe('utf-8');
    expect(decodeBody(Buffer.from('\uFEFF[1]'), 'application/json', 'x')).toBe('[1]');
    expect(decodeBody(Buffer.from([0xd0, 0xe0]), 'text/plain; charset=windows-1258', 'x')).toBe('Đà'); // Vietnamese Windows code page
    expect(decodeBody(Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a>\xe9</a>', 'latin1'), 'text/xml', 'x')).toContain('é');
  });
  it('refuses an unknown charset by name', () => {
    const e = (() => {
      try {
        decodeBody(Buffer.from('[]'), 'application/json; charset=ebcdic-vn', 'CKAN');
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(SyncError);
    expect((e as SyncError).vi).toContain('"ebcdic-vn"');
  });
});

describe('toPoint', () => {
  it('(0, 0), out of range and non-numbers are no location', () => {
    expect(toPoint(0, 0)).toBeNull();
    expect(toPoint('0.0', '0.0')).toBeNull();
    expect(toPoint(95, 10)).toBeNull();
    expect(toPoint(10, 181)).toBeNull();
    expect(toPoint('abc', 10)).toBeNull();
    expect(toPoint(null, 10)).toBeNull();
    expect(toPoint('11.5', 106.9)).toEqual({ lat: 11.5, lon: 106.9 });
    expect(toPoint(0, 106.9)).toEqual({ lat: 0, lon: 106.9 });
  });
});
