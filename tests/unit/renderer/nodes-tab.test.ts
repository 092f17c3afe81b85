import { describe, expect, it } from 'vitest';
import { clockOff, formatCountdown, formatMemory, formatSeenAgo, formatUptime } from '../../../renderer/console/nodes/format';
import { browserNodeUrls, checkHostBase, enrollOnThisHost } from '../../../renderer/console/nodes/urls';

describe('Máy trạm: how health is worded', () => {
  const now = new Date('2026-12-01T08:00:00Z');
  it('last seen: seconds under a minute, then minutes and more', () => {
    expect(formatSeenAgo('2026-12-01T07:59:58Z', now, 'vi')).toBe('vừa xong');
    expect(formatSeenAgo('2026-12-01T07:59:48Z', now, 'vi')).toBe('12 giây trước');
    expect(formatSeenAgo('2026-12-01T07:59:48Z', now, 'en')).toBe('12 seconds ago');
    expect(formatSeenAgo('2026-12-01T07:55:00Z', now, 'vi')).toBe('5 phút trước');
  });
  it('uptime in its two largest units; memory in MB or GB; a countdown never negative', () => {
    expect(formatUptime(0, 'vi')).toBe('0 giây');
    expect(formatUptime(45, 'vi')).toBe('45 giây');
    expect(formatUptime(3 * 86_400 + 4 * 3600 + 59, 'vi')).toBe('3 ngày 4 giờ');
    expect(formatUptime(2 * 3600 + 5 * 60 + 7, 'en')).toBe('2 h 5 min');
    expect(formatUptime(86_400 + 30, 'vi')).toBe('1 ngày');
    expect(formatMemory(512)).toBe('512 MB');
    expect(formatMemory(1536)).toBe('1,5 GB');
    expect(formatCountdown(14 * 60_000 + 5_500)).toBe('14:06');
    expect(formatCountdown(-3000)).toBe('0:00');
  });
});

describe("Máy trạm: a node's clock off the host's", () => {
  it('is said from a minute off, either way; under a minute, or not reported, nothing is said', () => {
    expect(clockOff(null)).toBeNull();
    expect(clockOff(59)).toBeNull();
    expect(clockOff(-59)).toBeNull();
    expect(clockOff(7200)).toEqual({ ahead: true, sec: 7200 });
    expect(clockOff(-90)).toEqual({ ahead: false, sec: 90 });
  });
});

describe('browser display nodes: addresses and enrollment from the console page', () => {
  it('a wall node gets one address per wall display; kiosk and console one each; the credential is URL-encoded', () => {
    expect(browserNodeUrls('https://10.0.0.5:8080/', 'wall', 'a+b/c', ['d1', 'd 2'])).toEqual([
      { displayId: 'd1', url: 'https://10.0.0.5:8080/wall?display=d1&token=a%2Bb%2Fc' },
      { displayId: 'd 2', url: 'https://10.0.0.5:8080/wall?display=d%202&token=a%2Bb%2Fc' },
    ]);
    expect(browserNodeUrls('http://h:8080', 'kiosk', 'x', ['d1'])).toEqual([{ displayId: null, url: 'http://h:8080/kiosk?token=x' }]);
    expect(browserNodeUrls('http://h:8080', 'console', 'x', ['d1'])[0]!.url).toBe('http://h:8080/console?token=x');
  });

  it('only an http(s) address with a host is accepted as the host address', () => {
    expect(checkHostBase(' http://10.0.0.5:8080/console?tab=nodes ')).toBe('http://10.0.0.5:8080');
    expect(checkHostBase('file:///tmp/x')).toBeNull();
    expect(checkHostBase('10.0.0.5:8080')).toBeNull();
    expect(checkHostBase('')).toBeNull();
  });

  it('posts the code to /api/enroll and returns the credential; a refusal carries the host’s words', async () => {
    const calls: { url: string; body: string }[] = [];
    const ok = (async (url: string, init: RequestInit) => {
      calls.push({ url, body: String(init.body) });
      return new Response(JSON.stringify({ nodeId: 'n-1', role: 'wall', name: 'Tường', credential: 'cred' }), { status: 200 });
    }) as unknown as typeof fetch;
    expect(await enrollOnThisHost('K7QM-2XPA', ok)).toEqual({ nodeId: 'n-1', role: 'wall', name: 'Tường', credential: 'cred' });
    expect(calls).toEqual([{ url: '/api/enroll', body: '{"code":"K7QM-2XPA"}' }]);

    const refused = (async () => new Response(JSON.stringify({ error: 'invalid_code', message: 'Mã đăng ký sai / wrong code' }), { status: 401 })) as unknown as typeof fetch;
    await expect(enrollOnThisHost('X', refused)).rejects.toThrow('Mã đăng ký sai / wrong code');
    const broken = (async () => new Response('<html>bad gateway</html>', { status: 502 })) as unknown as typeof fetch;
    await expect(enrollOnThisHost('X', broken)).rejects.toThrow('HTTP 502');
  });
});
