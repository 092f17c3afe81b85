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
import { startTransition, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { displayViewport, findDisplay, tilesForDisplay } from '../../layouts/geometry';
import { SurfaceContext } from '../components/surface';
import { preloadPanels } from '../panels/registry';
import { useActiveLayout, type ActiveLayoutLike } from './useActiveLayout';
import { useHostClient } from '../client/context';
import { useHost } from '../client/hooks';
import { WallCanvas } from './WallCanvas';
import { AlertBand } from './AlertBand';
import '../alerts/alerts.css';
import { QueryScope } from '../client/query-scope';
import type { WallCache } from './cache/wall-cache';
import { resolveDisplayId } from './display-id';
import { keepLive, pruneToLive } from './live-keys';
import { AHEAD_SETTLE_MS, keepHidden, nextToPrepare } from './ahead';
import { useTranslation } from '../i18n';

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
  const aheadSigs = useRef<string[]>([]);
  aheadSigs.current = sigsAhead;

  // The canvas on screen, the one being prepared, and the hidden ones kept (most recently shown
  // first): the presets ahead and up to WARM_LAYOUTS recently shown others (./ahead.ts).
  const [current, setCurrentState] = useState<Shown | null>(null);
  const [warm, setWarm] = useState<Shown[]>([]);
  const currentRef = useRef<Shown | null>(null);
  const setCurrent = useCallback((n: Shown) => {
    const old = currentRef.current;
    currentRef.current = n;
    setCurrentState(n);
    setWarm((ws) => {
      const rest = ws.filter((w) => w.key !== n.key && w.key !== old?.key);
      return keepHidden(old && old.key !== n.key ? [old, ...rest] : rest, aheadSigs.current);
    });
  }, []);
  // The presets ahead changed (one edited, deleted, the schedule saved): drop what is no longer wanted.
  // Joined once per answer, not per render: a signature is a whole layout as JSON.
  const aheadKey = useMemo(() => sigsAhead.join('\n'), [sigsAhead]);
  useEffect(() => setWarm((ws) => {
    const kept = keepHidden(ws, aheadSigs.current);
    return kept.length === ws.length ? ws : kept;
  }), [aheadKey]);
  const [next, setNext] = useState<Shown | null>(null);
  // A layout the console has cued ('layout.cued': the operator picked it in the editor):
  // prepared hidden, so "Hiển thị lên tường" only has to reveal it.
  const [cued, setCued] = useState<Shown | null>(null);
  const client = useHostClient();
  const warmRef = useRef<Shown[]>([]);
  warmRef.current = warm;
  const [readyKeys, setReadyKeys] = useState<ReadonlySet<number>>(() => new Set());
  const seq = useRef(0);

  const target = active.data;
  // Once per answer, not on each of the renders a switch makes (a canvas painting, a swap).
  const targetSig = useMemo(() => (target?.layout ? sig(target) : ''), [target]);
  useEffect(() => {
    if (!target?.layout) return;
    if (current?.sig === targetSig) {
      setNext(null); // switched back before the new one was shown
      return;
    }
    if (next?.sig === targetSig) return;
    // Already mounted: kept from before, or cued by the console while the operator chose it.
    const kept = [...warm, ...(cued ? [cued] : [])].find((w) => w.sig === targetSig);
    if (kept) {
      if (kept.key === cued?.key) setCued(null);
      if (readyKeys.has(kept.key)) {
        setCurrent(kept); // already painted: shown in the next frame
        setNext(null);
      } else setNext(kept);
      return;
    }
    const shown: Shown = { key: ++seq.current, sig: targetSig, wall: target.wall, layout: target.layout, scope: new QueryScope() };
    if (!current) setCurrent(shown);
    else {
      void preloadPanels(ownPanels(shown.wall, shown.layout, displayId));
      setNext(shown);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `targetSig` stands for the target layout; the warm/cued/ready state it reads must not re-run the switch
  }, [targetSig]);

  useEffect(
    () =>
      client.on('layout.cued', (a) => {
        if (!a?.layout) return;
        const s = sig(a);
        if (currentRef.current?.sig === s || warmRef.current.some((w) => w.sig === s)) return;
        void preloadPanels(ownPanels(a.wall, a.layout, displayId));
        const layout = a.layout;
        setCued((c) => (c?.sig === s ? c : { key: ++seq.current, sig: s, wall: a.wall, layout, scope: new QueryScope() }));
      }),
    [client, displayId],
  );


  const swap = useCallback(
    (n: Shown) => {
      setCurrent(n);
      setNext((x) => (x?.key === n.key ? null : x));
    },
    [setCurrent],
  );
  useEffect(() => {
    if (!next) return;
    if (readyKeys.has(next.key)) {
      swap(next);
      return;
    }
    const id = setTimeout(() => swap(next), SWAP_CAP_MS);
    return () => clearTimeout(id);
  }, [next, readyKeys, swap]);

  const onReady = useCallback((key: number, r: boolean) => {
    setReadyKeys((s) => {
      if (r === s.has(key)) return s;
      const n = new Set(s);
      if (r) n.add(key);
      else n.delete(key);
      return n;
    });
  }, []);

  // Prepares the next preset ahead that no canvas shows yet, at idle and one at a time: only while
  // the wall is settled (its canvas painted, no switch under way, every hidden canvas painted),
  // in a transition, so a switch that arrives meanwhile is rendered first.
  // (A canvas without this display is not drawn here, so it never reports painted.)
  const drawnHere = (c: Shown) => !!findDisplay(c.wall, displayId);
  const settled =
    !!current &&
    readyKeys.has(current.key) &&
    !next &&
    [...warm, ...(cued ? [cued] : [])].every((c) => readyKeys.has(c.key) || !drawnHere(c));
  // Not before AHEAD_SETTLE_MS after this display's first frame: the other displays of the
  // machine are still painting theirs.
  const [aheadOpen, setAheadOpen] = useState(false);
  const firstPainted = !!current && readyKeys.has(current.key);
  useEffect(() => {
    if (!firstPainted || aheadOpen) return;
    const id = setTimeout(() => setAheadOpen(true), AHEAD_SETTLE_MS);
    return () => clearTimeout(id);
  }, [firstPainted, aheadOpen]);
  const mountedSigs = [current, next, cued, ...warm].filter((c): c is Shown => c !== null).map((c) => c.sig);
  const toPrepare = settled && aheadOpen ? nextToPrepare(ahead, new Set(mountedSigs)) : null;
  useEffect(() => {
    if (!toPrepare) return;
    return whenIdle(() =>
      startTransition(() =>
        setWarm((ws) =>
          ws.some((w) => w.sig === toPrepare.sig)
            ? ws
            : keepHidden([...ws, { key: ++seq.current, sig: toPrepare.sig, wall: toPrepare.wall, layout: toPrepare.layout, scope: new QueryScope() }], aheadSigs.current),
        ),
      ),
    );
  }, [toPrepare]);

  // In key order, so a canvas changing role (warm → current) is never moved in the DOM.
  // One stable callback per canvas, so a switch re-renders only the canvases whose role changed.
  const readyCallbacks = useRef(new Map<number, (r: boolean) => void>());
  const readyCallback = (key: number) => {
    let cb = readyCallbacks.current.get(key);
    if (!cb) readyCallbacks.current.set(key, (cb = (r: boolean) => onReady(key, r)));
    return cb;
  };
  const canvases = [current, next, cued, ...warm]
    .filter((c): c is Shown => c !== null)
    .filter((c, i, all) => all.findIndex((x) => x.key === c.key) === i)
    .sort((a, b) => a.key - b.key);
  const hasDisplay = (c: Shown) => !!findDisplay(c.wall, displayId);
  // A canvas that left (current, next, cued and warm no longer name it) never comes back: a
  // layout shown again gets a new key. Its ready flag and callback go with it.
  const liveKeys = canvases.map((c) => c.key).join(',');
  useEffect(() => {
    const live = new Set(liveKeys.split(',').filter(Boolean).map(Number));
    pruneToLive(readyCallbacks.current, live);
    setReadyKeys((s) => keepLive(s, live));
  }, [liveKeys]);

  let msg: string | null = null;
  if (!current) msg = active.isSuccess && !target?.layout ? t('wall.noLayout') : t('wall.loading');
  else if (!hasDisplay(current))
    msg = t('wall.noDisplay', { id: displayId, ids: current.wall.displays.map((d) => d.id).join(', ') });

  const ready = !!current && hasDisplay(current) && readyKeys.has(current.key);
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
        />
      ))}
      {current && hasDisplay(current) ? <AlertBand wall={current.wall} viewport={displayViewport(current.wall, displayId)} fit={win} /> : null}
      {msg ? <div className="wall-msg">{msg}</div> : null}
    </div>
    </SurfaceContext.Provider>
  );
}
