import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { getPriority, setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPriority } from '../../host/cli/doctor-checks';
import { loadConfig } from '../../host/config/load';
import { configSchema } from '../../host/config/schema';
import { applyHostPriority, type PriorityOs } from '../../host/priority';
import { leaveRaisedPriority } from '../../sync/worker/priority';

/** An OS whose thread starts at `nice`; `refuse` makes raising fail as Linux does without CAP_SYS_NICE. */
function fakeOs(nice: number, refuse = false): PriorityOs & { calls: number[] } {
  const calls: number[] = [];
  return {
    calls,
    getPriority: () => nice,
    setPriority: (_pid, p) => {
      calls.push(p);
      if (refuse && p < nice) throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      nice = p;
    },
  };
}

const canRaise = process.platform === 'linux' && process.getuid?.() === 0;

describe('the host serving thread’s priority', () => {
  it('raises a normal thread to above-normal and puts it back on restore', () => {
    const os = fakeOs(0);
    const p = applyHostPriority('above-normal', os);
    expect(p).toMatchObject({ wanted: -7, before: 0, now: -7, refused: null });
    p.restore();
    p.restore();
    expect(os.calls).toEqual([-7, 0]);
  });

  it('never lowers a thread already higher, nor touches one when asked for normal', () => {
    const higher = fakeOs(-10);
    expect(applyHostPriority('above-normal', higher)).toMatchObject({ before: -10, now: -10, refused: null });
    const normal = fakeOs(0);
    expect(applyHostPriority('normal', normal)).toMatchObject({ now: 0, refused: null });
    // Started under `nice` on purpose: 'normal' leaves it there (it was raised to 0, or refused
    // with advice to set the "normal" it was set to).
    const niced = fakeOs(10, true);
    expect(applyHostPriority('normal', niced)).toMatchObject({ wanted: 10, before: 10, now: 10, refused: null });
    expect([...higher.calls, ...normal.calls, ...niced.calls]).toEqual([]);
  });

  it('says what to do when the system refuses, and carries on at the priority it has', () => {
    const os = fakeOs(0, true);
    const p = applyHostPriority('above-normal', os);
    expect(p.now).toBe(0);
    expect(p.refused).toMatch(/EACCES/);
    expect(p.refused).toMatch(/Nice=-7/);
    expect(p.refused).toMatch(/server\.priority/);
    p.restore();
    expect(os.calls).toEqual([-7]);
  });

  it('is server.priority in the config, above-normal unless set, and refuses anything else', () => {
    expect(configSchema.parse({}).server.priority).toBe('above-normal');
    expect(configSchema.parse({ server: { priority: 'normal' } }).server.priority).toBe('normal');
    const dir = mkdtempSync(join(tmpdir(), 'ioc-priority-'));
    try {
      const file = join(dir, 'host.json');
      writeFileSync(file, JSON.stringify({ server: { priority: 'high' } }));
      expect(() => loadConfig({ file, env: {} })).toThrow(/server\.priority: must be "above-normal" or "normal"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('doctor tells an installer beforehand whether the service may raise it, and leaves it as it was', () => {
    const refused = fakeOs(0, true);
    const config = configSchema.parse({});
    expect(checkPriority(config, refused)).toMatchObject({ verdict: 'warn', detail: expect.stringMatching(/EACCES/), fix: expect.stringMatching(/Nice=-7/) });
    const allowed = fakeOs(0);
    expect(checkPriority(config, allowed)).toMatchObject({ verdict: 'ok', detail: expect.stringMatching(/niceness -7 can be set \(was 0\)/) });
    expect(allowed.getPriority()).toBe(0);
    const untouched = fakeOs(0, true);
    expect(checkPriority(configSchema.parse({ server: { priority: 'normal' } }), untouched)).toMatchObject({ verdict: 'ok' });
    expect(untouched.calls).toEqual([]);
  });

  it.skipIf(!canRaise)('on Linux raises only the calling thread, and the worker’s call puts a thread back to normal', () => {
    const start = getPriority(0);
    const p = applyHostPriority('above-normal');
    try {
      expect(getPriority(0)).toBe(-7);
      // Elsewhere the call would set the whole process's class: nothing is done there.
      leaveRaisedPriority('win32');
      expect(getPriority(0)).toBe(-7);
      leaveRaisedPriority('linux');
      expect(getPriority(0)).toBe(0);
      // A thread below normal (a niced service) is left where it is.
      setPriority(0, 5);
      leaveRaisedPriority('linux');
      expect(getPriority(0)).toBe(5);
    } finally {
      setPriority(0, start);
    }
  });
});
