import { describe, expect, it } from 'vitest';
import { actionsEndpointSchema, feedConfigSchema } from '../../sync/feeds/config';

const feed = (over: Record<string, unknown>) => ({ id: 'h', domain: 'hotline', adapter: 'open311', url: 'https://dvc.binhphuoc.gov.vn/open311/v2/requests.json', ...over });
const problems = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  r.success ? [] : r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

describe('a feed whose settings could not make a request is refused when saved', () => {
  it('takes http and https addresses only, for the feed, its proxy, its token and the actions endpoint', () => {
    expect(feedConfigSchema.safeParse(feed({})).success).toBe(true);
    expect(feedConfigSchema.safeParse(feed({ url: 'http://127.0.0.1:8080/x', proxy: 'http://proxy.tinh.gov.vn:3128' })).success).toBe(true);
    for (const url of ['demo:hotline:1', 'file:///etc/passwd', 'javascript:alert(1)', 'ftp://a.b/c', 'rtsp://cam/1']) {
      expect(problems(feedConfigSchema.safeParse(feed({ url }))), url).toEqual(['url: an http:// or https:// address is needed']);
      expect(problems(feedConfigSchema.safeParse(feed({ proxy: url }))), url).toEqual(['proxy: an http:// or https:// address is needed']);
      expect(problems(actionsEndpointSchema.safeParse({ url })), url).toEqual(['url: an http:// or https:// address is needed']);
    }
    const oauth = { type: 'oauth2ClientCredentials', tokenUrl: 'file:///t', clientId: 'c', clientSecret: 's' };
    expect(problems(feedConfigSchema.safeParse(feed({ auth: oauth })))).toEqual(['auth.tokenUrl: an http:// or https:// address is needed']);
  });

  it('refuses header names and values HTTP cannot carry, and a basic-auth user name with a colon', () => {
    expect(feedConfigSchema.safeParse(feed({ auth: { type: 'apiKey', header: 'X-Api-Key', value: 'K-1 2/3+=' } })).success).toBe(true);
    expect(feedConfigSchema.safeParse(feed({ auth: { type: 'apiKey', header: 'X-Api-Key', value: 'secret:feed.hotline.apiKey' } })).success).toBe(true);
    expect(problems(feedConfigSchema.safeParse(feed({ auth: { type: 'apiKey', header: 'X Api Key', value: 'k' } })))).toEqual([
      'auth.header: a header name: letters, digits and - only, no spaces',
    ]);
    for (const bad of ['k\n', 'k\r\nX-Evil: 1', 'k\u0000', 'Đồng']) {
      expect(problems(feedConfigSchema.safeParse(feed({ auth: { type: 'bearer', token: bad } }))), JSON.stringify(bad)).toEqual([
        'auth.token: no line breaks, control characters or letters beyond Latin-1 (a key or token is plain ASCII)',
      ]);
    }
    expect(problems(feedConfigSchema.safeParse(feed({ auth: { type: 'basic', username: 'a:b', password: 'p:q' } })))).toEqual(['auth.username: a user name without ":"']);
  });
});

describe('a code map compares words ignoring case, spacing and Unicode form', () => {
  it('refuses two keys that are one code, naming both, in every code map', () => {
    const nfd = 'Đã xử lý'.normalize('NFD');
    expect(problems(feedConfigSchema.safeParse(feed({ options: { statusMap: { 'Đã xử lý': 'resolved', [nfd]: 'closed' } } })))).toEqual([
      `options.statusMap.${nfd}: option "statusMap": "Đã xử lý" and "${nfd}" are the same code (codes are compared ignoring case, spacing and Unicode form); keep one`,
    ]);
    expect(problems(feedConfigSchema.safeParse(feed({ adapter: 'sensorthings', options: { paramMap: { 'PM2.5': 'pm25', ' pm2.5 ': 'pm10' } } })))).toHaveLength(1);
    expect(problems(feedConfigSchema.safeParse(feed({ adapter: 'ckan', mapping: { kind: 'event', valueMaps: { status: { 'Mới  tiếp nhận': 'received', 'mới tiếp nhận': 'x' } } } })))).toEqual([
      'mapping.valueMaps.status.mới tiếp nhận: mapping.valueMaps: "Mới  tiếp nhận" and "mới tiếp nhận" are the same code (codes are compared ignoring case, spacing and Unicode form); keep one',
    ]);
    // Different words stay different: diacritics are part of a word.
    expect(feedConfigSchema.safeParse(feed({ options: { statusMap: { 'đã xử lý': 'resolved', 'da xu ly': 'resolved' } } })).success).toBe(true);
  });
});

describe('durations and sizes have a ceiling (M4)', () => {
  // 9e15 ms is past the last date a Date can hold (8.64e15), and 3e9 ms past the longest timer
  // Node keeps (2^31−1 ms, about 24.8 days): both used to be accepted and then broke every run.
  it('refuses an interval over 7 days, a timeout over 10 minutes and a body cap over 256 MB, saying the limit in both languages', () => {
    expect(feedConfigSchema.safeParse(feed({ interval: 7 * 86_400_000, timeout: 600_000, maxBytes: 256 * 1024 * 1024 })).success).toBe(true);
    expect(problems(feedConfigSchema.safeParse(feed({ interval: 9e15 })))).toEqual(['interval: tối đa 604800000 ms (7 ngày) / at most 604800000 ms (7 days)']);
    expect(problems(feedConfigSchema.safeParse(feed({ timeout: 3e9 })))).toEqual(['timeout: tối đa 600000 ms (10 phút) / at most 600000 ms (10 minutes)']);
    expect(problems(feedConfigSchema.safeParse(feed({ maxBytes: 2 ** 40 })))).toEqual(['maxBytes: tối đa 268435456 byte (256 MB) / at most 268435456 bytes (256 MB)']);
    expect(problems(actionsEndpointSchema.safeParse({ url: 'https://dvc.binhphuoc.gov.vn/open311/v2/requests.json', timeout: 3e9 }))).toEqual([
      'timeout: tối đa 600000 ms (10 phút) / at most 600000 ms (10 minutes)',
    ]);
  });
});

describe('a feed name is cleaned and bounded (M5)', () => {
  it('drops bidi controls, control characters and lone surrogates, in NFC, and refuses over 160 characters', () => {
    const parsed = feedConfigSchema.parse(feed({ name: '\u202E  Đường dây nóng\u0000\uD800 '.normalize('NFD') }));
    expect(parsed.name).toBe('Đường dây nóng');
    expect(parsed.name).toBe(parsed.name!.normalize('NFC'));
    // Nothing printable left: as if no name was given (the console shows the id).
    expect(feedConfigSchema.parse(feed({ name: '\u202E\u2066 ' })).name).toBeUndefined();
    expect(feedConfigSchema.parse(feed({ name: 'x'.repeat(160) })).name).toHaveLength(160);
    expect(problems(feedConfigSchema.safeParse(feed({ name: '\u202E' + 'X'.repeat(1_000_000) })))).toEqual([
      'name: tối đa 160 ký tự / at most 160 characters: shorten the name',
    ]);
  });
});
