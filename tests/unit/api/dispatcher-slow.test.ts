import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  vi.resetModules();
});

describe('dispatcher slow-request log', () => {
  it('a slow request sent without params still gets its result (the log line must not throw)', async () => {
    // Every request counts as slow, so the log line runs without waiting for a real slow handler.
    vi.stubEnv('IOC_WALL_SLOW_MS', '0.000001');
    vi.resetModules();
    const { createDispatcher } = await import('../../../host/api/dispatcher');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const dispatcher = createDispatcher({} as never, { 'freshness.list': () => [] });
    await expect(dispatcher.call('freshness.list', undefined)).resolves.toEqual([]);
    await expect(dispatcher.call('freshness.list', {})).resolves.toEqual([]);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[0]![0]).toMatch(/slow request: freshness\.list took \d+ ms/);
  });
});
