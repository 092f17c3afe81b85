/**
 * The overview both event-map panels (land, urbanOrder) draw: KPIs beside a district map
 * shaded by the byArea view with events as points, and in large tiles one domain chart next
 * to the district bars. The tile is painted when every part its size shows has drawn.
 */
import type { ReactNode } from 'react';
import type { DomainId } from '../../../domains/ids';
import type { ViewId, ViewResultMap } from '../../../domains/views';
import { useView } from '../../client/hooks';
import { PanelFrame, PanelMessage } from '../../components/PanelFrame';
import type { PanelProps } from '../types';
import type { PanelAsks } from '../ask';
import { EventMap } from './EventMap';
import { KpiRow, PeriodNote, type KpiSpec } from './KpiRow';
import { SectionRow } from './Section';
import { Split } from './Split';
import { usePanel } from './usePanel';
import { areaValuesOf } from './areaValues';
import { AreaBars } from './charts';
import { useTranslation } from '../../i18n';

export interface ExtraChart<V extends ViewId> {
  /** View the chart draws, at the sizes the domain's asks.ts gives (./overview-asks.ts eventMapAsks). */
  view: V;
  /** Paint-gate part name the chart marks once drawn. */
  part: string;
  /** i18n key of the section title, also the chart's aria label. */
  title: string;
  render(data: ViewResultMap[V] | undefined, ariaLabel: string, onPainted: () => void): ReactNode;
}

export interface EventMapOverviewProps<V extends ViewId> extends PanelProps {
  domain: DomainId;
  /** The domain's asks.ts (./overview-asks.ts eventMapAsks(extra.view)): which views it asks at which size. */
  asks: NoInfer<PanelAsks<'byArea' | 'map' | V>>;
  kpis: { small: KpiSpec[]; medium: KpiSpec[]; large: KpiSpec[] };
  /** i18n key of the district bars' title. */
  byAreaTitle: string;
  extra: ExtraChart<V>;
}

export function EventMapOverview<V extends ViewId>({ domain: D, asks, kpis: specs, byAreaTitle, extra, ...props }: EventMapOverviewProps<V>) {
  const { t } = useTranslation();
  const { size, wide, areaId, setAreaId, kpis, mark, ask } = usePanel(D, props, {
    parts: { small: ['kpis'], medium: ['kpis', 'map'], large: ['kpis', 'map', extra.part, 'areas'] },
    asks,
  });
  const byArea = useView(D, 'byArea', ask('byArea'));
  const map = useView(D, 'map', ask('map'));
  const chart = useView(D, extra.view, ask(extra.view));

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
        <SectionRow
          short
          sections={[
            { title: t(extra.title), body: extra.render(chart.data, t(extra.title), () => mark(extra.part)) },
            { title: t(byAreaTitle), body: <AreaBars domain={D} view={byArea.data} selected={areaId} onPick={setAreaId} onPainted={() => mark('areas')} max={6} /> },
          ]}
        />
      ) : null}
    </PanelFrame>
  );
}
