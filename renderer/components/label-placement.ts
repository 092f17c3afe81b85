/**
 * Which map labels to draw so that none overlaps another or leaves the map: labels are taken
 * in priority order (the selected district first, then the larger area, then the larger value
 * shown) and a label is kept only if its box, grown by a small gap, touches no label already
 * kept and lies wholly inside the map. The rest are hidden until the map zooms in far enough
 * for them to fit. Pure (boxes in, ids out) so the rule is tested without a browser.
 */

export interface LabelBox {
  id: string;
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface LabelCandidate extends LabelBox {
  selected?: boolean;
  /** Size of the area the label names (any unit, only compared). */
  area: number;
  /** The figure printed under the name, if any. */
  value?: number;
}

/** Labels rendered smaller than this (CSS px, after any wall scaling) are not drawn at all. */
export const MIN_LABEL_PX = 12;

/** Higher first: selected, then larger area, then larger value; id keeps the order stable. */
export function byPriority(a: LabelCandidate, b: LabelCandidate): number {
  if (!!a.selected !== !!b.selected) return a.selected ? -1 : 1;
  if (a.area !== b.area) return b.area - a.area;
  const va = a.value ?? -Infinity;
  const vb = b.value ?? -Infinity;
  if (va !== vb) return vb - va;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function boxesOverlap(a: LabelBox, b: LabelBox, gap = 0): boolean {
  return (
    a.left < b.left + b.width + gap &&
    b.left < a.left + a.width + gap &&
    a.top < b.top + b.height + gap &&
    b.top < a.top + a.height + gap
  );
}

function inside(box: LabelBox, bounds: LabelBox): boolean {
  return (
    box.left >= bounds.left &&
    box.top >= bounds.top &&
    box.left + box.width <= bounds.left + bounds.width &&
    box.top + box.height <= bounds.top + bounds.height
  );
}

/** The ids to show, greedily by priority; `gap` keeps neighbours from touching. */
export function placeLabels(candidates: readonly LabelCandidate[], bounds: LabelBox, gap = 4): Set<string> {
  const kept: LabelBox[] = [];
  const shown = new Set<string>();
  for (const c of [...candidates].sort(byPriority)) {
    if (c.width <= 0 || c.height <= 0 || !inside(c, bounds)) continue;
    if (kept.some((k) => boxesOverlap(k, c, gap))) continue;
    kept.push(c);
    shown.add(c.id);
  }
  return shown;
}

/** Planar size of a GeoJSON (multi)polygon in squared degrees: enough to rank districts. */
export function ringsArea(geometry: { type: string; coordinates?: unknown }): number {
  const ring = (r: number[][]) => {
    let s = 0;
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) s += (r[j]![0]! + r[i]![0]!) * (r[j]![1]! - r[i]![1]!);
    return Math.abs(s) / 2;
  };
  const polygon = (p: number[][][]) => p.reduce((s, r, i) => s + (i === 0 ? ring(r) : -ring(r)), 0);
  if (geometry.type === 'Polygon') return polygon(geometry.coordinates as number[][][]);
  if (geometry.type === 'MultiPolygon') return (geometry.coordinates as number[][][][]).reduce((s, p) => s + polygon(p), 0);
  return 0;
}
