/**
 * /wall?display=ID — one display of the video wall. Shows the active layout's canvas through
 * this display's viewport. A layout change is mounted hidden beside the current one (same
 * React key all along) and revealed when all its tiles have painted, or after SWAP_CAP_MS,
 * so the wall never shows a blank frame. The presets an uncued switch may show ('layout.ahead')
 * are prepared hidden at idle, one at a time, and the last WARM_LAYOUTS other layouts shown stay
 * mounted (hidden, painted): switching to any of them is immediate (bounds: ./ahead.ts). Markers
 * for tests/bench on the root:
 * `data-wall-ready="true"` when every tile of this display is painted, `data-layout-id`.
 */
import { startTransition, useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'react';
import { displayViewport, findDisplay, tilesForDisplay } from '../../layouts/geometry';
import { SurfaceContext } from '../components/surface';
import { preloadPanels } from '../panels/registry';
import { useActiveLayout, type ActiveLayoutLike } from './useActiveLayout';
import { useHostClient } from '../client/context';
import { useHost } from '../client/hooks';
import { WallCanvas } from './WallCanvas';
import { AlertBand, useBandUp } from './AlertBand';
import { bandStrip } from './band-reserve';
import { ConnectionBannerSlot } from '../components/ConnectionBanner';
import '../alerts/alerts.css';
import { QueryScope } from '../client/query-scope';
import type { WallCache } from './cache/wall-cache';
import { resolveDisplayId } from './display-id';
import { pruneToLive } from './live-keys';
import { canvasesReducer, CUE_KEEP_MS, emptyCanvases, mountedCanvases } from './canvases';
import { AHEAD_SETTLE_MS, nextToPrepare } from './ahead';
import { useTranslation } from '../i18n';
import { fitScale } from './fit';
import { dropFirstFrame } from './first-frame';

export const SWAP_CAP_MS = 4000;

/**
 * Runs `fn` when the page's main thread is idle (within `timeoutMs` at the latest, so a busy
 * display still prepares); returns the cancel.
 */
function whenIdle(fn: () => void, timeoutMs = 2000): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(fn, { timeout: timeoutMs });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(fn, 50);
  return () => clearTimeout(id);
}

/**
 * The panels this display draws of a layout: loading every tile's chunk cost a display the
 * fetch, compile and run of panels only the other displays show, in the middle of a switch.
 */
function ownPanels(wall: ActiveLayoutLike['wall'], layout: NonNullable<ActiveLayoutLike['layout']>, displayId: string): string[] {
  return findDisplay(wall, displayId) ? tilesForDisplay(wall, layout, displayId).map((x) => x.panel) : [];
}

interface Shown {
  key: number;
  sig: string;
  wall: ActiveLayoutLike['wall'];
  layout: NonNullable<ActiveLayoutLike['layout']>;
  /** The queries this canvas's panels use. */
  scope: QueryScope;
}

const sig = (a: ActiveLayoutLike) => JSON.stringify([a.wall, a.layout]);

function useWindowSize() {
  const [s, setS] = useState({ width: innerWidth, height: innerHeight });
  useEffect(() => {
    const on = () => setS({ width: innerWidth, height: innerHeight });
    addEventListener('resize', on);
    return () => removeEventListener('resize', on);
  }, []);
  return s;
}

export default function WallPage({ displayId: fromUrl, cache }: { displayId: string | null; cache?: WallCache }) {
  const { t } = useTranslation();
  const displayId = resolveDisplayId(fromUrl);
  const active = useActiveLayout();
  const win = useWindowSize();

  // The presets to prepare ahead, as the canvases' signatures (the same wall and layout as a
  // 'layout.changed' that shows one gives the same signature).
  const aheadQ = useHost('layout.ahead', {});
  const ahead = useMemo(
    () => (aheadQ.data?.layouts ?? []).map((layout) => ({ sig: sig({ wall: aheadQ.data!.wall, layout }), wall: aheadQ.data!.wall, layout })),
    [aheadQ.data],
  );
  const sigsAhead = useMemo(() => ahead.map((a) => a.sig), [ahead]);

  // The canvas on screen, the one being prepared, the cued one and the hidden ones kept: one
  // state, one canvas per layout (./canvases.ts).
  const [st, dispatch] = useReducer(canvasesReducer<Shown>, undefined, emptyCanvases<Shown>);
  const { current, next, cued, warm, ready: readyKeys } = st;
  useEffect(() => dispatch({ type: 'ahead', ahead: sigsAhead }), [sigsAhead]);
  const client = useHostClient();
  const seq = useRef(0);
  const make = useCallback(
    (a: { sig: string; wall: Shown['wall']; layout: Shown['layout'] }): Shown => ({ key: ++seq.current, sig: a.sig, wall: a.wall, layout: a.layout, scope: new QueryScope() }),
    [],
  );

  const target = active.data;
  // Once per answer, not on each of the renders a switch makes (a canvas painting, a swap).
  const targetSig = useMemo(() => (target?.layout ? sig(target) : ''), [target]);
  useEffect(() => {
    if (target?.layout) dispatch({ type: 'show', canvas: make({ sig: targetSig, wall: target.wall, layout: target.layout }) });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `targetSig` stands for the target layout
  }, [targetSig]);

  // A layout the console has cued ('layout.cued': the operator picked it in the editor) or the
  // schedule will show in a minute: prepared hidden, so the switch only has to reveal it.
  useEffect(
    () =>
      client.on('layout.cued', (a) => {
        if (a?.layout) dispatch({ type: 'cue', canvas: make({ sig: sig(a), wall: a.wall, layout: a.layout }) });
      }),
    [client, make],
  );
  // A canvas being prepared for a switch or cued fetches the code of its panels at once.
  useEffect(() => {
    if (next) void preloadPanels(ownPanels(next.wall, next.layout, displayId));
  }, [next, displayId]);
  useEffect(() => {
    if (cued) void preloadPanels(ownPanels(cued.wall, cued.layout, displayId));
  }, [cued, displayId]);
  const cuedKey = cued?.key ?? null;
  useEffect(() => {
    if (cuedKey === null) return;
    const id = setTimeout(() => dispatch({ type: 'cue-expired', key: cuedKey }), CUE_KEEP_MS);
    return () => clearTimeout(id);
  }, [cuedKey]);

  // Shown when painted (the reducer swaps at once), or after SWAP_CAP_MS as it is.
  const nextKey = next && !readyKeys.has(next.key) ? next.key : null;
  useEffect(() => {
    if (nextKey === null) return;
    const id = setTimeout(() => dispatch({ type: 'swap-cap', key: nextKey }), SWAP_CAP_MS);
    return () => clearTimeout(id);
  }, [nextKey]);

  // Prepares the next preset ahead that no canvas shows yet, at idle and one at a time: only while
  // the wall is settled (its canvas painted, no switch under way, every hidden canvas painted),
  // in a transition, so a switch that arrives meanwhile is rendered first.
  // (A canvas without this display is not drawn here, so it never reports painted.)
  const hasDisplay = (c: Shown) => !!findDisplay(c.wall, displayId);
  const settled =
    !!current &&
    readyKeys.has(current.key) &&
    !next &&
    [...warm, ...(cued ? [cued] : [])].every((c) => readyKeys.has(c.key) || !hasDisplay(c));
  // Not before AHEAD_SETTLE_MS after this display's first frame: the other displays of the
  // machine are still painting theirs.
  const [aheadOpen, setAheadOpen] = useState(false);
  const firstPainted = !!current && readyKeys.has(current.key);
  useEffect(() => {
    if (!firstPainted || aheadOpen) return;
    const id = setTimeout(() => setAheadOpen(true), AHEAD_SETTLE_MS);
    return () => clearTimeout(id);
  }, [firstPainted, aheadOpen]);
  const canvases = mountedCanvases(st);
  const toPrepare = settled && aheadOpen ? nextToPrepare(ahead, new Set(canvases.map((c) => c.sig))) : null;
  useEffect(() => {
    if (!toPrepare) return;
    // The reducer mounts it only if no canvas has that layout by then.
    return whenIdle(() => startTransition(() => dispatch({ type: 'prepare', canvas: make(toPrepare) })));
  }, [toPrepare, make]);

  // One stable callback per canvas, so a switch re-renders only the canvases whose role changed.
  const readyCallbacks = useRef(new Map<number, (r: boolean) => void>());
  const readyCallback = (key: number) => {
    let cb = readyCallbacks.current.get(key);
    if (!cb) readyCallbacks.current.set(key, (cb = (r: boolean) => dispatch({ type: 'painted', key, ready: r })));
    return cb;
  };
  // A canvas that left never comes back: a layout shown again gets a new key. Its callback goes
  // with it (its painted flag leaves in the reducer).
  const liveKeys = canvases.map((c) => c.key).join(',');
  useEffect(() => pruneToLive(readyCallbacks.current, new Set(liveKeys.split(',').filter(Boolean).map(Number))), [liveKeys]);

  let msg: string | null = null;
  if (!current) msg = active.isSuccess && !target?.layout ? t('wall.noLayout') : t('wall.loading');
  else if (!hasDisplay(current))
    msg = t('wall.noDisplay', { id: displayId, ids: current.wall.displays.map((d) => d.id).join(', ') });

  const ready = !!current && hasDisplay(current) && readyKeys.has(current.key);
  // The host's frame (./first-frame.ts) gives way to this page's own once it has painted; before
  // the browser paints or a test looks: never both canvases in the page at once.
  useLayoutEffect(() => {
    if (ready) dropFirstFrame();
  }, [ready]);
  // And at once if the host is lost: the page's banner says so, which the frame would cover.
  useEffect(() => client.onState((s) => s === 'down' && dropFirstFrame()), [client]);
  // A severe alert's band: the tiles under it are laid out below it (every canvas alike, so a
  // switch while it is up shows them there too), and the connection banner goes under it.
  const bandUp = useBandUp();
  let bannerTop = 0;
  if (bandUp && current && hasDisplay(current)) {
    const v = displayViewport(current.wall, displayId);
    const strip = bandStrip(current.wall);
    const scale = fitScale(v, win);
    if (strip.bottom > v.y && strip.top < v.y + v.height) bannerTop = Math.max(0, (strip.bottom - v.y) * scale);
  }
  // The offline cache follows the canvas on screen once it has painted: its answers are kept,
  // the others pruned. Not before: panels still loading their code have asked for nothing yet,
  // and the last run's answers must not be pruned for that.
  useEffect(() => cache?.writer.start(), [cache]);
  const painted = current && readyKeys.has(current.key) ? current : null;
  useEffect(() => {
    if (painted) cache?.writer.track(painted.scope, painted.layout.id);
  }, [cache, painted]);
  return (
    <SurfaceContext.Provider value="wall">
    <div
      className="wall-root"
      data-display-id={displayId}
      data-layout-id={current?.layout.id}
      data-wall-ready={ready ? 'true' : undefined}
      data-cued-layout-id={cued?.layout.id}
      data-cued-ready={cued && readyKeys.has(cued.key) ? 'true' : undefined}
    >
      {canvases.filter(hasDisplay).map((c) => (
        <WallCanvas
          key={c.key}
          wall={c.wall}
          layout={c.layout}
          viewport={displayViewport(c.wall, displayId)}
          fit={win}
          hidden={c !== current}
          onReady={readyCallback(c.key)}
          scope={c.scope}
          band={bandUp}
        />
      ))}
      {current && hasDisplay(current) ? <AlertBand wall={current.wall} viewport={displayViewport(current.wall, displayId)} fit={win} /> : null}
      {msg ? <div className="wall-msg">{msg}</div> : null}
      <ConnectionBannerSlot className="wall-conn" style={{ top: bannerTop }} />
    </div>
    </SurfaceContext.Provider>
  );
}
