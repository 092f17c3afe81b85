/**
 * The wall drawn to scale, with its bezels, and the layout being edited on it. Everything is
 * pointer events (mouse, pen and touch alike): drag a panel from the palette onto the wall,
 * drag a tile to move it, drag its edges or corners to resize it; edges snap to the displays'
 * edges and a sub-grid (hold Alt to place freely). Keyboard: arrows move, Shift+arrows resize,
 * Alt for single pixels, Delete removes. A move that would overlap another tile is refused.
 */
import { useRef, useState, type KeyboardEvent, type PointerEvent as ReactPointerEvent } from 'react';
import { CATALOG } from '../../../domains/catalog';
import { isDomainId } from '../../../domains/ids';
import {
  canvasSize,
  clampToCanvas,
  displayAt,
  displayCell,
  displayViewport,
  displayViewports,
  intersect,
  rectToBox,
  snapMove,
  snapResize,
  type Edge,
} from '../../../layouts/geometry';
import { PANEL_KINDS, type Layout, type PanelKind, type Rect, type Tile, type Wall } from '../../../layouts/model';
import { Icon } from '../../components/icons';
import { useLang, useTranslation } from '../../i18n';
import { defaultTileView } from '../../panels/views';

const SUBDIVISIONS = 4;
const SNAP_PX = 12; // on screen, whatever the scale
const KEY_STEP = 20;

export function panelLabel(kind: PanelKind, lang: 'vi' | 'en', t: (k: string) => string): string {
  return isDomainId(kind) ? CATALOG[kind].shortName[lang] : t(`layoutEditor.extra.${kind}`);
}

export function panelIcon(kind: PanelKind): string {
  if (isDomainId(kind)) return CATALOG[kind].icon;
  if (kind === 'camera' || kind === 'cameraGrid' || kind === 'cameraTour') return 'camera';
  return kind === 'clock' ? 'clock' : kind === 'alerts' ? 'bell' : 'text';
}

export function panelColor(kind: PanelKind): string {
  return isDomainId(kind) ? CATALOG[kind].color : '#888888';
}

function overlapsOthers(layout: Layout, id: string, rect: Rect): boolean {
  return layout.tiles.some((t) => t.id !== id && intersect(rectToBox(t.rect), rectToBox(rect)) !== null);
}

export function newTileId(layout: Layout, panel: PanelKind): string {
  const taken = new Set(layout.tiles.map((t) => t.id));
  for (let n = layout.tiles.length + 1; ; n++) {
    const id = `${panel}-${n}`;
    if (!taken.has(id)) return id;
  }
}

/** A free quarter of some display for a new tile, scanning displays in order. */
export function freeSpot(wall: Wall, layout: Layout): Rect | null {
  for (const { viewport: vp } of displayViewports(wall)) {
    const w = vp.width / 2;
    const h = vp.height / 2;
    for (const [fx, fy] of [
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 1],
    ] as const) {
      const r = { x: vp.x + fx * w, y: vp.y + fy * h, w, h };
      if (!overlapsOthers(layout, '', r)) return r;
    }
  }
  return null;
}

function edgesOf(handle: string): Edge[] {
  const e: Edge[] = [];
  if (handle.includes('n')) e.push('top');
  if (handle.includes('s')) e.push('bottom');
  if (handle.includes('w')) e.push('left');
  if (handle.includes('e')) e.push('right');
  return e;
}

interface Drag {
  kind: 'move' | 'resize' | 'new';
  tileId: string;
  panel: PanelKind;
  edges: Edge[];
  startX: number;
  startY: number;
  start: Rect;
}

interface Live {
  id: string;
  rect: Rect;
  valid: boolean;
}

export interface WallEditorProps {
  wall: Wall;
  layout: Layout;
  width: number;
  selectedId: string | null;
  onSelect(id: string | null): void;
  onCommit(layout: Layout): void;
  onMessage(msg: string): void;
}

export function WallEditor({ wall, layout, width, selectedId, onSelect, onCommit, onMessage }: WallEditorProps) {
  const { t } = useTranslation();
  const { lang } = useLang();
  const size = canvasSize(wall);
  const scale = Math.min(width / size.width, 560 / size.height);
  const wallEl = useRef<HTMLDivElement>(null);
  const drag = useRef<Drag | null>(null);
  const [live, setLive] = useState<Live | null>(null);
  const [ghost, setGhost] = useState<{ x: number; y: number; panel: PanelKind } | null>(null);

  const toCanvas = (clientX: number, clientY: number) => {
    const r = wallEl.current!.getBoundingClientRect();
    return { x: (clientX - r.left) / scale, y: (clientY - r.top) / scale, inside: clientX >= r.left && clientX <= r.right && clientY >= r.top && clientY <= r.bottom };
  };
  const snapOpts = (free: boolean) => ({ subdivisions: SUBDIVISIONS, threshold: free ? 0 : SNAP_PX / scale });

  const replaceRect = (id: string, rect: Rect): Layout => ({
    ...layout,
    tiles: layout.tiles.map((x) => (x.id === id ? { ...x, rect } : x)),
  });

  // -- tiles: move and resize -------------------------------------------------------------
  function onTileDown(e: ReactPointerEvent<HTMLDivElement>, tile: Tile) {
    if (e.button !== 0) return;
    e.preventDefault();
    e.stopPropagation();
    const handle = (e.target as HTMLElement).dataset.handle;
    drag.current = {
      kind: handle ? 'resize' : 'move',
      tileId: tile.id,
      panel: tile.panel,
      edges: handle ? edgesOf(handle) : [],
      startX: e.clientX,
      startY: e.clientY,
      start: tile.rect,
    };
    e.currentTarget.setPointerCapture(e.pointerId);
    e.currentTarget.focus();
    onSelect(tile.id);
  }

  function onTileMove(e: ReactPointerEvent<HTMLDivElement>) {
    const d = drag.current;
    if (!d || d.kind === 'new') return;
    const dx = (e.clientX - d.startX) / scale;
    const dy = (e.clientY - d.startY) / scale;
    let rect: Rect;
    if (d.kind === 'move') {
      rect = snapMove(wall, { ...d.start, x: d.start.x + dx, y: d.start.y + dy }, snapOpts(e.altKey));
    } else {
      let { x, y, w, h } = d.start;
      if (d.edges.includes('left')) {
        x += dx;
        w -= dx;
      }
      if (d.edges.includes('right')) w += dx;
      if (d.edges.includes('top')) {
        y += dy;
        h -= dy;
      }
      if (d.edges.includes('bottom')) h += dy;
      rect = snapResize(wall, { x, y, w: Math.max(1, w), h: Math.max(1, h) }, d.edges, { ...snapOpts(e.altKey), minSize: 40 });
    }
    rect = roundRect(rect);
    setLive({ id: d.tileId, rect, valid: !overlapsOthers(layout, d.tileId, rect) });
  }

  function onTileUp() {
    const d = drag.current;
    drag.current = null;
    if (!d || !live) return setLive(null);
    setLive(null);
    if (!live.valid) return onMessage(t('layoutEditor.overlap'));
    onCommit(replaceRect(d.tileId, live.rect));
  }

  // -- palette: drag a new panel onto the wall -----------------------------------------------
  function newRectAt(panel: PanelKind, cx: number, cy: number, free: boolean): Rect {
    const disp =
      wall.displays.find((dd) => {
        const c = displayCell(wall, dd.id);
        return cx >= c.x && cx < c.x + c.width && cy >= c.y && cy < c.y + c.height;
      }) ?? wall.displays[0]!;
    const vp = displayViewport(wall, disp.id);
    const w = vp.width / 2;
    const h = vp.height / 2;
    return roundRect(snapMove(wall, clampToCanvas(wall, { x: cx - w / 2, y: cy - h / 2, w, h }), snapOpts(free)));
  }

  function onPaletteDown(e: ReactPointerEvent<HTMLButtonElement>, panel: PanelKind) {
    if (e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { kind: 'new', tileId: '__new', panel, edges: [], startX: e.clientX, startY: e.clientY, start: { x: 0, y: 0, w: 1, h: 1 } };
    setGhost({ x: e.clientX, y: e.clientY, panel });
  }

  function onPaletteMove(e: ReactPointerEvent<HTMLButtonElement>) {
    const d = drag.current;
    if (!d || d.kind !== 'new') return;
    setGhost({ x: e.clientX, y: e.clientY, panel: d.panel });
    const p = toCanvas(e.clientX, e.clientY);
    if (!p.inside) return setLive(null);
    const rect = newRectAt(d.panel, p.x, p.y, e.altKey);
    setLive({ id: '__new', rect, valid: !overlapsOthers(layout, '', rect) });
  }

  function onPaletteUp(e: ReactPointerEvent<HTMLButtonElement>) {
    const d = drag.current;
    drag.current = null;
    setGhost(null);
    const l = live;
    setLive(null);
    if (!d || d.kind !== 'new') return;
    const moved = Math.abs(e.clientX - d.startX) + Math.abs(e.clientY - d.startY) > 4;
    if (!moved) return addAtFreeSpot(d.panel); // a click (or tap) places it where there is room
    if (!l) return;
    if (!l.valid) return onMessage(t('layoutEditor.overlap'));
    addTile(d.panel, l.rect);
  }

  function addTile(panel: PanelKind, rect: Rect) {
    const id = newTileId(layout, panel);
    const tile: Tile = {
      id,
      panel,
      view: defaultTileView(panel),
      options: panel === 'text' ? { text: t('layoutEditor.extra.text') } : panel === 'cameraGrid' ? { grid: 2, cameras: [] } : panel === 'cameraTour' ? { dwellSec: 15, cameras: [] } : {},
      rect,
    };
    onCommit({ ...layout, tiles: [...layout.tiles, tile] });
    onSelect(id);
  }

  function addAtFreeSpot(panel: PanelKind) {
    const r = freeSpot(wall, layout);
    if (!r) return onMessage(t('layoutEditor.noRoom'));
    addTile(panel, roundRect(r));
  }

  // -- keyboard -------------------------------------------------------------------------------
  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const tile = layout.tiles.find((x) => x.id === selectedId);
    if (!tile) return;
    if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      onCommit({ ...layout, tiles: layout.tiles.filter((x) => x.id !== tile.id) });
      onSelect(null);
      return;
    }
    if (e.key === 'Escape') return onSelect(null);
    const dir: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    const v = dir[e.key];
    if (!v) return;
    e.preventDefault();
    const step = e.altKey ? 1 : KEY_STEP;
    const r = tile.rect;
    const next = e.shiftKey
      ? clampToCanvas(wall, { ...r, w: Math.max(40, r.w + v[0] * step), h: Math.max(40, r.h + v[1] * step) })
      : clampToCanvas(wall, { ...r, x: r.x + v[0] * step, y: r.y + v[1] * step });
    if (overlapsOthers(layout, tile.id, next)) return onMessage(t('layoutEditor.overlap'));
    onCommit(replaceRect(tile.id, next));
  }

  // -- drawing ----------------------------------------------------------------------------------
  const px = (r: Rect) => ({ left: r.x * scale, top: r.y * scale, width: r.w * scale, height: r.h * scale });
  const missing: { col: number; row: number }[] = [];
  for (let row = 0; row < wall.rows; row++) for (let col = 0; col < wall.cols; col++) if (!displayAt(wall, col, row)) missing.push({ col, row });
  const typical = wall.displays[0]!;
  const cellW = size.width / wall.cols;
  const cellH = size.height / wall.rows;

  return (
    <div className="le-main">
      <div className="le-palette" aria-label={t('layoutEditor.palette')}>
        <h3>{t('layoutEditor.palette')}</h3>
        <p className="le-hint">{t('layoutEditor.paletteHint')}</p>
        {PANEL_KINDS.map((k) => (
          <button
            key={k}
            type="button"
            className="le-palette__item"
            data-palette={k}
            style={{ borderLeftColor: panelColor(k) }}
            onPointerDown={(e) => onPaletteDown(e, k)}
            onPointerMove={onPaletteMove}
            onPointerUp={onPaletteUp}
            onPointerCancel={() => {
              drag.current = null;
              setGhost(null);
              setLive(null);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                addAtFreeSpot(k);
              }
            }}
          >
            <Icon name={panelIcon(k)} width={22} height={22} />
            <span>{panelLabel(k, lang, t)}</span>
          </button>
        ))}
      </div>

      <div className="le-stage">
        <div
          ref={wallEl}
          className="le-wall"
          style={{ width: size.width * scale, height: size.height * scale }}
          tabIndex={-1}
          onKeyDown={onKeyDown}
          onPointerDown={(e) => {
            if (e.target === e.currentTarget || (e.target as HTMLElement).classList.contains('le-display')) onSelect(null);
          }}
          data-wall-cols={wall.cols}
          data-wall-rows={wall.rows}
          data-scale={scale}
        >
          {displayViewports(wall).map(({ display, viewport }) => (
            <div key={display.id} className="le-display" data-display={display.id} style={px({ x: viewport.x, y: viewport.y, w: viewport.width, h: viewport.height })}>
              <span className="le-display__label">
                {display.id} · {display.width}×{display.height}
              </span>
            </div>
          ))}
          {missing.map((m) => (
            <div
              key={`${m.col},${m.row}`}
              className="le-display le-display--missing"
              style={px({ x: m.col * cellW + typical.bezel.left, y: m.row * cellH + typical.bezel.top, w: cellW - typical.bezel.left - typical.bezel.right, h: cellH - typical.bezel.top - typical.bezel.bottom })}
            >
              <span className="le-display__label">{t('layoutEditor.emptyDisplay')}</span>
            </div>
          ))}
          {layout.tiles.map((tile) => {
            const isLive = live?.id === tile.id;
            const r = isLive ? live!.rect : tile.rect;
            const sel = tile.id === selectedId;
            return (
              <div
                key={tile.id}
                className={`le-tile${sel ? ' le-tile--selected' : ''}${isLive && !live!.valid ? ' le-tile--invalid' : ''}`}
                style={{ ...px(r), borderColor: panelColor(tile.panel) }}
                tabIndex={0}
                role="button"
                aria-pressed={sel}
                aria-label={`${panelLabel(tile.panel, lang, t)} ${Math.round(r.w)}×${Math.round(r.h)}`}
                data-edit-tile={tile.id}
                data-panel={tile.panel}
                data-rect={`${r.x},${r.y},${r.w},${r.h}`}
                onFocus={() => onSelect(tile.id)}
                onKeyDown={onKeyDown}
                onPointerDown={(e) => onTileDown(e, tile)}
                onPointerMove={onTileMove}
                onPointerUp={onTileUp}
                onPointerCancel={() => {
                  drag.current = null;
                  setLive(null);
                }}
              >
                <span className="le-tile__name" style={{ color: panelColor(tile.panel) }}>
                  <Icon name={panelIcon(tile.panel)} width={18} height={18} /> {panelLabel(tile.panel, lang, t)}
                </span>
                <span className="le-tile__size">
                  {Math.round(r.w)}×{Math.round(r.h)}
                </span>
                {sel ? ['n', 's', 'e', 'w', 'ne', 'nw', 'se', 'sw'].map((h) => <span key={h} className={`le-handle le-handle--${h}`} data-handle={h} />) : null}
              </div>
            );
          })}
          {live?.id === '__new' ? (
            <div className={`le-tile le-tile--ghost${live.valid ? '' : ' le-tile--invalid'}`} style={px(live.rect)} />
          ) : null}
        </div>
        <p className="le-caption">
          {t('layoutEditor.wallCaption', { cols: wall.cols, rows: wall.rows, n: wall.displays.length })}
        </p>
        <p className="le-hint">{t('layoutEditor.keys')}</p>
      </div>
      {ghost ? (
        <div className="le-drag-ghost" style={{ left: ghost.x + 8, top: ghost.y + 8 }}>
          {panelLabel(ghost.panel, lang, t)}
        </div>
      ) : null}
    </div>
  );
}

/** Whole pixels, rounding edges (not sizes) so a rect inside the canvas stays inside. */
function roundRect(r: Rect): Rect {
  const x = Math.round(r.x);
  const y = Math.round(r.y);
  return { x, y, w: Math.max(1, Math.round(r.x + r.w) - x), h: Math.max(1, Math.round(r.y + r.h) - y) };
}
