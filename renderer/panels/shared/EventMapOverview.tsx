/**
 * The overview both event-map panels (land, urbanOrder) draw: KPIs beside a district map
 * shaded by the byArea view with events as points, and in large tiles one domain chart next
 * to the district bars. The tile is painted when every part its size shows has drawn.
 */
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DomainId } from '../../../domains/ids';
import type { ViewId, ViewResultMap } from '../../../domains/views';
import { useView } from '../../client/hooks';
import { PanelFrame, PanelMessage } from '../../components/PanelFrame';
import { useDrill, usePaintGate } from '../../components/hooks';
import { isWide, type PanelProps } from '../types';
import { areaValuesOf, AreaBars, EventMap, KpiRow, PeriodNote, Split, type KpiSpec } from './parts';

export interface ExtraChart<V extends ViewId> {
  /** View the chart draws, queried only in large tiles. */
  view: V;
  /** Paint-gate part name the chart marks once drawn. */
  part: string;
  /** i18n key of the section title, also the chart's aria label. */
  title: string;
  render(data: ViewResultMap[V] | undefined, ariaLabel: string, onPainted: () => void): ReactNode;
}

export interface EventMapOverviewProps<V extends ViewId> extends PanelProps {
  domain: DomainId;
  kpis: { small: KpiSpec[]; medium: KpiSpec[]; large: KpiSpec[] };
  /** i18n key of the district bars' title. */
  byAreaTitle: string;
  extra: ExtraChart<V>;
}

export function EventMapOverview<V extends ViewId>({
  domain: D,
  kpis: specs,
  byAreaTitle,
  extra,
  tile,
  size,
  areaId: initialArea,
  period,
  onPainted,
}: EventMapOverviewProps<V>) {
  const { t } = useTranslation();
  const wide = isWide(tile) && size !== 'small';
  const [areaId, setAreaId] = useDrill(initialArea);
  const opts = { areaId, period };
  const kpis = useView(D, 'kpis', opts);
  const byArea = useView(D, 'byArea', { period, enabled: size !== 'small' });
  const map = useView(D, 'map', { ...opts, enabled: size !== 'small' });
  const chart = useView(D, extra.view, { ...opts, enabled: size === 'large' });
  const mark = usePaintGate(size === 'small' ? ['kpis'] : size === 'medium' ? ['kpis', 'map'] : ['kpis', 'map', extra.part, 'areas'], onPainted);
  useEffect(() => {
    if (kpis.isSuccess) mark('kpis');
  }, [kpis.isSuccess, kpis.data, mark]);

  return (
    <PanelFrame domain={D} size={size} wide={wide} areaId={areaId} onArea={setAreaId}>
      {kpis.isError ? <PanelMessage>{t('panel.error', { message: kpis.error.message })}</PanelMessage> : null}
      <Split
        side={
          <>
            <KpiRow view={kpis.data} specs={specs[size]} hero={size === 'small'} compact={size === 'medium'} />
            {size !== 'small' ? <PeriodNote view={kpis.data} /> : null}
          </>
        }
      >
        {size !== 'small' ? (
          <EventMap
            domain={D}
            view={map.data}
            selected={areaId}
            onPick={setAreaId}
            areaValues={areaValuesOf(byArea.data)}
            openOnly
            labels={size === 'large'}
            showLegend={size === 'large'}
            onPainted={() => mark('map')}
          />
        ) : null}
      </Split>
      {size === 'large' ? (
        <div className="row row--short">
          <div>
            <h3 className="section-title">{t(extra.title)}</h3>
            {extra.render(chart.data, t(extra.title), () => mark(extra.part))}
          </div>
          <div>
            <h3 className="section-title">{t(byAreaTitle)}</h3>
            <AreaBars domain={D} view={byArea.data} selected={areaId} onPick={setAreaId} onPainted={() => mark('areas')} max={6} />
          </div>
        </div>
      ) : null}
    </PanelFrame>
  );
}
