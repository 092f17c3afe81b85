/**
 * The canvases one wall display keeps mounted, as one state changed by one reducer: the canvas on
 * screen (`current`), the one being prepared for a switch (`next`), the one the console or the
 * schedule cued (`cued`), and the hidden ones kept (`warm`: the presets ahead and a few recent
 * others, ./ahead.ts), with the keys of those that have painted.
 *
 * One reducer because these roles used to be separate React states, each path (a switch, a cue,
 * a preset prepared at idle) checking only some of the others, some through refs one render old.
 * A 140-minute soak found a display holding two hidden canvases of the same preset until the end:
 * a cue had mounted one while the other was prepared, and once every preset was kept warm no
 * later cue replaced it. Here every action sees the whole state, and `settle` keeps the rule
 * after each one: a layout (its signature) has one canvas, whatever the order events arrive in.
 */
import { keepHidden } from './ahead';
import { keepLive } from './live-keys';

export interface CanvasLike {
  /** Unique per mounted canvas; a layout shown again after it left gets a new key. */
  key: number;
  /** The wall and layout it draws, as JSON: the same layout gives the same signature. */
  sig: string;
}

export interface Canvases<C extends CanvasLike> {
  current: C | null;
  next: C | null;
  cued: C | null;
  /** Hidden and kept, most recently shown first. */
  warm: readonly C[];
  /** Keys of the mounted canvases whose tiles have all painted. */
  ready: ReadonlySet<number>;
  /** Signatures of the presets to keep prepared ('layout.ahead'), in order. */
  ahead: readonly string[];
}

export type CanvasAction<C extends CanvasLike> =
  /** The wall must show this layout (`canvas` is a fresh one, used only if no canvas has the layout). */
  | { type: 'show'; canvas: C }
  /** Prepare this layout hidden: it is likely to be shown next. */
  | { type: 'cue'; canvas: C }
  /** At idle: prepare this preset ahead. */
  | { type: 'prepare'; canvas: C }
  | { type: 'painted'; key: number; ready: boolean }
  /** The canvas being prepared took too long: show it as it is. */
  | { type: 'swap-cap'; key: number }
  /** A cue not followed by its switch within CUE_KEEP_MS: its canvas stops being kept for it. */
  | { type: 'cue-expired'; key: number }
  | { type: 'ahead'; ahead: readonly string[] };

/**
 * How long a cued canvas is kept waiting for its switch. The schedule cues a minute ahead; an
 * operator cues a preset by picking it in the editor and may show it some minutes later, or never:
 * a canvas kept for a cue nobody follows would re-render hidden on every data change for months.
 */
export const CUE_KEEP_MS = 15 * 60_000;

export function emptyCanvases<C extends CanvasLike>(): Canvases<C> {
  return { current: null, next: null, cued: null, warm: [], ready: new Set(), ahead: [] };
}

/** Every mounted canvas once, in key order (a canvas changing role is never moved in the DOM). */
export function mountedCanvases<C extends CanvasLike>(s: Canvases<C>): C[] {
  const all = [s.current, s.next, s.cued, ...s.warm].filter((c): c is C => c !== null);
  return all.filter((c, i) => all.findIndex((x) => x.key === c.key) === i).sort((a, b) => a.key - b.key);
}

function findBySig<C extends CanvasLike>(s: Canvases<C>, sig: string): C | undefined {
  return mountedCanvases(s).find((c) => c.sig === sig);
}

/** `n` goes on screen; the canvas it replaces joins the kept ones (or leaves, by ./ahead.ts). */
function promote<C extends CanvasLike>(s: Canvases<C>, n: C): Canvases<C> {
  const old = s.current;
  const rest = s.warm.filter((w) => w.key !== n.key && w.key !== old?.key);
  return {
    ...s,
    current: n,
    next: s.next?.key === n.key ? null : s.next,
    cued: s.cued?.key === n.key ? null : s.cued,
    warm: keepHidden(old && old.key !== n.key ? [old, ...rest] : rest, s.ahead),
  };
}

function reduce<C extends CanvasLike>(s: Canvases<C>, a: CanvasAction<C>): Canvases<C> {
  switch (a.type) {
    case 'show': {
      const sig = a.canvas.sig;
      if (s.current?.sig === sig) return s.next ? { ...s, next: null } : s; // switched back before the other was shown
      if (s.next?.sig === sig) return s;
      // Already mounted: kept from before, prepared ahead, or cued while the operator chose it.
      const kept = findBySig(s, sig);
      if (!kept) return s.current ? { ...s, next: a.canvas } : { ...s, current: a.canvas };
      if (s.ready.has(kept.key)) return promote({ ...s, next: null }, kept); // painted: shown in the next frame
      return { ...s, next: kept, cued: s.cued?.key === kept.key ? null : s.cued };
    }
    case 'cue':
      return findBySig(s, a.canvas.sig) ? s : { ...s, cued: a.canvas };
    case 'prepare':
      return findBySig(s, a.canvas.sig) ? s : { ...s, warm: keepHidden([...s.warm, a.canvas], s.ahead) };
    case 'painted': {
      if (a.ready === s.ready.has(a.key)) return s;
      const ready = new Set(s.ready);
      if (a.ready) ready.add(a.key);
      else ready.delete(a.key);
      const t = { ...s, ready };
      return a.ready && s.next?.key === a.key ? promote(t, s.next) : t;
    }
    case 'swap-cap':
      return s.next?.key === a.key ? promote(s, s.next) : s;
    case 'cue-expired': {
      const c = s.cued;
      if (c?.key !== a.key) return s;
      // A preset ahead stays, painted, among the kept ones; any other layout leaves.
      return { ...s, cued: null, warm: s.ahead.includes(c.sig) ? keepHidden([...s.warm, c], s.ahead) : s.warm };
    }
    case 'ahead': {
      // Compared item by item: each is a whole layout as JSON, not worth joining into one string.
      if (a.ahead.length === s.ahead.length && a.ahead.every((x, i) => x === s.ahead[i])) return s;
      return { ...s, ahead: a.ahead, warm: keepHidden(s.warm, a.ahead) };
    }
  }
}

/**
 * The rule every state keeps: one canvas per layout. A hidden canvas (cued or kept) of the layout
 * on screen or being prepared, under another key, goes; of two hidden ones the kept one stays
 * (a switch finds it there). Painted flags of canvases that left go with them.
 */
function settle<C extends CanvasLike>(s: Canvases<C>): Canvases<C> {
  const shown = new Map<string, number>();
  for (const c of [s.current, s.next]) if (c && !shown.has(c.sig)) shown.set(c.sig, c.key);
  const other = (c: C) => shown.has(c.sig) && shown.get(c.sig) !== c.key;
  let warm = s.warm.some(other) ? s.warm.filter((c) => !other(c)) : s.warm;
  warm = keepHidden(warm, s.ahead);
  if (warm.length === s.warm.length) warm = s.warm;
  const cued = s.cued && (other(s.cued) || warm.some((w) => w.sig === s.cued!.sig && w.key !== s.cued!.key)) ? null : s.cued;
  const t = warm === s.warm && cued === s.cued ? s : { ...s, warm, cued };
  const ready = keepLive(t.ready, new Set(mountedCanvases(t).map((c) => c.key)));
  return ready === t.ready ? t : { ...t, ready };
}

/** The reducer of a display's canvases (for `useReducer`). Returns the same state when nothing changed. */
export function canvasesReducer<C extends CanvasLike>(s: Canvases<C>, a: CanvasAction<C>): Canvases<C> {
  const t = reduce(s, a);
  return t === s ? s : settle(t);
}
