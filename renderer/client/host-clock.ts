/**
 * The host's clock as this page knows it. A display PC's clock may be minutes or hours off the
 * host's (stepped by NTP, or never set): ages measured by the page's own clock said "sau 59 phút
 * nữa" (in 59 minutes) on every tile of a PC an hour behind, and staleness was wrong the same
 * way. The transports ask the host its time (host.info's `now`) on each connection and probe;
 * the offset (host − page, the answer taken to be half the round trip old) is kept here, and
 * hostNow() is the "now" the ages, staleness and clocks of renderer/ read. DOM-free: Node tests
 * run it. Until the first answer the offset is 0 (the page's own clock).
 */
let offsetMs = 0;

/** Now by the host's clock. */
export function hostNow(): Date {
  return new Date(Date.now() + offsetMs);
}

/** Host − page, ms (0 until the host has answered). */
export function hostClockOffsetMs(): number {
  return offsetMs;
}

/**
 * One answer of the host: its clock read `hostTime` when it answered, `roundTripMs` after the
 * question left; the answer arrived at page time `receivedAt`.
 */
export function noteHostTime(hostTime: string | number, roundTripMs: number, receivedAt: number = Date.now()): void {
  const h = typeof hostTime === 'number' ? hostTime : Date.parse(hostTime);
  if (!Number.isFinite(h) || !Number.isFinite(roundTripMs) || roundTripMs < 0) return;
  offsetMs = Math.round(h + roundTripMs / 2 - receivedAt);
}

/** The host's time in a probe's answer (a host.info result), if there is one. */
export function hostTimeOf(result: unknown): string | null {
  const now = (result as { now?: unknown } | null)?.now;
  return typeof now === 'string' ? now : null;
}

/** Back to the page's own clock (tests). */
export function resetHostClock(): void {
  offsetMs = 0;
}
