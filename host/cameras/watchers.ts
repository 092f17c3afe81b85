import type { ServerResponse } from 'node:http';
import type { Caller } from '../room/caller';

/**
 * Camera answers still going, by the node that asked (an MJPEG stream goes on for hours). Revoking
 * a node closed its WebSocket sessions only, and a camera stream it had open kept flowing to it.
 * Each such answer is checked again every SWEEP_MS against the credential it was authorised with
 * (the same `authenticate` the request used), and ended once that no longer stands: this covers a
 * revocation from the console and one from `ioc-wall nodes revoke` in another process alike,
 * without the camera proxy depending on the room.
 */
const SWEEP_MS = 1000;

interface Watched {
  given: string | null;
  nodeId: string;
  authenticate(given: string | null): Caller | null;
}

const open = new Map<ServerResponse, Watched>();
let timer: ReturnType<typeof setInterval> | null = null;

function sweep(): void {
  // One look-up per credential per sweep, however many pictures it has open.
  const stands = new Map<string | null, boolean>();
  for (const [res, w] of open) {
    let ok = stands.get(w.given);
    if (ok === undefined) stands.set(w.given, (ok = w.authenticate(w.given)?.nodeId === w.nodeId));
    if (!ok) end(res);
  }
}

/** Stops watching an answer; the sweep stops with the last one. */
function forget(res: ServerResponse): void {
  if (!open.delete(res) || open.size > 0 || !timer) return;
  clearInterval(timer);
  timer = null;
}

function end(res: ServerResponse): void {
  forget(res);
  res.destroy();
}

/** Watches an authorised camera answer of an enrolled node (the host's own token is never revoked). */
export function trackCameraResponse(res: ServerResponse, given: string | null, caller: Caller, authenticate: Watched['authenticate']): void {
  if (!caller.nodeId || res.destroyed) return;
  open.set(res, { given, nodeId: caller.nodeId, authenticate });
  res.once('close', () => forget(res));
  if (!timer) {
    timer = setInterval(sweep, SWEEP_MS);
    timer.unref?.();
  }
}

/** Ends at once every camera answer a node has open (for a caller that knows it revoked one). */
export function endCameraResponsesOf(nodeId: string): number {
  let n = 0;
  for (const [res, w] of [...open]) {
    if (w.nodeId !== nodeId) continue;
    end(res);
    n++;
  }
  return n;
}
