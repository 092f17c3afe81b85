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

  it('a slow import committed with a key nested 20,000 deep gets its result; the log line stays short', async () => {
    // layouts.import takes the file as z.unknown(): a key the store ignores reaches the log line
    // as sent, and JSON.stringify throws RangeError on it after the import was committed.
    vi.stubEnv('IOC_WALL_SLOW_MS', '0.000001');
    vi.resetModules();
    const { createDispatcher } = await import('../../../host/api/dispatcher');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const committed = { presets: 9, wall: true };
    const dispatcher = createDispatcher({} as never, { 'layouts.import': () => committed });
    const file = JSON.parse(`{"version":1,"note":${'['.repeat(20_000)}${']'.repeat(20_000)},"presets":["${'p'.repeat(1_000_000)}"]}`) as unknown;
    await expect(dispatcher.call('layouts.import', { file }, 'test', { rid: 'r-1' })).resolves.toBe(committed);
    expect(warn).toHaveBeenCalledTimes(1);
    const line = warn.mock.calls[0]![0] as string;
    expect(line).toMatch(/^\[host\] slow request: layouts\.import took \d+ ms \(\{"file":\{"version":1,"note":\[\[\[/);
    expect(line.length).toBeLessThan(200);
  });

  it('nothing in the log line can turn a result into an error (a console that throws)', async () => {
    vi.stubEnv('IOC_WALL_SLOW_MS', '0.000001');
    vi.resetModules();
    const { createDispatcher } = await import('../../../host/api/dispatcher');
    vi.spyOn(console, 'warn').mockImplementation(() => {
      throw new Error('EPIPE');
    });
    const dispatcher = createDispatcher({} as never, { 'freshness.list': () => ['ok'] });
    await expect(dispatcher.call('freshness.list', {})).resolves.toEqual(['ok']);
  });

  it('never writes a typed secret: methods that take secrets show no params, the others their URLs redacted', async () => {
    vi.stubEnv('IOC_WALL_SLOW_MS', '0.000001');
    vi.resetModules();
    const { createDispatcher } = await import('../../../host/api/dispatcher');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const dispatcher = createDispatcher({} as never, { 'secrets.set': () => ({}), 'feeds.try': () => ({}), 'bundle.verify': () => ({}) });
    await dispatcher.call('secrets.set', { name: 'lgsp', value: 'VVVVV-SECRET-VALUE' });
    const url = 'http://lgsp:PASSW0RD@lgsp.example/api?apikey=PROVINCE-KEY';
    const feed = { id: 'x', domain: 'traffic', adapter: 'geojson', url, auth: { type: 'bearer', token: 'TYPED-TOKEN' }, mapping: { kind: 'place', fields: {} } };
    await dispatcher.call('feeds.try', { feed });
    // A method that takes no secret still has its URLs cleaned (a path a client sent as a URL).
    await dispatcher.call('bundle.verify', { path: `${url}&sig=SIGNED-1` });
    const lines = warn.mock.calls.map((c) => String(c[0]));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/slow request: secrets\.set took \d+ ms \(params not logged/);
    expect(lines[1]).toMatch(/slow request: feeds\.try took \d+ ms \(params not logged/);
    expect(lines[2]).toContain('"path":"http://***@lgsp.example/api?apikey=***&sig=***"');
    for (const secret of ['VVVVV-SECRET-VALUE', 'PASSW0RD', 'PROVINCE-KEY', 'TYPED-TOKEN', 'SIGNED-1']) expect(lines.join('\n')).not.toContain(secret);
  });
});
