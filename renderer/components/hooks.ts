/** Small hooks shared by panels: ticking time, the districts, drill-down state, paint gating. */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { AreaAnswer as Area } from '../../host/api/contract/core';
import { useHost } from '../client/hooks';
import { subscribeTicks, tickNow } from './ticker';

/**
 * The current time, re-rendering at each boundary of `everyMs` (freshness ages, clock); one
 * timer per period for the whole page (see ticker).
 */
export function useNow(everyMs = 30_000): Date {
  const subscribe = useCallback((cb: () => void) => subscribeTicks(everyMs, cb), [everyMs]);
  const now = () => tickNow(everyMs);
  // The same time when rendered to a string (tests render panels that way).
  return useSyncExternalStore(subscribe, now, now);
}

export interface AreasInfo {
  /** The units a panel drills into (districts, or communes after 2025), by name. */
  units: Area[];
  province: Area | undefined;
  byId: Map<string, Area>;
  name(id: string | undefined | null): string | undefined;
  ready: boolean;
}

type AreasDerived = Omit<AreasInfo, 'ready'>;

function deriveAreas(all: Area[]): AreasDerived {
  const byId = new Map(all.map((a) => [a.id, a]));
  const units = all.filter((a) => a.level !== 'province').sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  return {
    units,
    province: all.find((a) => a.level === 'province'),
    byId,
    name: (id) => (id ? byId.get(id)?.name : undefined),
  };
}

/**
 * One derivation per 'areas.list' answer, shared by every panel of the page: the same `units`
 * array for all of them, so what maps compute from it (boundary features, their simplified
 * copies) is computed once per answer, not once per map mounted. The WeakMap lets a replaced
 * answer's derivation go with it.
 */
const derived = new WeakMap<Area[], AreasDerived>();
const noAreas = deriveAreas([]);

/** The current administrative map ('areas.list', shared and cached by every panel). */
export function useAreas(): AreasInfo {
  const q = useHost('areas.list', { withGeometry: true });
  return useMemo(() => {
    const all = q.data;
    let d = all ? derived.get(all) : noAreas;
    if (!d) derived.set(all!, (d = deriveAreas(all!)));
    return { ...d, ready: q.isSuccess };
  }, [q.data, q.isSuccess]);
}

/**
 * The district a panel is showing: starts at the tile's option, changed by a click on the map
 * or the area list; follows the tile option when the layout changes it.
 */
export function useDrill(initial: string | undefined): [string | undefined, (id: string | undefined) => void] {
  const [areaId, setAreaId] = useState(initial);
  useEffect(() => setAreaId(initial), [initial]);
  return [areaId, setAreaId];
}

/**
 * Calls onPainted once every named part has reported itself drawn. Parts not in `parts`
 * (e.g. no map in a small tile) are simply not waited for.
 */
export function usePaintGate(parts: readonly string[], onPainted: () => void): (part: string) => void {
  const done = useRef(new Set<string>());
  const fired = useRef(false);
  const cb = useRef(onPainted);
  cb.current = onPainted;
  const key = parts.join('|');
  const check = useCallback(() => {
    if (fired.current) return;
    if (key.split('|').filter(Boolean).every((p) => done.current.has(p))) {
      fired.current = true;
      cb.current();
    }
  }, [key]);
  useEffect(check, [check]);
  return useCallback(
    (part: string) => {
      done.current.add(part);
      check();
    },
    [check],
  );
}
