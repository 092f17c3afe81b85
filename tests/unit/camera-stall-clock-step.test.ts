import { describe, expect, it } from 'vitest';
import { judge, type StreamMemory } from '../../host/cameras/health';

/**
 * A live HLS playlist that stops moving on (host/cameras/health.ts `judge`) when the host's clock
 * steps back: the camera must be found down about as soon as without the step, not once the
 * clock has caught up with the last change it saw.
 */
const HOUR = 3_600_000;
const T0 = Date.parse('2026-12-07T03:00:00Z');

describe('a stalled camera stream and a clock stepped back', () => {
  it('is down within a minute of checks after the clock stepped back 2 h', () => {
    const probe = { ok: true, error: null, progress: '100:5', targetSec: 6 };
    let memory: StreamMemory | undefined = judge(probe, undefined, T0).memory;
    // The playlist stops moving on; the clock steps back 2 h; checks every 10 s find it unchanged.
    let state = 'ok';
    for (let t = T0 - 2 * HOUR + 10_000; t <= T0 - 2 * HOUR + 60_000; t += 10_000) {
      const r = judge(probe, memory, t);
      memory = r.memory;
      state = r.health.state;
    }
    expect(state).toBe('down');
  });
});
