import { createElement, type ComponentType } from 'react';
import { renderToString } from 'react-dom/server';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { NodeHeartbeat, NodeInfo, SessionIdentity } from '../../../host/api/contract';
import { hostKey } from '../../../renderer/client/query-keys';
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

// The tab itself, rendered (react-dom/server) from a nodes.list answer already in the cache.
vi.mock('../../../renderer/client/context', async (importOriginal) => ({ ...(await importOriginal<object>()), useHostClient: () => ({ call: () => new Promise(() => {}) }) }));

// Imported by path at run time: the node typecheck has no JSX or DOM types for the components.
const TAB = '../../../renderer/console/nodes/index';
const I18N = '../../../renderer/i18n';
let NodesTab: ComponentType;
let changeLanguage: (lang: string) => Promise<unknown>;

beforeAll(async () => {
  // The i18n layer sets the page's language on the document when it loads.
  vi.stubGlobal('document', { documentElement: { lang: '' } });
  NodesTab = ((await import(/* @vite-ignore */ TAB)) as { default: ComponentType }).default;
  const i18n = (await import(/* @vite-ignore */ I18N)) as { i18n: { changeLanguage(l: string): Promise<unknown> } };
  changeLanguage = (l) => i18n.i18n.changeLanguage(l);
  await changeLanguage('vi');
});
afterAll(() => vi.unstubAllGlobals());

type Guard = NonNullable<NodeHeartbeat['memoryGuard']>;

/** A guard's report, as a desktop node sends it. */
const GUARD: Guard = {
  enabled: true,
  ceilingMB: 2048,
  ceilingFrom: 'derived',
  state: 'watching',
  waitingFor: null,
  byType: [
    { type: 'GPU', mb: 800.4 },
    { type: 'Browser', mb: 300 },
  ],
  window: null,
  lastRestart: null,
  raised: null,
  stateFileError: false,
};

function node(id: string, hb: Partial<NodeHeartbeat> & { memoryGuard?: Guard }, over: Partial<NodeInfo> = {}): NodeInfo {
  return {
    id,
    name: `Máy ${id}`,
    role: 'wall',
    state: 'online',
    createdAt: '2026-11-01T00:00:00Z',
    enrolledAt: '2026-11-01T00:00:00Z',
    revokedAt: null,
    lastSeenAt: new Date().toISOString(),
    codeExpiresAt: null,
    versionDiffers: false,
    connections: 1,
    heartbeat: {
      version: '1.0.0',
      kind: 'desktop',
      displays: [],
      showing: [],
      uptimeSec: 3600,
      memoryMB: 1234,
      rendererCrashes: 0,
      lastPaintAt: null,
      rttMs: null,
      pendingUpdate: null,
      clockAt: null,
      ...hb,
    },
    clockOffsetSec: null,
    ...over,
  };
}

/** The words of each node's row, by node id. */
function renderRows(nodes: NodeInfo[]): Record<string, { text: string; html: string }> {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  qc.setQueryData(hostKey('nodes.list', {}), nodes);
  qc.setQueryData(hostKey('session.whoami', {}), { role: 'console', nodeId: 'c1', name: 'Bàn' } satisfies SessionIdentity);
  const html = renderToString(createElement(QueryClientProvider, { client: qc }, createElement(NodesTab)));
  const rows: Record<string, { text: string; html: string }> = {};
  for (const part of html.split('<tr ').slice(1)) {
    const id = /data-node-id="([^"]+)"/.exec(part)?.[1];
    if (id) rows[id] = { html: part, text: text(part) };
  }
  return rows;
}

// The words a reader sees: React's <!-- --> between adjacent text pieces joins them, a tag parts them.
const text = (html: string) =>
  html
    .replace(/<!-- -->/g, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe("Máy trạm: a desktop node's memory guard", () => {
  it('is shown beside the memory in words for each state, with the ceiling and where it comes from', () => {
    const rows = renderRows([
      node('off', { memoryGuard: { ...GUARD, enabled: false, state: 'off', ceilingMB: null, ceilingFrom: null } }),
      node('settling', { memoryGuard: { ...GUARD, state: 'settling', ceilingMB: null, ceilingFrom: null } }),
      node('watching', { memoryGuard: GUARD }),
      node('config', { memoryGuard: { ...GUARD, ceilingFrom: 'config', ceilingMB: 3000 } }),
      node('above', { memoryMB: 2300, memoryGuard: { ...GUARD, state: 'above' } }),
      node('window', { memoryMB: 2300, memoryGuard: { ...GUARD, state: 'waiting', waitingFor: 'window', window: { from: '02:00', to: '05:00', timeZone: 'Asia/Ho_Chi_Minh' } } }),
      node('interval', { memoryMB: 2300, memoryGuard: { ...GUARD, state: 'waiting', waitingFor: 'interval' } }),
      node('busy', { memoryMB: 2300, memoryGuard: { ...GUARD, state: 'waiting', waitingFor: 'busy' } }),
    ]);
    expect(rows.off!.text).toContain('Bộ nhớ 1.234 MB · giám sát bộ nhớ: tắt');
    expect(rows.off!.text).not.toContain('giới hạn');
    expect(rows.settling!.text).toContain('Bộ nhớ 1.234 MB · đang đo mức nền để tính giới hạn (15 phút đầu)');
    expect(rows.watching!.text).toContain('Bộ nhớ 1.234 MB / giới hạn 2.048 MB (tự tính) · đang theo dõi');
    expect(rows.config!.text).toContain('Bộ nhớ 1.234 MB / giới hạn 3.000 MB (cấu hình) · đang theo dõi');
    expect(rows.above!.text).toContain('Bộ nhớ 2.300 MB / giới hạn 2.048 MB (tự tính) · vượt giới hạn — chưa đủ lâu để khởi động lại');
    expect(rows.window!.text).toContain('vượt giới hạn — chờ khung giờ bảo trì 02:00–05:00 để khởi động lại');
    expect(rows.interval!.text).toContain('vượt giới hạn — vừa khởi động lại gần đây, chờ đủ giãn cách');
    expect(rows.busy!.text).toContain('vượt giới hạn — chờ lúc máy rảnh (không có cảnh báo, nhận diện hay người dùng)');
    // Above the ceiling is a warning (amber); watching is not.
    expect(rows.window!.html).toMatch(/<li class="nv-warn" data-memory-guard="waiting"/);
    expect(rows.watching!.html).toMatch(/<li data-memory-guard="watching"/);
    // The memory by process type is at hand without taking a line.
    expect(rows.watching!.html).toContain('title="GPU 800 MB · Browser 300 MB"');
  });

  it('says nothing of a guard for a browser or a node older than the guard', () => {
    const rows = renderRows([node('old', {}), node('page', { kind: 'browser', memoryMB: 512 })]);
    for (const r of [rows.old!, rows.page!]) {
      expect(r.html).not.toContain('data-memory-guard');
      expect(r.text).not.toMatch(/giới hạn|theo dõi|khởi động lại/);
    }
    expect(rows.old!.text).toContain('Bộ nhớ 1,2 GB');
    expect(rows.page!.text).toContain('Bộ nhớ 512 MB');
  });

  it('names the hours of the maintenance window it waits for, and their zone when it is not Việt Nam\'s', () => {
    const rows = renderRows([
      node('window', { memoryMB: 2300, memoryGuard: { ...GUARD, state: 'waiting', waitingFor: 'window', window: { from: '02:00', to: '05:00', timeZone: 'Asia/Ho_Chi_Minh' } } }),
      node('paris', { memoryMB: 2300, memoryGuard: { ...GUARD, state: 'waiting', waitingFor: 'window', window: { from: '22:30', to: '01:00', timeZone: 'Europe/Paris' } } }),
      // Not waiting for it: the window is configuration, not news.
      node('busy', { memoryMB: 2300, memoryGuard: { ...GUARD, state: 'waiting', waitingFor: 'busy', window: { from: '02:00', to: '05:00', timeZone: 'Asia/Ho_Chi_Minh' } } }),
    ]);
    expect(rows.window!.text).toContain('Bộ nhớ 2.300 MB / giới hạn 2.048 MB (tự tính) · vượt giới hạn — chờ khung giờ bảo trì 02:00–05:00 để khởi động lại');
    expect(rows.paris!.text).toContain('vượt giới hạn — chờ khung giờ bảo trì 22:30–01:00 (Europe/Paris) để khởi động lại');
    expect(rows.busy!.text).not.toContain('02:00');
  });

  it("says when and why the guard last restarted the app, from its figures, by the host's clock", () => {
    const restart = { at: '2026-12-01T20:12:00.000Z', memoryMB: 2300, ceilingMB: 2048, topType: { type: 'GPU', mb: 1400.4 } };
    const rows = renderRows([
      node('restarted', { memoryGuard: { ...GUARD, lastRestart: restart } }),
      // A sample that named no process type.
      node('noType', { memoryGuard: { ...GUARD, lastRestart: { ...restart, topType: null } } }),
      // This node's clock is an hour ahead: its 21:12 is the host's 20:12 (03:12 in Việt Nam).
      node('ahead', { memoryGuard: { ...GUARD, lastRestart: { ...restart, at: '2026-12-01T21:12:00.000Z' } } }, { clockOffsetSec: 3600 }),
    ]);
    expect(rows.restarted!.text).toContain('Tự khởi động lại lúc 02/12/2026 03:12 vì bộ nhớ 2.300 MB vượt giới hạn 2.048 MB (nhiều nhất: GPU 1.400 MB)');
    expect(rows.noType!.text).toContain('Tự khởi động lại lúc 02/12/2026 03:12 vì bộ nhớ 2.300 MB vượt giới hạn 2.048 MB');
    expect(rows.noType!.text).not.toContain('nhiều nhất');
    expect(rows.ahead!.text).toContain('Tự khởi động lại lúc 02/12/2026 03:12 vì bộ nhớ 2.300 MB');
    expect(rows.watching).toBeUndefined();
  });

  it('shows a raised ceiling and a state file it cannot write from their figures, in the warning colour', () => {
    const raised = { ceilingMB: 3600, afterMinutes: 12, memoryMB: 2400, fromCeilingMB: 2048 };
    const rows = renderRows([
      node('raised', { memoryMB: 2400, memoryGuard: { ...GUARD, ceilingMB: 3600, ceilingFrom: 'raised', raised } }),
      node('unwritable', { memoryGuard: { ...GUARD, state: 'waiting', waitingFor: null, stateFileError: true } }),
      node('both', { memoryGuard: { ...GUARD, ceilingMB: 3600, ceilingFrom: 'raised', raised, stateFileError: true } }),
    ]);
    expect(rows.raised!.text).toContain('Bộ nhớ 2.400 MB / giới hạn 3.600 MB (đã nâng) · đang theo dõi');
    expect(rows.raised!.html).toMatch(/<li class="nv-warn" data-memory-guard-note="raised">/);
    expect(rows.raised!.text).toContain(
      'Đã nâng giới hạn lên 3.600 MB: 12 phút sau khi khởi động lại vì vượt 2.048 MB, máy vẫn dùng 2.400 MB (mức nền của máy này cao hơn)',
    );
    expect(rows.unwritable!.text).toContain('vượt giới hạn — không khởi động lại được');
    expect(rows.unwritable!.html).toMatch(/<li class="nv-warn" data-memory-guard-note="unwritable">/);
    expect(rows.unwritable!.text).toContain('Không ghi được tệp trạng thái của bộ giám sát: sẽ không tự khởi động lại');
    expect(rows.both!.text).toContain('Đã nâng giới hạn lên 3.600 MB');
    expect(rows.both!.text).toContain('Không ghi được tệp trạng thái');
    expect(rows.raised!.html).not.toContain('data-memory-guard-note="unwritable"');
    expect(rows.unwritable!.html).not.toContain('data-memory-guard-note="raised"');
  });

  it('in English too', async () => {
    await changeLanguage('en');
    try {
      const rows = renderRows([
        node('window', {
          memoryMB: 2300,
          memoryGuard: {
            ...GUARD,
            state: 'waiting',
            waitingFor: 'window',
            window: { from: '02:00', to: '05:00', timeZone: 'Asia/Ho_Chi_Minh' },
            lastRestart: { at: '2026-12-01T20:12:00.000Z', memoryMB: 2300, ceilingMB: 2048, topType: { type: 'GPU', mb: 1400 } },
            raised: { ceilingMB: 3600, afterMinutes: 12, memoryMB: 2400, fromCeilingMB: 2048 },
            stateFileError: true,
          },
        }),
      ]);
      expect(rows.window!.text).toContain('Memory 2,300 MB / ceiling 2,048 MB (derived) · above the ceiling — waiting for the maintenance window 02:00–05:00 to restart');
      expect(rows.window!.text).toContain('memory 2,300 MB above the ceiling 2,048 MB (largest: GPU 1,400 MB)');
      expect(rows.window!.text).toContain('Ceiling raised to 3,600 MB: still 2,400 MB 12 min after a restart at 2,048 MB (this machine runs higher)');
      expect(rows.window!.text).toContain("The guard's state file cannot be written: no restart");
    } finally {
      await changeLanguage('vi');
    }
  });
});
