/**
 * Leaflet map with NO tile server: the district boundaries from 'areas.list' are the base
 * map (a GeoJSON layer), so it works offline and on a LAN without internet. Points are drawn
 * as canvas circles and clustered with supercluster once there are many, so thousands stay
 * smooth. Popups are built from DOM nodes with textContent only: citizen-written text shows
 * markup literally and can never run.
 *
 *   <Map points={pts} selectedAreaId={areaId} onSelectArea={setAreaId}
 *        areaValues={{ '689': 12 }} color={domain.color} onPainted={mark} />
 *
 * A tile spanning two wall displays is rendered by each display at the same size and bounds,
 * so the two halves meet exactly (fit is deterministic; no animation).
 */
import L from 'leaflet';
import type Supercluster from 'supercluster';
import { useEffect, useMemo, useRef, useState } from 'react';
import { formatNumber } from '../format';
import { useAreas } from './hooks';
import { MIN_LABEL_PX, geometryContains, placeLabels, type LabelBox, type LabelCandidate } from './label-placement';
import { boundaryTolerance, geometryBounds, type GeoBounds } from './map-detail';
import {
  DEFAULT_VIEW,
  FIT_PADDING_PX,
  MARKER_MARGIN_PX,
  SITE_OBSTACLES_MAX,
  TOUCH_CLUSTER_RADIUS,
  TOUCH_TARGET_PX,
  WALL_CLUSTER_RADIUS,
  areaFeatures,
  areaStyle,
  areaValue,
  choroplethMax,
  clusterDiscPx,
  clusterIndex,
  drawableUnits,
  featuresAt,
  featuresBounds,
  pointStyle,
  shapeStyle,
  shownMarkers,
  type AreaFeature as Feature,
} from './map-svg-project';
import { MapSvg } from './map-svg';
import { useStaticFrame } from './static-frame';
import { redrawForWindow, windowCanvas, windowLatLngBounds } from './map-window-canvas';
import { useSurface } from './surface';
import { useTranslation } from '../i18n';

export interface MapPoint {
  id: string;
  lat: number;
  lon: number;
  /** Fill colour; always paired with a word in `title`/`status` or a legend entry. */
  color?: string;
  /** Circle radius in px (default 8). */
  radius?: number;
  /** Outline colour (default white). */
  stroke?: string;
  title: string;
  /** Citizen text or details: shown as plain text. */
  text?: string;
  /**
   * Extra lines "label: value", plain text; or a function giving them, for lines that cost
   * something to build (dates, names): only an opened popup shows them, and a wall map of
   * hundreds of points never opens one.
   */
  lines?: string[] | (() => string[]);
}

/** An area drawn over the map (a CAP warning's polygons and circles), with a pattern of text, not colour alone. */
export interface MapShape {
  id: string;
  /** Rings of [lat, lon], as CAP writes them. */
  polygons: [number, number][][];
  circles: { lat: number; lon: number; radiusKm: number }[];
  color: string;
  title: string;
  text?: string;
  lines?: string[];
}

export interface MapProps {
  points?: MapPoint[];
  shapes?: MapShape[];
  /** Accent for boundaries and choropleth fill. */
  color?: string;
  selectedAreaId?: string;
  onSelectArea?(areaId: string | undefined): void;
  /** Per-area figure: fills areas by value and prints it under the name (not colour only). */
  areaValues?: Record<string, number>;
  /**
   * District names on the map (default true). They never overlap: placed by priority
   * (selected, larger area, larger value), the ones that collide are hidden until zoomed in.
   */
  labels?: boolean;
  /** Fit the map to the selected district (default true); false keeps the province in view. */
  zoomToSelected?: boolean;
  /** Cluster when more points than this (default 200). */
  clusterAbove?: number;
  /** Default: false on the wall (SurfaceContext), true elsewhere. */
  interactive?: boolean;
  onPainted?(): void;
  /** A point was clicked or tapped (interactive maps): e.g. open the camera it is. */
  onPointClick?(id: string): void;
  ariaLabel: string;
}

/** Cluster titles by language and count (bounded: two languages, counts up to the points shown). */
const clusterTitles = new globalThis.Map<string, globalThis.Map<number, string>>();

/** Each district name's point, per (shared, simplified) feature: see CentredLabel. */
const labelCentres = new WeakMap<object, L.LatLng>();

/**
 * A cluster marker of a wall map. Leaflet registers every marker's own 'zoom'/'viewreset'
 * handlers on the map, and checks each new one against all those already there: adding n
 * markers is n² comparisons (the top Leaflet function of a cold switch's profile). A wall map's
 * markers are rebuilt on every 'moveend' (which follows every zoom and view reset), so their own
 * handlers only moved markers about to be replaced.
 */
const WallMarker = L.Marker.extend({
  getEvents() {
    return {};
  },
}) as unknown as typeof L.Marker;

/** Fired on a wall map when the window moved over it (the points under the window change). */
const WINDOW_MOVED = 'iocwindowmoved';

/** Popup content as DOM nodes: textContent only, never HTML from data. */
export function popupNode(p: Pick<MapPoint, 'title' | 'text' | 'lines'>): HTMLElement {
  const root = document.createElement('div');
  const h = document.createElement('div');
  h.className = 'popup__title';
  h.textContent = p.title;
  root.appendChild(h);
  for (const line of (typeof p.lines === 'function' ? p.lines() : p.lines) ?? []) {
    const d = document.createElement('div');
    d.textContent = line;
    root.appendChild(d);
  }
  if (p.text) {
    const d = document.createElement('div');
    d.className = 'popup__text';
    d.textContent = p.text;
    root.appendChild(d);
  }
  return root;
}

/**
 * A cluster's count in a circle sized by how many it holds. `minTarget`: on the kiosk the
 * marker is a finger's target (64 px) around a circle of the same size as elsewhere, so the
 * map is not covered by larger discs.
 */
function clusterIcon(count: number, color: string, minTarget = 0): L.DivIcon {
  const size = clusterDiscPx(count);
  const el = document.createElement('div');
  el.className = 'cluster-icon';
  el.style.width = el.style.height = `${size}px`;
  el.style.background = color;
  el.textContent = formatNumber(count, 0);
  const box = Math.max(size, minTarget);
  if (box === size) return L.divIcon({ html: el, className: '', iconSize: [size, size] });
  const target = document.createElement('div');
  target.className = 'cluster-target';
  target.appendChild(el);
  return L.divIcon({ html: target, className: '', iconSize: [box, box] });
}

/**
 * A district's name, centred on its point by CSS (translate -50%) instead of by Leaflet's own
 * measure: Leaflet's tooltip reads its box (offsetWidth/offsetHeight) and then moves itself, so
 * with one name per district placed one after the other every read forced a fresh style and
 * layout of the page — the top function of a cold layout switch's profile on a map tile. Same
 * place, nothing read.
 */
class CentredLabel extends L.Tooltip {
  /**
   * Where the name goes: Leaflet asks the polygon for its centre (polylabel-like centroid of
   * the projected ring) every time a name is added, i.e. at every mount of every map; the
   * centre depends only on the ring (the CRS's projection, not the zoom), so it is computed
   * once per feature for the page (the simplified features are shared by every map, see
   * featuresAt) — the same point as before.
   */
  _prepareOpen(latlng?: L.LatLng): boolean {
    const src = (this as unknown as { _source?: L.Polygon & { _map?: L.Map; feature?: object } })._source;
    if (!latlng && src?._map && src.feature && typeof src.getCenter === 'function') {
      latlng = labelCentres.get(src.feature);
      if (!latlng) labelCentres.set(src.feature, (latlng = src.getCenter()));
    }
    return (L.Tooltip.prototype as unknown as { _prepareOpen(l?: L.LatLng): boolean })._prepareOpen.call(this, latlng);
  }

  _setPosition(pos: L.Point): void {
    const self = this as unknown as { _container: HTMLElement; _getAnchor(): L.Point };
    const c = self._container;
    L.DomUtil.setPosition(c, pos.add(L.point(this.options.offset ?? [0, 0])).add(self._getAnchor()));
    c.style.transform += ' translate(-50%, -50%)';
    c.classList.add('leaflet-tooltip-center');
  }
}

/** A place's px in the map's box, as the cluster targets are measured (shownMarkers). */
const onScreen = (m: L.Map) => (lat: number, lon: number) => m.latLngToContainerPoint([lat, lon]);

/** The wrapper both drawings share, with the markers tests and benches read. */
const boxProps = (props: MapProps) => ({
  className: 'map',
  role: 'img',
  'aria-label': props.ariaLabel,
  'data-map-points': props.points?.length ?? 0,
  'data-map-shapes': props.shapes?.length ?? 0,
});

/**
 * The map: drawn live by Leaflet, or, inside a frame drawn once off the page (a wall's first
 * frame, static-frame.ts), as an SVG of what Leaflet would show at first sight (map-svg.tsx).
 */
export function Map(props: MapProps) {
  return useStaticFrame() ? <StaticMap {...props} /> : <LiveMap {...props} />;
}

/** Nothing runs after the markup: no Leaflet, no effect; the same wrapper, the map as SVG. */
function StaticMap(props: MapProps) {
  const { t } = useTranslation();
  const { units, ready } = useAreas();
  return (
    <div {...boxProps(props)}>
      <MapSvg {...props} />
      {ready && !drawableUnits(units).some((a) => a.geometry) ? <div className="panel__msg map__msg">{t('map.noGeo')}</div> : null}
    </div>
  );
}

function LiveMap(props: MapProps) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { units, ready } = useAreas();
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const areaLayer = useRef<L.GeoJSON | null>(null);
  const pointLayer = useRef<L.LayerGroup | null>(null);
  const shapeLayer = useRef<L.LayerGroup | null>(null);
  const fitTo = useRef<L.LatLngBounds | null>(null);
  // A wall display's map: it draws only what its window shows (map-window-canvas).
  const wallWindow = useRef(false);
  // What the boundaries were fitted to and simplified for (map-detail).
  const fitGeo = useRef<GeoBounds | null>(null);
  const usedTol = useRef<number | null>(null);
  // The box size the boundaries were last fitted at ('WxH'; '' when not fitted yet).
  const fittedSize = useRef('');
  const [detail, setDetail] = useState(0);
  // The clustered points shown (null when they are not clustered): names keep off their discs
  // and the few points left single among them. Unclustered maps show at most a few hundred
  // points, where names over points are expected.
  const clusters = useRef<{ index: Supercluster<{ i: number }>; pts: MapPoint[] } | null>(null);
  const painted = useRef(props.onPainted);
  painted.current = props.onPainted;
  const onSelect = useRef(props.onSelectArea);
  onSelect.current = props.onSelectArea;
  const onPoint = useRef(props.onPointClick);
  onPoint.current = props.onPointClick;
  const color = props.color ?? '#66CCEE';
  const surface = useSurface();
  // Which labels show, recomputed whenever the view or the box changes (see label-placement).
  const placeFrame = useRef(0);
  // Something moved the names since they were last placed (new labels, a new view or size,
  // the web font): placing them again when nothing did measured every name for nothing.
  const placeDirty = useRef(true);
  const placeNow = useRef<() => void>(() => {});
  placeNow.current = () => {
    const m = map.current;
    const layer = areaLayer.current;
    // No view yet (never sized, or being swapped out): nothing is drawn, nothing to place.
    const zoom = m?.getZoom() as number | undefined;
    if (!m || typeof zoom !== 'number' || !placeDirty.current) return;
    placeDirty.current = false;
    const box = m.getContainer();
    const labels: { el: HTMLElement; c: Omit<LabelCandidate, 'left' | 'top' | 'width' | 'height'> }[] = [];
    const shapes = new globalThis.Map<string, Feature['geometry']>();
    layer?.eachLayer((l) => {
      const el = l.getTooltip()?.getElement();
      const f = (l as L.Polygon).feature as Feature | undefined;
      if (!el || !f) return;
      el.classList.remove('map-label--hidden');
      el.style.translate = '';
      shapes.set(f.properties.id, f.geometry);
      labels.push({ el, c: { id: f.properties.id, area: f.properties.area, selected: f.properties.id === selectedRef.current, value: areaValue(valuesRef.current, f.properties.id) } });
    });
    // Read every box in one pass (one layout), then write: no layout thrash per label.
    const b = box.getBoundingClientRect();
    const measured = labels.map(({ el, c }) => {
      const r = el.getBoundingClientRect();
      // The size the label is laid out at: on the wall a tile is already scaled to its display
      // (wall/type-scale), and the console's preview is a thumbnail that must match the wall.
      const px = parseFloat(getComputedStyle(el).fontSize);
      return { el, px, cand: { ...c, left: r.left, top: r.top, width: r.width, height: r.height } };
    });
    const legible = measured.filter((x) => x.px >= MIN_LABEL_PX);
    // The gap between names is in the map's own pixels, so a scaled copy (the console's
    // preview) keeps exactly the names the wall keeps.
    const scale = box.offsetWidth > 0 ? b.width / box.offsetWidth : 1;
    // The discs of the whole map, not only the window's: every display of a spanning map then
    // keeps and moves the same names (the clusters depend on the zoom alone). A map with no
    // names to place (most wall tiles) asks the index for nothing.
    const obstacles: LabelBox[] = [];
    const shown = clusters.current;
    const disc = (lat: number, lon: number, d: number) => {
      const p = m.latLngToContainerPoint([lat, lon]);
      obstacles.push({ id: 'disc', left: b.left + (p.x - d / 2) * scale, top: b.top + (p.y - d / 2) * scale, width: d * scale, height: d * scale });
    };
    if (shown && legible.length > 0) {
      const v = m.getBounds().pad(0.1);
      for (const c of shownMarkers(shown.index, [v.getWest(), v.getSouth(), v.getEast(), v.getNorth()], zoom, onScreen(m), touch ? TOUCH_TARGET_PX : 0)) {
        // A disc, or a single point's circle with its 2 px outline.
        disc(c.lat, c.lon, c.points.length === 1 && c.count === 1 ? 2 * ((shown.pts[c.points[0]!]?.radius ?? 8) + 1) : clusterDiscPx(c.count));
      }
    } else if (legible.length > 0 && pointsRef.current.length <= SITE_OBSTACLES_MAX) {
      // A map of sites: names keep off each marker (an air station's disc, a site's symbol).
      for (const p of pointsRef.current) disc(p.lat, p.lon, 2 * ((p.radius ?? 8) + 1));
    }
    // The map's own controls (the zoom buttons): a name under them could not be read.
    for (const c of box.querySelectorAll('.leaflet-control')) {
      const r = c.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) obstacles.push({ id: 'control', left: r.left, top: r.top, width: r.width, height: r.height });
    }
    // A name moved off a disc must still lie in its own district.
    const fits = (c: LabelCandidate, dx: number, dy: number) => {
      const g = shapes.get(c.id);
      const at = m.containerPointToLatLng([(c.left + c.width / 2 + dx - b.left) / scale, (c.top + c.height / 2 + dy - b.top) / scale]);
      return !!g && geometryContains(g as never, at.lng, at.lat);
    };
    const placed = placeLabels(legible.map((x) => x.cand), { id: 'map', left: b.left, top: b.top, width: b.width, height: b.height }, { gap: 4 * scale, unit: scale, obstacles, fits });
    let moved = 0;
    for (const x of measured) {
      const at = placed.get(x.cand.id);
      x.el.classList.toggle('map-label--hidden', !at);
      if (at && (at.dx !== 0 || at.dy !== 0)) {
        x.el.style.translate = `${at.dx / scale}px ${at.dy / scale}px`;
        moved++;
      }
    }
    box.dataset.labels = `${placed.size}/${measured.length}`;
    box.dataset.labelsMoved = String(moved);
    box.dataset.labelsAt = `${box.clientWidth}x${box.clientHeight}@${zoom.toFixed(3)}`;
  };
  const schedulePlace = useRef(() => {
    placeDirty.current = true;
    cancelAnimationFrame(placeFrame.current);
    placeFrame.current = requestAnimationFrame(() => placeNow.current());
  });
  const selectedRef = useRef(props.selectedAreaId);
  selectedRef.current = props.selectedAreaId;
  const pointsRef = useRef<MapPoint[]>([]);
  pointsRef.current = props.points ?? [];
  const valuesRef = useRef<Record<string, number> | null>(null);
  const zoomToSelected = props.zoomToSelected ?? true;
  const interactive = props.interactive ?? surface !== 'wall';
  // On the kiosk every target takes a finger: clusters are drawn at least 64 px and a point
  // answers a tap within 24 px of its edge (the canvas renderer's hit tolerance).
  const touch = surface === 'kiosk';

  // The map itself, once.
  useEffect(() => {
    if (!el.current) return;
    // A wall display draws only the part of its maps inside its window (map-window-canvas);
    // the console's preview and the kiosk scroll, and keep Leaflet's own renderer.
    const onWall = el.current.closest('.wall-root') !== null;
    wallWindow.current = onWall;
    const renderer = onWall ? windowCanvas() : L.canvas({ tolerance: touch ? 24 : 0 });
    const m = L.map(el.current, {
      preferCanvas: true,
      renderer,
      // Added below with its titles in the page's language (Leaflet's are English).
      zoomControl: false,
      attributionControl: false, // attributions are in Giới thiệu / About
      zoomSnap: 0,
      fadeAnimation: false,
      zoomAnimation: false,
      markerZoomAnimation: false,
      dragging: interactive,
      scrollWheelZoom: interactive,
      doubleClickZoom: interactive,
      boxZoom: interactive,
      keyboard: interactive,
      touchZoom: interactive,
    });
    map.current = m;
    pointLayer.current = L.layerGroup().addTo(m);
    shapeLayer.current = L.layerGroup().addTo(m);
    // Tiles get their size after layout: refit whenever the box changes, so the province
    // always fills the map (and two displays sharing a tile compute the same view).
    const box = el.current as HTMLElement & { iocPointAt?: (lat: number, lon: number) => { x: number; y: number } };
    // Points are drawn on one canvas (no element per point): end-to-end tests ask where one is,
    // in page pixels (the console's preview draws the wall scaled).
    box.iocPointAt = (lat, lon) => {
      const p = m.latLngToContainerPoint([lat, lon]);
      const r = box.getBoundingClientRect();
      const k = box.offsetWidth > 0 ? r.width / box.offsetWidth : 1;
      return { x: r.left + p.x * k, y: r.top + p.y * k };
    };
    const ro = new ResizeObserver(() => {
      // Read once: after the refit below, a read would force another layout of the page.
      const width = box.clientWidth;
      const height = box.clientHeight;
      // Detached or collapsed (a layout being swapped out): a 0-size fit gives NaN centres.
      if (width === 0 || height === 0) return;
      // The observer's first call comes right after the boundaries were fitted at this very
      // size: fitting again would redraw everything (a 'moveend': the canvas, every marker) for
      // the same view — a second mount's worth of Leaflet work on every cold layout switch.
      if (fittedSize.current === `${width}x${height}`) return;
      // Grown past what the boundaries were simplified for (or drawn before the box had a size,
      // at full detail): draw them again at the detail this size shows.
      const want = fitGeo.current ? boundaryTolerance(fitGeo.current, width, height) : null;
      if (want !== null && (usedTol.current === null || want < usedTol.current)) setDetail((n) => n + 1);
      m.invalidateSize({ animate: false });
      if (fitTo.current) {
        m.fitBounds(fitTo.current, { padding: [FIT_PADDING_PX, FIT_PADDING_PX], animate: false });
        fittedSize.current = `${width}x${height}`;
      }
      schedulePlace.current();
    });
    ro.observe(box);
    const place = schedulePlace.current;
    m.on('zoomend moveend viewreset', place);
    // The window moved the map under it (the wall's scale follows the window): redraw its part.
    const onWindow = () => {
      if (onWall && m.getContainer().clientWidth > 0) {
        redrawForWindow(renderer);
        // The points and clusters drawn are those under the window (see the points effect).
        m.fire(WINDOW_MOVED);
      }
    };
    addEventListener('resize', onWindow);
    // Names are measured: once the web font arrives they are wider, so place them again.
    document.fonts?.addEventListener('loadingdone', place);
    return () => {
      delete box.iocPointAt;
      ro.disconnect();
      removeEventListener('resize', onWindow);
      m.off('zoomend moveend viewreset', place);
      document.fonts?.removeEventListener('loadingdone', place);
      cancelAnimationFrame(placeFrame.current);
      // Our layers go first, while the canvas renderer still exists: removing paths after it
      // schedules a redraw on a destroyed canvas (Leaflet #6030: "reading 'clearRect'").
      pointLayer.current?.remove();
      shapeLayer.current?.remove();
      areaLayer.current?.remove();
      areaLayer.current = null;
      m.remove();
      map.current = null;
    };
  }, [interactive, touch]);

  // The zoom buttons, titled in the page's language; the names are placed again around them.
  useEffect(() => {
    const m = map.current;
    if (!m || !interactive) return;
    const zoom = L.control.zoom({ zoomInTitle: t('map.zoomIn'), zoomOutTitle: t('map.zoomOut') }).addTo(m);
    schedulePlace.current();
    return () => {
      zoom.remove();
    };
  }, [interactive, touch, t, lng]);

  const features = useMemo(() => areaFeatures(units), [units]);
  // By value, not identity: callers often build the record on each render, and redrawing the
  // boundaries (and refitting) on every re-render would be wasted work on the wall.
  const valuesKey = JSON.stringify(props.areaValues ?? null);
  const values = useMemo(() => JSON.parse(valuesKey) as Record<string, number> | null, [valuesKey]);
  const maxValue = useMemo(() => choroplethMax(values), [values]);
  valuesRef.current = values;

  // Boundaries (+ choropleth + labels): redrawn when areas, selection or values change.
  useEffect(() => {
    const m = map.current;
    if (!m || !ready) return;
    // The box's size, read once before this effect changes anything: each read after a change
    // (the old layer removed, labels added, the view fitted) forced another style and layout of
    // the whole page, and nothing here changes the box's own size.
    const container = m.getContainer();
    const width = container.clientWidth;
    const height = container.clientHeight;
    // Leaflet fits to the size it last measured. A box that changed since without the observer
    // refitting (content around it arrived between the map's creation and this run) was fitted
    // as its old size, and the observer, then seeing the size recorded below, never fitted it
    // again: the map stayed zoomed for a box 4 px taller. Told now, while the layout just read is
    // still clean, so it costs no second layout of the page.
    const known = m.getSize();
    if (width > 0 && height > 0 && (known.x !== width || known.y !== height)) m.invalidateSize({ animate: false, pan: false });
    areaLayer.current?.remove();
    const sel = props.selectedAreaId;
    const fitted = sel && zoomToSelected ? features.filter((f) => f.properties.id === sel) : [];
    const geo = fitted.length > 0 ? geometryBounds(fitted.map((f) => f.geometry as never)) : featuresBounds(features);
    fitGeo.current = geo;
    const tol = geo ? boundaryTolerance(geo, width, height) : null;
    usedTol.current = tol;
    const layer = L.geoJSON(featuresAt(features, tol) as never, {
      style: (f) => areaStyle((f?.properties as Feature['properties']).id, values, maxValue, sel, color),
      onEachFeature: (f, lyr) => {
        const { id, name } = f.properties as Feature['properties'];
        if (props.labels ?? true) {
          const v = areaValue(values, id);
          // A DOM node, not a string: Leaflet would set a string as innerHTML.
          const label = document.createElement('div');
          label.textContent = v !== undefined ? `${name}\n${formatNumber(v, 0)}` : name;
          lyr.bindTooltip(new CentredLabel({ permanent: true, direction: 'center', className: 'map-label' }, lyr).setContent(label));
        }
        lyr.on('click', () => onSelect.current?.(id === sel ? undefined : id));
      },
    });
    layer.addTo(m);
    // Under the points, in the features' own order. Not `layer.bringToBack()`: that moves each
    // district to the back in turn, which reverses them on a map that already has a view, and
    // moves nothing on a map still without one (Leaflet adds layers once it has a view). Which of
    // two neighbours is drawn over their shared border then depended on whether the data came
    // before the map's first fit: two pages showing the same map (a spanning map's halves, a
    // display started later than its neighbour) differed along every inner border.
    for (const l of layer.getLayers().reverse()) (l as L.Path).bringToBack();
    areaLayer.current = layer;
    // Fit: the chosen district, else every unit. No animation so spanning halves match.
    let bounds = layer.getBounds();
    if (sel && zoomToSelected) {
      layer.eachLayer((l) => {
        const id = ((l as L.Polygon).feature as Feature | undefined)?.properties.id;
        if (id === sel) bounds = (l as L.Polygon).getBounds();
      });
    }
    const sized = width > 0 && height > 0;
    fittedSize.current = '';
    if (bounds.isValid()) {
      fitTo.current = bounds;
      if (sized) {
        m.fitBounds(bounds, { padding: [FIT_PADDING_PX, FIT_PADDING_PX], animate: false });
        fittedSize.current = `${width}x${height}`;
      }
    }
    else if (sized) m.setView([DEFAULT_VIEW.lat, DEFAULT_VIEW.lon], DEFAULT_VIEW.zoom, { animate: false });
    schedulePlace.current();
    container.dataset.boundaryTolerance = tol === null ? 'full' : String(tol);
  }, [features, ready, props.selectedAreaId, values, props.labels, color, maxValue, zoomToSelected, detail]);

  // Points, clustered when dense; recomputed on zoom/move.
  useEffect(() => {
    const m = map.current;
    const layer = pointLayer.current;
    if (!m || !layer || !ready) return;
    const pts = props.points ?? [];
    const cluster = pts.length > (props.clusterAbove ?? 200);
    const index = cluster ? clusterIndex(pts, touch ? TOUCH_CLUSTER_RADIUS : WALL_CLUSTER_RADIUS) : null;
    // New discs: the names are placed again, in this effect's frame below or at the next move.
    if (clusters.current?.index !== (index ?? undefined)) placeDirty.current = true;
    clusters.current = index ? { index, pts } : null;
    const addPoint = (p: MapPoint) => {
      L.circleMarker([p.lat, p.lon], pointStyle(p, color))
        .bindPopup(() => popupNode(p))
        .on('click', () => onPoint.current?.(p.id))
        .addTo(layer);
    };
    // One title per count and language for the page: i18next's plural lookup for each of
    // hundreds of clusters cost ~100 ms, and every map mounted asked again.
    let titles = clusterTitles.get(lng);
    if (!titles) clusterTitles.set(lng, (titles = new globalThis.Map<number, string>()));
    const clusterTitle = (count: number) => {
      let s = titles.get(count);
      if (s === undefined) titles.set(count, (s = t('map.cluster', { count })));
      return s;
    };
    // A wall display adds only the points and clusters under its window (and a marker's width
    // around it): a map spanning four displays used to build every marker on each of them,
    // three quarters of them never seen there. Seen through another display's window, the
    // same map draws the same markers at the same places (clusters depend on the zoom only).
    const windowed = wallWindow.current && !interactive;
    const draw = () => {
      layer.clearLayers();
      const b = windowed ? windowLatLngBounds(m, MARKER_MARGIN_PX) : m.getBounds();
      if (!b) return; // nothing of the map is in the window
      if (!index) {
        for (const p of pts) if (!windowed || b.contains([p.lat, p.lon])) addPoint(p);
        return;
      }
      const z = m.getZoom();
      for (const c of shownMarkers(index, [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], z, onScreen(m), touch ? TOUCH_TARGET_PX : 0)) {
        const { lat, lon, count } = c;
        if (c.clusters.length === 0 && c.points.length === 1) {
          addPoint(pts[c.points[0]!]!);
          continue;
        }
        // A map that does not zoom (the wall) has no use for a cluster's click or focus, and
        // Leaflet's DOM event wiring per cluster marker was a visible part of a cold switch.
        const marker = new (windowed ? WallMarker : L.Marker)([lat, lon], { icon: clusterIcon(count, color, touch ? TOUCH_TARGET_PX : 0), title: clusterTitle(count), interactive, keyboard: interactive });
        if (interactive) {
          // Zoomed to where its points part: a cluster's expansion zoom; several drawn as one,
          // the nearest of theirs, and at least one step in.
          const to = () => {
            const zs = c.clusters.map((id) => index.getClusterExpansionZoom(id));
            const single = zs.length === 1 && c.points.length === 0;
            return single ? zs[0]! : Math.min(16, Math.max(m.getZoom() + 1, ...(zs.length ? [Math.min(...zs)] : [])));
          };
          marker.on('click', () => m.setView([lat, lon], to(), { animate: false }));
        }
        marker.addTo(layer);
      }
    };
    if (index || windowed) m.on(`moveend ${WINDOW_MOVED}`, draw);
    // The map has a view only once it was sized and fitted ('load'); until then there are no
    // bounds to cluster in and nothing is drawn, so painted waits for it too. Leaflet's canvas
    // renderer draws the paths in its own requestAnimationFrame callback, requested when the
    // layers were added, i.e. before ours: in our callback of the same frame they are drawn
    // (as Chart's afterRender). A second frame only added a frame's wait (~1 s in a throttled tab).
    let raf = 0;
    let live = true;
    m.whenReady(() => {
      if (!live) return;
      draw();
      raf = requestAnimationFrame(() => {
        // Painted means with its names placed: a screen is never reported ready with a collision.
        placeNow.current();
        painted.current?.();
      });
    });
    return () => {
      live = false;
      cancelAnimationFrame(raf);
      m.off(`moveend ${WINDOW_MOVED}`, draw);
    };
  }, [props.points, props.clusterAbove, ready, color, t, lng, touch, interactive]);

  // Warning areas: dashed outlines (the pattern says "warning area" without colour), popups as text.
  const shapesKey = JSON.stringify(props.shapes ?? []);
  useEffect(() => {
    const layer = shapeLayer.current;
    if (!layer) return;
    layer.clearLayers();
    for (const sh of JSON.parse(shapesKey) as MapShape[]) {
      const style = shapeStyle(sh.color);
      for (const ring of sh.polygons) L.polygon(ring, style).bindPopup(() => popupNode(sh)).addTo(layer);
      for (const c of sh.circles) {
        // A CAP circle of radius 0 is a point: drawn as a small marker so it stays visible.
        if (c.radiusKm > 0) L.circle([c.lat, c.lon], { ...style, radius: c.radiusKm * 1000 }).bindPopup(() => popupNode(sh)).addTo(layer);
        else L.circleMarker([c.lat, c.lon], { ...style, radius: 8 }).bindPopup(() => popupNode(sh)).addTo(layer);
      }
    }
  }, [shapesKey]);

  // Leaflet owns the inner div; React only owns the wrapper and the message beside it.
  return (
    <div {...boxProps(props)}>
      <div ref={el} style={{ position: 'absolute', inset: 0 }} />
      {ready && features.length === 0 ? <div className="panel__msg map__msg">{t('map.noGeo')}</div> : null}
    </div>
  );
}
