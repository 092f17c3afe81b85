/**
 * The skeleton every domain panel's overview shares: the district it drills into (from the tile
 * option, changed by a click), its 'kpis' view, and the paint gate that tells the wall the tile
 * is drawn once every part its size shows has drawn. The panel adds the views only it reads
 * with useView and `p.on(sizes)`.
 */
import { useEffect } from 'react';
import type { DomainId } from '../../../domains/ids';
import { useView, type ViewOpts } from '../../client/hooks';
import { useDrill, usePaintGate } from '../../components/hooks';
import { isWide, type PanelProps, type PanelSize } from '../types';

export type PerSize<T> = Record<PanelSize, T>;

export interface PanelSkeletonSpec {
  /** The parts the tile waits for, per size; 'kpis' is marked here when the kpis view answers. */
  parts: PerSize<readonly string[]>;
  /** Sizes that query the 'kpis' view (default every size). */
  kpis?: readonly PanelSize[];
}

export function usePanel(domain: DomainId, props: PanelProps, spec: PanelSkeletonSpec) {
  const { tile, size, period, onPainted } = props;
  const [areaId, setAreaId] = useDrill(props.areaId);
  const on = (sizes: readonly PanelSize[], o: { province?: boolean } = {}): ViewOpts => ({
    // A district chart ranks every district: it asks for the province even while one is chosen.
    ...(o.province ? {} : { areaId }),
    period,
    enabled: sizes.includes(size),
  });
  const kpis = useView(domain, 'kpis', on(spec.kpis ?? ['small', 'medium', 'large']));
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
    /** Options for a panel's other useView: follows the drilled district, enabled in `sizes`. */
    on,
  };
}
