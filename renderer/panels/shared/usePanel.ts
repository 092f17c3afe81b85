/**
 * The skeleton every domain panel's overview shares: the district it drills into (from the tile
 * option, changed by a click), its 'kpis' view, and the paint gate that tells the wall the tile
 * is drawn once every part its size shows has drawn. The panel adds the views only it reads
 * with useView and `p.ask(view)`: which sizes ask for which view is in ../asks.ts, the table a
 * wall's start also reads to ask for the first frame before the panels have loaded.
 */
import { useEffect } from 'react';
import type { DomainId } from '../../../domains/ids';
import type { ViewId } from '../../../domains/views';
import { useView, type ViewOpts } from '../../client/hooks';
import { useDrill, usePaintGate } from '../../components/hooks';
import { panelAsks } from '../asks';
import { isWide, type PanelProps, type PanelSize } from '../types';

export type PerSize<T> = Record<PanelSize, T>;

export interface PanelSkeletonSpec {
  /** The parts the tile waits for, per size; 'kpis' is marked here when the kpis view answers. */
  parts: PerSize<readonly string[]>;
  /** The one view a focus tile shows (ViewFocus); none for a domain's overview. */
  focus?: ViewId;
}

export function usePanel(domain: DomainId, props: PanelProps, spec: PanelSkeletonSpec) {
  const { tile, size, period, onPainted } = props;
  const [areaId, setAreaId] = useDrill(props.areaId);
  const asks = panelAsks(domain, tile, size, spec.focus);
  const ask = (view: ViewId): ViewOpts => {
    const a = asks.find((x) => x.view === view);
    if (!a) throw new Error(`panel ${domain} asks for view ${view}, which renderer/panels/asks.ts does not list`);
    return {
      // A district chart ranks every district: it asks for the province even while one is chosen.
      ...(a.province ? {} : { areaId }),
      period,
      enabled: a.sizes.includes(size),
    };
  };
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
    /** Options for a panel's other useView: follows the drilled district, enabled at the sizes ../asks.ts gives. */
    ask,
  };
}
