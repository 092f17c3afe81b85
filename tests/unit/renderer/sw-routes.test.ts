import { describe, expect, it } from 'vitest';
import { SHELL_KEY, swRoute } from '../../../renderer/sw/routes';

const ORIGIN = 'https://10.0.0.5:8080';
const precached = new Set(['/index.html', '/assets/index-AbC123.js', '/assets/index-AbC123.css']);
const nav = (path: string) => ({ url: ORIGIN + path, method: 'GET', mode: 'navigate' });
const sub = (path: string, method = 'GET') => ({ url: ORIGIN + path, method, mode: 'cors' });

describe('service worker routes', () => {
  it('serves the shell for every page of the app, whatever its query (a token included)', () => {
    for (const p of ['/', '/wall?display=d1', '/wall?display=d2&token=secret', '/console?tab=feeds', '/kiosk', '/index.html'])
      expect(swRoute(nav(p), ORIGIN, precached), p).toBe('shell');
    expect(SHELL_KEY).not.toContain('?');
  });

  it('serves precached assets from the cache, by path', () => {
    expect(swRoute(sub('/assets/index-AbC123.js'), ORIGIN, precached)).toBe('asset');
    expect(swRoute(sub('/assets/index-AbC123.css?v=1'), ORIGIN, precached)).toBe('asset');
  });

  it('lets the API, enrollment, health, unknown pages, other builds and other sites through', () => {
    expect(swRoute(sub('/api'), ORIGIN, precached)).toBe('pass');
    expect(swRoute(sub('/api/enroll', 'POST'), ORIGIN, precached)).toBe('pass');
    expect(swRoute(nav('/api/enroll'), ORIGIN, precached)).toBe('pass');
    expect(swRoute(sub('/healthz'), ORIGIN, precached)).toBe('pass');
    expect(swRoute(nav('/nope'), ORIGIN, precached)).toBe('pass');
    expect(swRoute(sub('/assets/index-Old999.js'), ORIGIN, precached)).toBe('pass');
    expect(swRoute(sub('/index.html', 'HEAD'), ORIGIN, precached)).toBe('pass');
    expect(swRoute({ url: 'https://tiles.example/1/2/3.png', method: 'GET', mode: 'no-cors' }, ORIGIN, precached)).toBe('pass');
  });
});
