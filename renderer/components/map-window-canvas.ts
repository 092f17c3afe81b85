/**
 * Leaflet's canvas renderer, sized to the part of the map the window shows. On the wall a
 * map tile may span several displays, and each display's page lays out the whole tile
 * (WallCanvas shifts the wall canvas under the window). Leaflet's own renderer allocates,
 * clears and fills a canvas the size of the whole map plus 10% padding on each side: on a
 * 3×2 wall a half-wall map is a ~2300×1700 bitmap per display, of which one display shows
 * about a third, and that allocation was the largest single cost of a cold switch (~300 ms
 * of a display's CPU on a busy machine). This renderer draws only the visible rectangle (a
 * few pixels more, so antialiased edges meet at the seam); what is drawn there is the same
 * pixels as before, so the halves of a spanning map still meet exactly.
 *
 * A map taken down leaves its canvas in a pool (canvas-pool.ts) and the next one drawn takes it,
 * so a layout switch does not allocate a bitmap for every map it mounts.
 *
 * Built on Leaflet 1.9's Renderer/Canvas internals (_initContainer's events, _update,
 * _updateTransform, _destroyContainer, _bounds), pinned in package.json;
 * tests/e2e/layouts.spec.ts checks spanning maps across a seam.
 */
import L from 'leaflet';
import { CanvasPool, sizeFor } from './canvas-pool';

/** Pixels drawn beyond the visible edge (antialiasing, labels' halos at the window's border). */
const MARGIN = 4;

/**
 * Boxes read during the current run of script, until its next microtask. A map mounted on the
 * wall reads its box when its renderer first sizes its canvas and again when it picks the points
 * under the window, in the same run of its effects, with its own layers, names and markers added
 * in between: each later read laid the whole page out again for the same answer (on a layout of
 * two wall-spanning maps, 86 of the 462 ms of Leaflet's mounting work per switch over six pages).
 * Nothing in that run moves a map's box: a resize or a new layout comes in a task of its own,
 * after the microtask that empties this.
 */
const boxesThisRun = new Map<HTMLElement, L.Bounds | null>();

/** The part of `el` inside the window, in `el`'s own (untransformed) pixels; null if none. */
export function visibleBox(el: HTMLElement): L.Bounds | null {
  if (boxesThisRun.has(el)) return boxesThisRun.get(el)!;
  if (boxesThisRun.size === 0) queueMicrotask(() => boxesThisRun.clear());
  const box = measureVisibleBox(el);
  boxesThisRun.set(el, box);
  return box;
}

function measureVisibleBox(el: HTMLElement): L.Bounds | null {
  const r = el.getBoundingClientRect();
  if (el.offsetWidth === 0 || el.offsetHeight === 0 || r.width === 0 || r.height === 0) return null;
  const sx = r.width / el.offsetWidth;
  const sy = r.height / el.offsetHeight;
  const x0 = Math.max(0, -r.left / sx);
  const y0 = Math.max(0, -r.top / sy);
  const x1 = Math.min(el.offsetWidth, (innerWidth - r.left) / sx);
  const y1 = Math.min(el.offsetHeight, (innerHeight - r.top) / sy);
  if (x1 <= x0 || y1 <= y0) return null;
  return L.bounds([Math.floor(x0), Math.floor(y0)], [Math.ceil(x1), Math.ceil(y1)]);
}

/** Canvas pixels per CSS pixel, as Leaflet's canvas renderer draws. */
const density = () => (L.Browser.retina ? 2 : 1);

/**
 * Canvases of removed maps, up to half again a window's pixels (a layout's maps draw at most
 * about one window between them: each only its part inside the window).
 */
const pool = new CanvasPool<HTMLCanvasElement>(
  () => 1.5 * innerWidth * innerHeight * density() ** 2,
  (c) => {
    c.width = 0;
    c.height = 0;
  },
);
/** Canvases this renderer has given a size (and so a bitmap); a fresh one has neither. */
const sized = new WeakSet<HTMLCanvasElement>();

type Internals = L.Canvas & {
  _map: L.Map & { _animatingZoom?: boolean; _getNewPixelOrigin(c: L.LatLng, z: number): L.Point };
  _bounds: L.Bounds;
  _center: L.LatLng;
  _zoom: number;
  _container: HTMLCanvasElement;
  _ctx: CanvasRenderingContext2D;
  /** Top-left of the drawn area relative to the map's centre, in pixels at _zoom. */
  _fromCenter: L.Point;
  _onMouseMove(e: Event): void;
  _onClick(e: Event): void;
  _handleMouseOut(e: Event): void;
};

const canvasProto = L.Canvas.prototype as unknown as { _destroyContainer(this: Internals): void };

/** Puts `kept` where the renderer's own canvas is, with the listeners Leaflet's _initContainer binds. */
function adopt(r: Internals, kept: HTMLCanvasElement): void {
  const own = r._container;
  L.DomEvent.off(own);
  own.replaceWith(kept);
  L.DomEvent.on(kept, 'mousemove', r._onMouseMove, r);
  L.DomEvent.on(kept, 'click dblclick mousedown mouseup contextmenu', r._onClick, r);
  L.DomEvent.on(kept, 'mouseout', r._handleMouseOut, r);
  (kept as HTMLCanvasElement & { _leaflet_disable_events?: boolean })._leaflet_disable_events = true;
  L.DomUtil.addClass(kept, 'leaflet-zoom-animated');
  r._container = kept;
  r._ctx = kept.getContext('2d')!;
}

const WindowCanvas = L.Canvas.extend({
  _update(this: Internals) {
    const map = this._map;
    if (map._animatingZoom && this._bounds) return;
    const size = map.getSize();
    const vis = visibleBox(map.getContainer());
    // Nothing visible (collapsed, off-window): a 1-pixel canvas, redrawn when it comes into view.
    const lo = vis ? L.point(Math.max(0, vis.min!.x - MARGIN), Math.max(0, vis.min!.y - MARGIN)) : L.point(0, 0);
    const hi = vis ? L.point(Math.min(size.x, vis.max!.x + MARGIN), Math.min(size.y, vis.max!.y + MARGIN)) : L.point(1, 1);
    const min = map.containerPointToLayerPoint(lo).round();
    const max = map.containerPointToLayerPoint(hi).round();
    this._bounds = L.bounds(min, max);
    this._center = map.getCenter();
    this._zoom = map.getZoom();
    // From the centre's exact layer point, as _updateTransform adds it back: the rounded one
    // (latLngToLayerPoint) placed the canvas up to half a pixel off, resampled, at every reset.
    this._fromCenter = min.subtract(map.project(this._center, this._zoom).subtract(map.getPixelOrigin()));

    // From here on as L.Canvas._update, but the canvas may be larger than the drawn area.
    const s = this._bounds.getSize();
    const m = density();
    if (!sized.has(this._container)) {
      const kept = pool.take(m * s.x, m * s.y);
      if (kept) adopt(this, kept);
      // Said on the map's box for tests and benches: whether this map found a kept canvas.
      map.getContainer().dataset.canvas = kept ? 'kept' : 'new';
    }
    const container = this._container;
    // Setting the size a canvas has keeps its bitmap (cleared); another size allocates one.
    const to = sizeFor(container, m * s.x, m * s.y);
    sized.add(container);
    L.DomUtil.setPosition(container, min);
    container.width = to.width;
    container.height = to.height;
    container.style.width = `${to.width / m}px`;
    container.style.height = `${to.height / m}px`;
    // The part drawn (the canvas may be larger): what the window needs, in CSS pixels.
    container.dataset.drawn = `${s.x}x${s.y}`;
    if (L.Browser.retina) this._ctx.scale(2, 2);
    this._ctx.translate(-min.x, -min.y);
    this.fire('update');
  },
  _destroyContainer(this: Internals) {
    const own = this._container;
    canvasProto._destroyContainer.call(this);
    if (own && sized.has(own)) pool.give(own);
  },
  // Leaflet redraws a changed layer by clearing the box around it and drawing what meets that box
  // again, clipped to it; that gives antialiased edges a few levels apart from a whole drawing, so
  // a map whose points were re-added after its first drawing (every 'moveend', a window move, a
  // new answer) kept pixels unlike another page's map of the same view (a spanning map's halves,
  // a display started later; tests/e2e/canvas-pool.spec.ts). The whole drawn part is drawn again
  // instead: the same pixels whatever the map's history, and a wall map redraws seldom.
  _extendRedrawBounds() {},
  // Leaflet places the canvas from the map's size and padding here; ours starts elsewhere.
  _updateTransform(this: Internals, center: L.LatLng, zoom: number) {
    const map = this._map;
    if (!this._fromCenter) return;
    const scale = map.getZoomScale(zoom, this._zoom);
    const offset = this._fromCenter.multiplyBy(scale).add(map.project(this._center, zoom)).subtract(map._getNewPixelOrigin(center, zoom));
    if (L.Browser.any3d) L.DomUtil.setTransform(this._container, offset, scale);
    else L.DomUtil.setPosition(this._container, offset);
  },
}) as unknown as new (options?: L.RendererOptions) => L.Canvas;

/** A canvas renderer drawing only the map's part inside the window (see above). */
export function windowCanvas(options?: L.RendererOptions): L.Canvas {
  return new WindowCanvas({ ...options, padding: 0 });
}

/** Redraws the renderer for the map's current place in the window (the window was resized). */
export function redrawForWindow(renderer: L.Canvas): void {
  (renderer as unknown as { _reset(): void })._reset();
}

/**
 * The part of the map inside the window as geographic bounds, `pad` px wider on each side
 * (markers centred just outside still show their edge); null when none of it is in the window.
 */
export function windowLatLngBounds(map: L.Map, pad: number): L.LatLngBounds | null {
  const vis = visibleBox(map.getContainer());
  if (!vis) return null;
  return L.latLngBounds(map.containerPointToLatLng(vis.min!.subtract([pad, pad])), map.containerPointToLatLng(vis.max!.add([pad, pad])));
}
