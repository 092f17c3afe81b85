/**
 * The skeleton every domain panel's overview shares: the district it drills into (from the tile
 * option, changed by a click), its 'kpis' view, and the paint gate that tells the wall the tile
 * is drawn once every part its size shows has drawn. The panel adds the views only it reads
 * with `useView(domain, view, p.ask(view))`, at the sizes its folder's asks.ts gives (../ask.ts),
 * which a wall's start also reads to ask for the first frame before the panels have loaded.
 */
import { useEffect } from 'react';
import type { DomainId } from '../../../domains/ids';
import type { ViewId } from '../../../domains/views';
import { useView, type ViewOpts } from '../../client/hooks';
import { useDrill, usePaintGate } from '../../components/hooks';
import { askedAt, DEFAULT_ASKS, type PanelAsks } from '../ask';
import { isWide, type PanelProps, type PanelSize } from '../types';

export type PerSize<T> = Record<PanelSize, T>;

export interface PanelSkeletonSpec<V extends ViewId> {
  /** The parts the tile waits for, per size; 'kpis' is marked here when the kpis view answers. */
  parts: PerSize<readonly string[]>;
  /** What the panel asks for: its folder's asks.ts (default: its kpis at every size). */
  asks?: PanelAsks<V>;
}

export function usePanel<V extends ViewId = 'kpis'>(domain: DomainId, props: PanelProps, spec: PanelSkeletonSpec<V>) {
  const { tile, size, period, onPainted } = props;
  const [areaId, setAreaId] = useDrill(props.areaId);
  const options = (enabled: boolean, province?: boolean): ViewOpts => ({
    // A district chart ranks every district: it asks for the province even while one is chosen.
    ...(province ? {} : { areaId }),
    period,
    enabled,
  });
  const asks: PanelAsks<V> = spec.asks ?? (DEFAULT_ASKS as PanelAsks<V>);
  const ask = (view: V | 'kpis'): ViewOpts => {
    const a = asks[view];
    if (!a) throw new Error(`panel ${domain} asks for view ${view}, which its asks.ts does not list`);
    return options(askedAt(a, tile, size), a.province);
  };
  const on = (sizes: readonly PanelSize[], o: { province?: boolean } = {}): ViewOpts => options(sizes.includes(size), o.province);
  const kpis = useView(domain, 'kpis', ask('kpis'));
  const mark = usePaintGate(spec.parts[size], onPainted);
  useEffect(() => {
    if (kpis.isSuccess) mark('kpis');
  }, [kpis.isSuccess, kpis.data, mark]);
  return {
    size,
    /** A band across the wall (not in a small tile): figures go beside the map or chart. */
    wide: isWide(tile) && size !== 'small',
    areaId,
    setAreaId,
    period,
    kpis,
    mark,
    /** Options for a panel's useView of a view its asks.ts lists: follows the drilled district, enabled at the sizes listed. */
    ask,
    /**
     * Options for a view its asks.ts does not list, enabled in `sizes`: a wall's start does not
     * know it, so its panel asks for it only once loaded (a round trip later).
     */
    on,
  };
}
