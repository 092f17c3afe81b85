import type { WallDisplay } from '../layouts/model';

/**
 * Which OS display shows which display of the wall. OS display ids are not stable across
 * reboots, driver updates or a cable moved to another port, and the OS's display order is not
 * stable at all, so a display is found by identity: its recorded OS id first, then its label
 * (the monitor's EDID name), then its position on the desktop. A wall display that names none
 * of these (the bundled default wall) is placed by arrangement: wall grid order against
 * desktop order (top-to-bottom, left-to-right) — a spatial rule, never the OS's index.
 */

/** The part of Electron's Display that matching needs (kept small so tests can fake it). */
export interface OsDisplay {
  id: number;
  label: string;
  bounds: { x: number; y: number; width: number; height: number };
}

export type MatchedBy = 'osId' | 'label' | 'position' | 'arrangement';

export interface DisplayAssignment {
  wallDisplayId: string;
  osDisplay: OsDisplay;
  matchedBy: MatchedBy;
}

function hasCriteria(d: WallDisplay): boolean {
  const m = d.match ?? {};
  return m.osId !== undefined || (m.label !== undefined && m.label !== '') || (m.x !== undefined && m.y !== undefined);
}

const byDesktopOrder = (a: OsDisplay, b: OsDisplay) => a.bounds.y - b.bounds.y || a.bounds.x - b.bounds.x;
const byGridOrder = (a: WallDisplay, b: WallDisplay) => a.row - b.row || a.col - b.col;

/**
 * Assigns OS displays to wall displays. Each OS display serves at most one wall display; a wall
 * display whose identity matches no attached display is left out (it is unplugged).
 */
export function matchDisplays(wallDisplays: readonly WallDisplay[], osDisplays: readonly OsDisplay[]): DisplayAssignment[] {
  const free = new Set(osDisplays);
  const pending = new Set(wallDisplays);
  const out: DisplayAssignment[] = [];
  const take = (wd: WallDisplay, os: OsDisplay, matchedBy: MatchedBy) => {
    out.push({ wallDisplayId: wd.id, osDisplay: os, matchedBy });
    free.delete(os);
    pending.delete(wd);
  };

  // Passes run strongest-first over all wall displays, so a weak match of one display cannot
  // steal the OS display that another identifies exactly.
  for (const wd of [...pending]) {
    const osId = wd.match?.osId;
    if (osId === undefined) continue;
    const os = [...free].find((o) => String(o.id) === String(osId));
    if (os) take(wd, os, 'osId');
  }
  for (const wd of [...pending]) {
    const label = wd.match?.label;
    if (!label) continue;
    const candidates = [...free].filter((o) => o.label === label);
    // Identical monitors share a label: then the recorded position decides among them.
    const os =
      candidates.length === 1
        ? candidates[0]
        : candidates.find((o) => o.bounds.x === wd.match?.x && o.bounds.y === wd.match?.y);
    if (os) take(wd, os, 'label');
  }
  for (const wd of [...pending]) {
    const { x, y } = wd.match ?? {};
    if (x === undefined || y === undefined) continue;
    const os = [...free].find((o) => o.bounds.x === x && o.bounds.y === y);
    if (os) take(wd, os, 'position');
  }

  const unnamed = [...pending].filter((wd) => !hasCriteria(wd)).sort(byGridOrder);
  const rest = [...free].sort(byDesktopOrder);
  unnamed.forEach((wd, i) => {
    if (rest[i]) take(wd, rest[i], 'arrangement');
  });

  return out.sort((a, b) => a.wallDisplayId.localeCompare(b.wallDisplayId));
}
