import { describe, expect, it } from 'vitest';
import { redact } from '../../sync/http/errors';
import { redactUrl, unmaskUrl, urlSecrets } from '../../sync/http/url';

describe('a URL outside its feed config', () => {
  it('keeps origin, path and parameter names; hides every query value, the userinfo and the fragment', () => {
    for (const [url, shown] of [
      ['https://lgsp.gov.vn/api?subscription-key=K1', 'https://lgsp.gov.vn/api?subscription-key=***'],
      ['https://x/?sig=K2&x-api-key=K3&appid=K4&access-token=K6', 'https://x/?sig=***&x-api-key=***&appid=***&access-token=***'],
      ['http://lgsp:PASSW0RD@h:8080/p?apikey=PROVINCE-KEY&empty=#tok', 'http://***@h:8080/p?apikey=***&empty=#***'],
      ['https://x/p?BAREKEY123', 'https://x/p?***'],
      ['https://x/plain/path', 'https://x/plain/path'],
      ['not a url?key=V', 'not a url?key=***'],
    ] as const) {
      expect(redactUrl(url)).toBe(shown);
      expect(redact(url)).toBe(shown);
    }
  });

  it('in a text, hides every URL the same way, known values, and key-like pairs outside URLs', () => {
    expect(redact('see https://x/a?subscription-key=K1&n=2 then sig=ABC and key VAL-99', ['VAL-99'])).toBe('see https://x/a?subscription-key=***&n=*** then sig=*** and key ***');
  });

  it('names the values a URL carries, as written and decoded; not the user name, nor short words', () => {
    expect(urlSecrets('https://lgsp:p%40ss@x/?a=KEY%2B12&format=json&b=SECOND-KEY')).toEqual(['p%40ss', 'p@ss', 'KEY%2B12', 'KEY+12', 'SECOND-KEY']);
  });

  it('takes a *** back from the stored URL on the same origin only, by name and occurrence; a typed value wins', () => {
    const prev = 'https://u:pw@x/q?k=SECRET&k=SECOND&format=json#frag';
    expect(unmaskUrl('https://***@x/q2?k=***&k=***&format=geojson#***', prev)).toBe('https://u:pw@x/q2?k=SECRET&k=SECOND&format=geojson#frag');
    expect(unmaskUrl('https://x/q?k=NEW', prev)).toBe('https://x/q?k=NEW');
    expect(unmaskUrl('https://evil/q?k=***', prev)).toBe('https://evil/q?k=***');
    expect(unmaskUrl('https://x/q?other=***', prev)).toBe('https://x/q?other=***');
  });
});
