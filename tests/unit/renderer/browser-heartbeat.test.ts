import { describe, expect, it } from 'vitest';
import { nodeHeartbeatSchema } from '../../../host/api/contract/room';
import { browserHeartbeat, pageDisplayId, type PageFacts } from '../../../renderer/node/heartbeat';

const facts = (over: Partial<PageFacts> = {}): PageFacts => ({
  route: { name: 'wall', displayId: 'd2' },
  version: '0.1.0',
  screen: { width: 1920, height: 1080 },
  devicePixelRatio: 1,
  sinceLoadMs: 125_400,
  usedHeapBytes: 52_428_800,
  lastPaintAt: '2026-12-01T08:00:00.000Z',
  rttMs: 3.6,
  clockAt: '2026-12-01T08:00:05.000Z',
  ...over,
});

describe('a browser page as a node: its heartbeat', () => {
  it('a wall page shows its wall display and reports its screen in device pixels', () => {
    const hb = browserHeartbeat(facts({ devicePixelRatio: 2 }));
    expect(nodeHeartbeatSchema.parse(hb)).toEqual(hb);
    expect(hb).toMatchObject({
      kind: 'browser',
      version: '0.1.0',
      displays: [{ id: 'wall/d2', label: '3840×2160', width: 3840, height: 2160 }],
      showing: ['d2'],
      uptimeSec: 125,
      memoryMB: 50,
      rendererCrashes: 0,
      rttMs: 4,
      pendingUpdate: null,
      clockAt: '2026-12-01T08:00:05.000Z',
    });
  });

  it('kiosk and console pages show no wall display; no performance.memory means 0 MB; no RTT yet stays null', () => {
    const hb = browserHeartbeat(facts({ route: { name: 'kiosk' }, usedHeapBytes: undefined, rttMs: null, lastPaintAt: null }));
    expect(nodeHeartbeatSchema.parse(hb)).toEqual(hb);
    expect(hb.showing).toEqual([]);
    expect(hb.displays[0]!.id).toBe('kiosk');
    expect(hb.memoryMB).toBe(0);
    expect(hb.rttMs).toBeNull();
    expect(pageDisplayId({ name: 'console', tab: 'nodes' })).toBe('console');
    expect(pageDisplayId({ name: 'wall', displayId: null })).toBe('wall/d1');
  });

  it('an overlong display id from the address bar is cut to what the host accepts', () => {
    const hb = browserHeartbeat(facts({ route: { name: 'wall', displayId: 'x'.repeat(200) } }));
    expect(() => nodeHeartbeatSchema.parse(hb)).not.toThrow();
  });
});
