import { describe, expect, it } from 'vitest';
import { EPOCH_SECONDS_BELOW, normTime, utcTime } from '../../sync/text/source-time';

describe('normTime: a time as a source wrote it', () => {
  it('reads the spellings real servers write by default, each at its own instant', () => {
    const at = (s: unknown) => utcTime(s);
    // Each is 1 December 2026, 10:00 in Vietnam (03:00 UTC).
    const same = [
      '2026-12-01T10:00:00+07:00', // RFC 3339
      '2026-12-01T03:00:00Z',
      '2026-12-01t03:00:00z', // RFC 3339 allows lower case
      '2026-12-01 10:00:00+07:00', // RFC 3339's space, Python's str()
      '2026-12-01T10:00:00+0700', // PHP DATE_ISO8601, Java's Z pattern
      '2026-12-01 10:00:00 +0700', // Ruby's Time#to_s
      '2026-12-01 10:00:00+07', // PostgreSQL's text output
      '2026-12-01 03:00:00 UTC',
      '2026-12-01T10:00+07:00', // no seconds
      '2026-12-01T10:00:00', // no offset: the feed's zone (Vietnam's by default)
      'Tue, 01 Dec 2026 03:00:00 GMT', // RFC 7231, Flask's JSON
      '1 Dec 2026 10:00:00 +0700', // RFC 2822
      'tue, 01 dec 2026 03:00 UT',
      1796094000, // Unix seconds
      1796094000000, // Unix milliseconds (ArcGIS GeoJSON)
      '/Date(1796094000000)/', // Microsoft's JSON date (ASP.NET, WCF), "\/Date(…)\/" once parsed
      '/Date(1796094000000+0700)/', // with the server's offset
      '/Date(1796094000000-0300)/',
      new Date('2026-12-01T03:00:00Z'),
    ];
    for (const s of same) expect(at(s), JSON.stringify(s)).toBe('2026-12-01T03:00:00.000Z');
    expect(normTime('2026-12-01T10:00:00+0700')).toBe('2026-12-01T10:00:00+07:00');
    expect(normTime('2026-12-01 10:00:00+07')).toBe('2026-12-01T10:00:00+07:00');
    expect(normTime('2026-12-01t03:00:00z')).toBe('2026-12-01T03:00:00Z');
    expect(normTime('Tue, 01 Dec 2026 03:00:00 GMT')).toBe('2026-12-01T03:00:00Z');
    expect(normTime('2026-12-01T10:00:00.1234567-03:30')).toBe('2026-12-01T10:00:00.1234567-03:30');
    expect(normTime('2026-12-01', 'Z')).toBe('2026-12-01T00:00:00Z');
    expect(normTime('/Date(1796094000000+0700)/')).toBe('2026-12-01T10:00:00.000+07:00');
    expect(normTime(JSON.parse('"\\/Date(1796094000000)\\/"'))).toBe('2026-12-01T03:00:00.000Z');
    for (const no of ['/Date()/', '/Date(abc)/', '/Date(1796094000000+07)/', '/Date(1796094000000+2500)/', '/Date(999999999999999)/', 'Date(1796094000000)']) expect(normTime(no), no).toBeNull();
    expect(normTime('2026-12-01 10:00', '+05:30')).toBe('2026-12-01T10:00:00+05:30');
  });

  it('takes a number below 10^11 as Unix seconds and from it on as milliseconds', () => {
    expect(utcTime(EPOCH_SECONDS_BELOW - 1)).toBe('5138-11-16T09:46:39.000Z');
    expect(utcTime(EPOCH_SECONDS_BELOW)).toBe('1973-03-03T09:46:40.000Z');
    expect(utcTime(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(utcTime(-86400)).toBe('1969-12-31T00:00:00.000Z');
  });

  it('refuses a day, hour, minute or second the calendar does not have instead of rolling it into another', () => {
    for (const s of [
      '2026-02-29T10:00:00Z',
      '2100-02-29T10:00:00Z', // a century is no leap year…
      '2026-04-31T10:00:00Z',
      '2026-13-01T10:00:00Z',
      '2026-00-10T10:00:00Z',
      '2026-12-00T10:00:00Z',
      '2026-12-01T24:00:00Z',
      '2026-12-01T23:60:00Z',
      '2026-12-01T23:59:60Z',
      '2026-12-01T10:00:00+24:00',
      '2026-12-01T10:00:00+07:60',
      'Mon, 30 Feb 2026 10:00:00 GMT',
      'Mon, 01 Foo 2026 10:00:00 GMT',
    ]) {
      expect(normTime(s), s).toBeNull();
      expect(utcTime(s), s).toBeNull();
    }
    expect(utcTime('2000-02-29T10:00:00Z')).toBe('2000-02-29T10:00:00.000Z'); // …but every 400th is
    expect(utcTime('2028-02-29T10:00:00Z')).toBe('2028-02-29T10:00:00.000Z');
  });

  it('says "not a time" for anything else, never throws', () => {
    for (const v of [1e20, -1e20, 8.64e15 + 1, Infinity, NaN, new Date(NaN), '1796094000', '01/12/2026', '20/11/2026 08:00', 'hôm qua', '2026-12-01T10:00:00−07:00', ' '.repeat(100) + '2026-12-01', '2026-12-01T10:00:00Z'.padEnd(200, '0'), {}, [], true, null, undefined, '']) {
      expect(() => normTime(v)).not.toThrow();
      expect(normTime(v), String(v).slice(0, 40)).toBeNull();
    }
    // Years past 9999 are not a time either (the store keeps years 1–9998).
    expect(normTime(253402300800000)).toBeNull();
    expect(normTime(253402300799000)).toBe('9999-12-31T23:59:59.000Z');
  });
});
