/**
 * Notices a connection to the host that went silent. A cut cable, a switch switched off or a
 * router that stopped forwarding closes nothing: no FIN, no RST, and TCP keeps the socket "open"
 * for minutes (its retransmission backoff reaches 40–117 s before it says anything). So every
 * word from the host is noted (`heard`); after `probeAfterMs` of silence a probe is sent (a
 * request the host answers, or a WebSocket ping), and a connection that has not said anything
 * within `probeTimeoutMs` of the probe is given up (`lost`), so the transport reconnects at once
 * and the pages say "Mất kết nối" within about probeAfter + probeTimeout.
 *
 * One implementation for both WebSocket transports: the browser's (renderer/client/ws-transport.ts)
 * and the desktop node's in Electron main (host/remote/ws-transport.ts). DOM-free and Node-free;
 * its only clocks are performance.now and setTimeout, so tests drive it with fake timers. Silence
 * and a probe's wait are durations, measured on the monotonic clock: on Date.now, a clock stepped
 * back 2 h (NTP, an operator) left a dead connection unnoticed for 2 h.
 */

export interface LivenessOptions {
  /** Silence this long (ms) makes a probe go out. */
  probeAfterMs: number;
  /** A probe not followed by any word from the host within this long (ms) gives the connection up. */
  probeTimeoutMs: number;
  /** Probe at least this often even while the host keeps talking (the browser asks the host's clock). */
  probeEveryMs?: number;
  /** Send one probe: anything the host answers. Called at most once per probeTimeoutMs. */
  probe(): void;
  /** The probe went unanswered: drop the connection (terminate, not a polite close) and reconnect. Called once. */
  lost(): void;
}

export interface Liveness {
  /** Anything from the host: a message, a WebSocket ping or pong. */
  heard(): void;
  /** Probe now, not at the next silence (the OS said the network changed; a clock reading at open). */
  probeNow(): void;
  /** The connection ended by other means: no more probes, no `lost`. */
  stop(): void;
}

/** Starts watching a connection that has just opened (counts as heard now). One timer at a time. */
export function watchLiveness(opts: LivenessOptions): Liveness {
  const every = opts.probeEveryMs ?? Infinity;
  const clock = () => performance.now();
  let lastHeard = clock();
  let lastProbeAt = lastHeard;
  /** When the unanswered probe left; null when none is out (0 is a time on this clock). */
  let probeSentAt: number | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  const clear = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  const arm = (inMs: number) => {
    clear();
    timer = setTimeout(tick, Math.max(50, inMs));
    // In Node (Electron main, tests) the watchdog alone must not keep the process alive.
    (timer as unknown as { unref?: () => void }).unref?.();
  };
  const probe = () => {
    if (probeSentAt !== null || stopped) return;
    probeSentAt = lastProbeAt = clock();
    opts.probe();
  };
  const next = (now: number) =>
    probeSentAt !== null ? probeSentAt + opts.probeTimeoutMs - now : Math.min(lastHeard + opts.probeAfterMs, lastProbeAt + every) - now;
  function tick() {
    timer = null;
    if (stopped) return;
    const now = clock();
    if (probeSentAt !== null && now - probeSentAt >= opts.probeTimeoutMs) {
      stopped = true;
      opts.lost();
      return;
    }
    if (probeSentAt === null && (now - lastHeard >= opts.probeAfterMs || now - lastProbeAt >= every)) probe();
    if (!stopped) arm(next(clock()));
  }

  arm(next(lastHeard));
  return {
    heard() {
      lastHeard = clock();
      probeSentAt = null;
    },
    probeNow() {
      if (stopped) return;
      probe();
      arm(next(clock()));
    },
    stop() {
      stopped = true;
      clear();
    },
  };
}
