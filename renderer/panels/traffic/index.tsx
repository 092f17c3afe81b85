/**
 * Giao thông: incidents and accidents with deaths and injuries against last year, open
 * incidents now, all incidents on the district map (coloured by kind, legend in words;
 * clustered when dense), by kind and by month. Click a district (map or list) to drill down.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useView } from '../../client/hooks';
import { PanelFrame, PanelMessage } from '../../components/PanelFrame';
import { useDrill, usePaintGate } from '../../components/hooks';
import { EventMap } from '../shared/EventMap';
import { KpiRow, PeriodNote, type KpiSpec } from '../shared/KpiRow';
import { Split } from '../shared/Split';
import { BreakdownChart, TrendChart } from '../shared/charts';
import { withViews } from '../shared/ViewFocus';
import { isWide, type PanelProps } from '../types';

const D = 'traffic';
const SMALL: KpiSpec[] = [{ id: 'traffic.accidents', label: 'traffic.accidents' }];
const MEDIUM: KpiSpec[] = [...SMALL, { id: 'traffic.open', label: 'traffic.open' }];
const LARGE: KpiSpec[] = [
  { id: 'traffic.incidents', label: 'traffic.incidents' },
  ...SMALL,
  { id: 'traffic.deaths', label: 'traffic.deaths' },
  { id: 'traffic.open', label: 'traffic.open' },
];

function Overview({ tile, size, areaId: initialArea, period, onPainted }: PanelProps) {
  const { t } = useTranslation();
  // A wide medium tile has room for the breakdown beside the figures.
  const wide = isWide(tile) && size !== 'small';
  const withKinds = size === 'large' || wide;
  const [areaId, setAreaId] = useDrill(initialArea);
  const opts = { areaId, period };
  const kpis = useView(D, 'kpis', opts);
  const map = useView(D, 'map', { ...opts, enabled: size !== 'small' });
  const byKind = useView(D, 'byKind', { ...opts, enabled: withKinds });
  const trend = useView(D, 'trend', { ...opts, enabled: size === 'large' });
  const mark = usePaintGate(size === 'small' ? ['kpis'] : size === 'medium' ? (withKinds ? ['kpis', 'map', 'kind'] : ['kpis', 'map']) : ['kpis', 'map', 'kind', 'trend'], onPainted);
  useEffect(() => {
    if (kpis.isSuccess) mark('kpis');
  }, [kpis.isSuccess, kpis.data, mark]);

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
        <div className="row row--short">
          <div>
            <h3 className="section-title">{t('traffic.byKind')}</h3>
            <BreakdownChart domain={D} view={byKind.data} ariaLabel={t('traffic.byKind')} onPainted={() => mark('kind')} />
          </div>
          <div>
            <h3 className="section-title">{t('traffic.trend')}</h3>
            <TrendChart domain={D} view={trend.data} indicators={['traffic.incidents', 'traffic.accidents']} ariaLabel={t('traffic.trend')} onPainted={() => mark('trend')} />
          </div>
        </div>
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
