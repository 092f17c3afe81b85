/**
 * A wall display's first frame, drawn here and sent inside its page (/wall?display=…&token=…):
 * a cold wall page shows every panel with the host's current figures as soon as its HTML has
 * arrived, instead of after loading, compiling and running the app (most of a second per
 * display on a 2-core node). The drawing is the renderer's own (renderer/first-frame, built for
 * Node into dist/first-frame/render.js, loaded from there on first use: the host's code does not
 * import the renderer); its questions go to the dispatcher in-process as the page's own
 * credential, so the frame holds exactly what that node may read, its role checked on every
 * request as on any channel.
 *
 * Best effort, bounded: at most MAX_DRAWING frames at once (a page asked for beyond that gets
 * no frame), none after DEADLINE_MS, none when any answer is missing or refused; without a
 * frame the page starts as it always did. The frame is never stored: the page it is in is
 * sent `no-store`. The drawing module costs the host some 20 MB once loaded, on the first wall
 * page asked for with a credential; a host whose walls are all desktop apps never loads it.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { HostClient } from '../api/client/HostClient';
import type { Transport } from '../api/client/transport';
import type { ServerMessage } from '../api/contract';
import type { Dispatcher } from '../api/dispatcher';
import { toWireError } from '../api/errors';
import type { Caller } from '../room/caller';

/** What dist/first-frame/render.js exports (renderer/first-frame/render.tsx). */
interface FrameModule {
  renderFirstFrame(client: HostClient, displayId: string): Promise<{ html: string; layoutId: string } | null>;
}

/** Longer than this and the page is better off drawing its own frame. */
export const DEADLINE_MS = 500;
/**
 * Frames drawn at once: a whole wall's displays load together (a 3×2 wall, six), each drawing
 * 10–20 ms of the host's time (bench/first-frame-draw.ts); a page past it gets no frame.
 */
export const MAX_DRAWING = 8;
/**
 * A frame that cannot be drawn for a reason of the layout or the build (a panel that cannot be
 * drawn off the page) fails the same way on every load of that display's page: each reason is
 * said at most this often, with how many times it went unsaid meanwhile.
 */
export const WARN_EVERY_MS = 60 * 60_000;
/** Reasons remembered at once; the one said longest ago makes room for a new one. */
const MAX_REASONS = 64;

export interface FirstFrames {
  /** The frame's HTML for this caller's display, or null (none to send). */
  draw(caller: Caller, displayId: string): Promise<string | null>;
  /** How many reasons for a frame not drawn are remembered (tests). */
  remembered(): number;
}

export interface FirstFramesOptions {
  dispatcher: Dispatcher;
  /** dist/first-frame/render.js; a missing file means no frames (an older build, a dev tree). */
  moduleFile: string;
  deadlineMs?: number;
  maxDrawing?: number;
  /** A monotonic clock in ms, for how often a failure is said (performance.now unless a test says). */
  now?: () => number;
}

/**
 * An in-process channel to the dispatcher as `caller`: its role is checked on every request as
 * on any channel. Requests go to the dispatcher at once, not in turns with the connections
 * (host/api/turns.ts): a frame is worth drawing only before the page's own code has run, and the
 * page's own connection, asking for the same answers meanwhile, would otherwise be served
 * first. What that bypass may take is bounded by MAX_DRAWING and the deadline. Events are not
 * listened to: a frame is one moment.
 */
export function dispatcherClient(dispatcher: Dispatcher, caller: Caller): HostClient {
  let deliver: (m: ServerMessage) => void = () => {};
  let closed = false;
  const answer = (m: ServerMessage) => {
    if (!closed) deliver(m);
  };
  const transport: Transport = {
    send: (m) => {
      if (m.type !== 'request') return;
      dispatcher.call(m.method, m.params, caller).then(
        (result) => answer({ type: 'response', id: m.id, result: result === undefined ? null : result }),
        (err: unknown) => answer({ type: 'error', id: m.id, error: toWireError(err) }),
      );
    },
    onMessage: (cb) => void (deliver = cb),
    onState: (cb) => cb('up', {}),
    start() {},
    close: () => void (closed = true),
  };
  return new HostClient(transport);
}

export function firstFrames(opts: FirstFramesOptions): FirstFrames {
  const deadline = opts.deadlineMs ?? DEADLINE_MS;
  const maxDrawing = opts.maxDrawing ?? MAX_DRAWING;
  const now = opts.now ?? (() => performance.now());
  let drawing = 0;
  const said = new Map<string, { at: number; unsaid: number }>();
  const warnFailed = (displayId: string, reason: string) => {
    const t = now();
    const last = said.get(reason);
    if (last && t - last.at < WARN_EVERY_MS) {
      last.unsaid++;
      return;
    }
    const more = last?.unsaid ? ` (${last.unsaid} more since ${Math.round((t - last.at) / 60_000)} min ago, not logged)` : '';
    console.warn(`[host] wall first frame for ${displayId} not drawn: ${reason}${more}`);
    // In the order last said: the first is the one said longest ago.
    said.delete(reason);
    said.set(reason, { at: t, unsaid: 0 });
    if (said.size > MAX_REASONS) said.delete(said.keys().next().value!);
  };
  let loaded: Promise<FrameModule | null> | null = null;
  const load = () =>
    (loaded ??= existsSync(opts.moduleFile)
      ? (import(pathToFileURL(opts.moduleFile).href) as Promise<FrameModule>).catch((err: unknown) => {
          console.warn(`[host] wall first frames off: ${opts.moduleFile} could not be loaded (${(err as Error).message})`);
          return null;
        })
      : Promise.resolve(null));

  return {
    async draw(caller, displayId) {
      if (drawing >= maxDrawing) return null;
      // A drawing counts until it has settled, past the deadline too: it is still the host's
      // work. The module's first load (some 170 ms, once) is inside the deadline as well.
      drawing++;
      let client: HostClient | null = null;
      const drawn = load()
        .then((mod) => {
          if (!mod) return null;
          client = dispatcherClient(opts.dispatcher, caller);
          return mod.renderFirstFrame(client, displayId);
        })
        .then(
          (frame) => frame?.html ?? null,
          (err: unknown) => {
            warnFailed(displayId, err instanceof Error ? err.message : String(err));
            return null;
          },
        )
        .finally(() => {
          client?.close();
          drawing--;
        });
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<null>((r) => (timer = setTimeout(() => r(null), deadline)));
      try {
        return await Promise.race([drawn, late]);
      } finally {
        clearTimeout(timer);
      }
    },
    remembered: () => said.size,
  };
}
