import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MjpegFanout } from '../../host/cameras/fanout';

/**
 * The one MJPEG connection a camera's frame pollers share (host/cameras/fanout.ts) when NTP steps
 * the host's clock back: the connection must still go 15 s after the last poll (a camera allows a
 * handful of sessions), not after the step's length; and a frame from before the step must not
 * pass for a current one.
 */
const HOUR = 3_600_000;

/** An upstream that sends what the test pushes and never ends by itself. */
function fakeUpstream() {
  const up = Object.assign(new EventEmitter(), {
    headers: { 'content-type': 'multipart/x-mixed-replace; boundary=frame' },
    destroyed: false,
    destroy() {
      up.destroyed = true;
      up.emit('close');
    },
  });
  return up;
}
const jpeg = (text: string) => Buffer.concat([Buffer.from('--frame\r\nContent-Type: image/jpeg\r\n\r\n'), Buffer.from([0xff, 0xd8]), Buffer.from(text, 'latin1'), Buffer.from([0xff, 0xd9]), Buffer.from('\r\n')]);

afterEach(() => void vi.useRealTimers());

describe('MjpegFanout and a clock stepped back', () => {
  it('lets the camera connection go 15 s after the last poll when the clock stepped back 2 h', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-07T03:00:00Z') });
    const up = fakeUpstream();
    let idle = 0;
    const fan = new MjpegFanout(async () => up as unknown as IncomingMessage, () => idle++, { stallMs: 60_000 });
    const polled = fan.frame(0, 1000);
    await vi.advanceTimersByTimeAsync(0);
    up.emit('data', jpeg('f1'));
    expect((await polled)?.seq).toBe(1);
    vi.setSystemTime(Date.now() - 2 * HOUR); // the last poller left; the clock steps back
    await vi.advanceTimersByTimeAsync(30_000);
    expect(up.destroyed).toBe(true);
    expect(idle).toBe(1);
  });

  it('does not hand out a frame older than the stall time as current after the clock stepped back', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-07T03:00:00Z') });
    const up = fakeUpstream();
    const fan = new MjpegFanout(async () => up as unknown as IncomingMessage, () => undefined, { stallMs: 60_000 });
    const polled = fan.frame(0, 1000);
    await vi.advanceTimersByTimeAsync(0);
    up.emit('data', jpeg('f1'));
    expect((await polled)?.seq).toBe(1);
    // Bytes but no whole frame for 50 s (the stall timer is kept alive), then the clock steps back.
    for (let i = 0; i < 10; i++) {
      await vi.advanceTimersByTimeAsync(5_000);
      void fan.frame(1, 1);
      up.emit('data', Buffer.from('x'));
    }
    vi.setSystemTime(Date.now() - 2 * HOUR);
    await vi.advanceTimersByTimeAsync(15_000);
    void fan.frame(1, 1);
    up.emit('data', Buffer.from('x'));
    // 65 s after it came, the frame is past the 60 s stall time: a page starting again waits.
    const restarted = fan.frame(0, 100);
    await vi.advanceTimersByTimeAsync(100);
    expect(await restarted).toBeNull();
  });
});
