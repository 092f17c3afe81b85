/**
 * Giao thông: incidents and accidents with deaths and injuries against last year, open
 * incidents now, all incidents on the district map (coloured by kind, legend in words;
 * clustered when dense), by kind and by month. Click a district (map or list) to drill down.
 */
import { useView } from '../../client/hooks';
import { PanelFrame, PanelMessage } from '../../components/PanelFrame';
import { EventMap } from '../shared/EventMap';
import { KpiRow, PeriodNote, type KpiSpec } from '../shared/KpiRow';
import { Split } from '../shared/Split';
import { BreakdownChart, TrendChart } from '../shared/charts';
import { withViews } from '../shared/ViewFocus';
import { SectionRow } from '../shared/Section';
import { usePanel } from '../shared/usePanel';
import type { PanelProps } from '../types';
import { askedAt } from '../ask';
import ASKS from './asks';
import { useTranslation } from '../../i18n';

const D = 'traffic';
const SMALL: KpiSpec[] = [{ id: 'traffic.accidents', label: 'traffic.accidents' }];
const MEDIUM: KpiSpec[] = [...SMALL, { id: 'traffic.open', label: 'traffic.open' }];
const LARGE: KpiSpec[] = [
  { id: 'traffic.incidents', label: 'traffic.incidents' },
  ...SMALL,
  { id: 'traffic.deaths', label: 'traffic.deaths' },
  { id: 'traffic.open', label: 'traffic.open' },
];

function Overview(props: PanelProps) {
  const { t } = useTranslation();
  // A band across the wall has room for the breakdown beside the figures (./asks.ts).
  const withKinds = askedAt(ASKS.byKind, props.tile, props.size);
  const { size, wide, areaId, setAreaId, kpis, mark, ask } = usePanel(D, props, {
    parts: { small: ['kpis'], medium: withKinds ? ['kpis', 'map', 'kind'] : ['kpis', 'map'], large: ['kpis', 'map', 'kind', 'trend'] },
    asks: ASKS,
  });
  const map = useView(D, 'map', ask('map'));
  const byKind = useView(D, 'byKind', ask('byKind'));
  const trend = useView(D, 'trend', ask('trend'));

  const figures = (
    <>
      <KpiRow view={kpis.data} specs={size === 'small' ? SMALL : size === 'medium' ? MEDIUM : LARGE} hero={size === 'small'} compact={size !== 'small'} />
      {size !== 'small' ? <PeriodNote view={kpis.data} /> : null}
      {size === 'medium' && withKinds ? (
        <BreakdownChart domain={D} view={byKind.data} ariaLabel={t('traffic.byKind')} onPainted={() => mark('kind')} />
      ) : null}
    </>
  );
  return (
    <PanelFrame domain={D} size={size} wide={wide} areaId={areaId} onArea={setAreaId}>
      {kpis.isError ? <PanelMessage>{t('panel.error', { message: kpis.error.message })}</PanelMessage> : null}
      <Split side={figures}>
        {size !== 'small' ? (
          <EventMap domain={D} view={map.data} selected={areaId} onPick={setAreaId} labels={size === 'large' || wide} onPainted={() => mark('map')} />
        ) : null}
      </Split>
      {size === 'large' ? (
        <SectionRow
          short
          sections={[
            { title: t('traffic.byKind'), body: <BreakdownChart domain={D} view={byKind.data} ariaLabel={t('traffic.byKind')} onPainted={() => mark('kind')} /> },
            {
              title: t('traffic.trend'),
              body: <TrendChart domain={D} view={trend.data} indicators={['traffic.incidents', 'traffic.accidents']} ariaLabel={t('traffic.trend')} onPainted={() => mark('trend')} />,
            },
          ]}
        />
      ) : null}
    </PanelFrame>
  );
}

export default withViews(
  {
    domain: D,
    headline: MEDIUM,
    trend: ['traffic.incidents', 'traffic.accidents'],
    titles: { byKind: 'traffic.byKind', trend: 'traffic.trend' },
  },
  Overview,
);
