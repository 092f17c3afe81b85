import { describe, expect, it } from 'vitest';
import { boundedJson, unstorableJson } from '../../sync/text/bounded-json';
import { charsetOf, decodeBody } from '../../sync/text/decode';
import { toPoint } from '../../sync/location';
import { SyncError } from '../../sync/http/errors';
import { parseJsonLenient, repairJson } from '../../sync/text/lenient-json';
import { encodeCodePage } from '../integration/support/code-page';
import { webPageTitle } from '../../sync/text/web-page';

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
  const name = 'Đèn đường hỏng ở phường Tân Phú';
  it('reads UTF-8 labelled as a single-byte charset (a server default) as UTF-8, not as Latin-1', () => {
    for (const label of ['ISO-8859-1', 'latin1', 'windows-1252', 'us-ascii', 'windows-1258']) {
      expect(decodeBody(Buffer.from(name), `application/json; charset=${label}`, 'x')).toBe(name);
    }
    // Text really in the labelled code page is read by it.
    expect(decodeBody(encodeCodePage(name), 'text/plain; charset=windows-1258', 'x').normalize('NFC')).toBe(name);
    expect(decodeBody(Buffer.from('café', 'latin1'), 'application/json; charset=ISO-8859-1', 'x')).toBe('café');
  });
  it('a byte-order mark names the encoding whatever the label says', () => {
    expect(decodeBody(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(name)]), 'application/json; charset=iso-8859-1', 'x')).toBe(name);
    expect(decodeBody(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(name, 'utf16le')]), 'application/json; charset=utf-8', 'x')).toBe(name);
    expect(decodeBody(Buffer.from(name, 'utf16le'), 'application/json; charset=utf-16le', 'x')).toBe(name);
  });
  it('a code page named by nobody is refused with the setting that fixes it; the setting reads it', () => {
    const body = encodeCodePage(`[{"title":"${name}"}]`);
    const e = (() => {
      try {
        decodeBody(body, 'application/json', 'Open311');
      } catch (err) {
        return err as SyncError;
      }
    })();
    expect(e).toBeInstanceOf(SyncError);
    expect(e!.en).toMatch(/not UTF-8 and the server names no charset.*"charset".*windows-1258/);
    expect(decodeBody(body, 'application/json', 'Open311', 'windows-1258').normalize('NFC')).toBe(`[{"title":"${name}"}]`);
    // A server's default label of UTF-8 on such a body is no better than none.
    expect(() => decodeBody(body, 'application/json; charset=utf-8', 'Open311')).toThrow(/not UTF-8/);
    // The setting also overrides a wrong label; valid UTF-8 stays UTF-8 under it.
    expect(decodeBody(body, 'application/json; charset=windows-1252', 'x', 'windows-1258').normalize('NFC')).toContain(name);
    expect(decodeBody(Buffer.from(name), 'application/json', 'x', 'windows-1258')).toBe(name);
  });
  it('UTF-8 with a few broken bytes (a string cut mid-letter) is read, each broken byte as U+FFFD', () => {
    const body = Buffer.concat([Buffer.from(`["${name}","`), Buffer.from('Đồng').subarray(0, 4), Buffer.from(`","${name}"]`)]);
    expect(JSON.parse(decodeBody(body, undefined, 'x'))).toEqual([name, 'Đ\uFFFD', name]);
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

describe('parseJsonLenient: JSON as servers write it', () => {
  it("reads NaN and ±Infinity (Python's json.dumps) as null, outside strings only", () => {
    expect(parseJsonLenient('{"a":NaN,"b":-Infinity,"c":Infinity,"d":"NaN","e":[NaN, 1]}')).toEqual({ a: null, b: null, c: null, d: 'NaN', e: [null, 1] });
  });
  it('drops a comma before ] or }, not one inside a string', () => {
    expect(parseJsonLenient('{"a":[1,2,\n ],"b":{"c":"x,]",},\t}')).toEqual({ a: [1, 2], b: { c: 'x,]' } });
    expect(parseJsonLenient('{"q":"say \\"NaN,}\\" 007",}')).toEqual({ q: 'say "NaN,}" 007' });
  });
  it('keeps leading-zero numbers as strings, with the rest of the repair', () => {
    expect(parseJsonLenient('[007, 1.05, 10, NaN,]')).toEqual(['007', 1.05, 10, null]);
    expect(repairJson('{"a":0,"b":0.5,"c":-0.5,"d":1e05}')).toBe('{"a":0,"b":0.5,"c":-0.5,"d":1e05}');
  });
  it('anything else is still not JSON', () => {
    for (const bad of ['{a:1}', "{'a':1}", '[1,,2]', '[,]', 'NaNa', '{"a":1}{"b":2}']) expect(() => parseJsonLenient(bad), bad).toThrow(SyncError);
  });
});

describe('webPageTitle: a web page where data was expected', () => {
  it('tells a page by its start, whatever the Content-Type, and gives its title on one line', () => {
    const f5 = '<html><head><title>Request Rejected</title></head><body>The requested URL was rejected. Please consult with your administrator.<br><br>Your support ID is: 1234</body></html>';
    expect(webPageTitle(f5)).toBe('Request Rejected');
    expect(webPageTitle('\uFEFF\n<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8"><title>\n  Đăng nhập &amp; xác thực &#8211; Cổng &#x110;T\n</title>')).toBe('Đăng nhập & xác thực – Cổng ĐT');
    expect(webPageTitle('<?xml version="1.0"?><!-- proxy --><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN"><html><body>Bảo trì</body></html>')).toBe('');
    expect(webPageTitle(`<html><title>${'x'.repeat(500)}</title>`)).toHaveLength(120);
  });
  it('data is not a page: JSON, CAP, Atom, RSS, Open311 XML, text mentioning html', () => {
    for (const body of ['[{"title":"<html>"}]', '<?xml version="1.0"?><alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"/>', '<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>', '<rss><channel/></rss>', '<service_requests/>', 'html is not here', '<htmlx>']) {
      expect(webPageTitle(body), body).toBeNull();
    }
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
