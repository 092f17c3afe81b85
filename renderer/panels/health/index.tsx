/**
 * Y tế: beds and their occupancy, outpatient visits and inpatients against last year,
 * dengue cases, immunisation against the plan; hospitals and health stations on the district
 * map; visits by month and by district. (The province publishes no bed counts: demo figures.)
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useView } from '../../client/hooks';
import { PanelFrame, PanelMessage } from '../../components/PanelFrame';
import { useDrill, usePaintGate } from '../../components/hooks';
import { AreaBars, KpiRow, PeriodNote, TrendChart, areaValuesOf, type KpiSpec } from '../shared/parts';
import { withViews } from '../shared/ViewFocus';
import type { PanelProps } from '../types';
import { SiteMap } from '../environment/SiteMap';
import '../environment/strings';

const D = 'health';
const SMALL: KpiSpec[] = [{ id: 'health.outpatientVisits', label: 'dp.outpatient' }];
const MEDIUM: KpiSpec[] = [
  { id: 'health.outpatientVisits', label: 'dp.outpatient' },
  { id: 'health.bedOccupancy', label: 'dp.occupancy' },
];
const LARGE: KpiSpec[] = [
  { id: 'health.outpatientVisits', label: 'dp.outpatient' },
  { id: 'health.inpatients', label: 'dp.inpatients' },
  { id: 'health.beds', label: 'dp.beds' },
  { id: 'health.bedOccupancy', label: 'dp.occupancy' },
  { id: 'health.dengueCases', label: 'dp.dengue' },
  { id: 'health.vaccinationCoverage', label: 'dp.vaccination' },
];

function Overview({ size, areaId: initialArea, period, onPainted }: PanelProps) {
  const { t } = useTranslation();
  const [areaId, setAreaId] = useDrill(initialArea);
  const opts = { areaId, period };
  const kpis = useView(D, 'kpis', opts);
  const map = useView(D, 'map', { ...opts, enabled: size !== 'small' });
  const byArea = useView(D, 'byArea', { ...opts, enabled: size === 'large' });
  const trend = useView(D, 'trend', { ...opts, enabled: size === 'large' });
  const mark = usePaintGate(size === 'small' ? ['kpis'] : size === 'medium' ? ['kpis', 'map'] : ['kpis', 'map', 'trend', 'area'], onPainted);
  useEffect(() => {
    if (kpis.isSuccess) mark('kpis');
  }, [kpis.isSuccess, kpis.data, mark]);

  return (
    <PanelFrame domain={D} size={size} areaId={areaId} onArea={setAreaId}>
      {kpis.isError ? <PanelMessage>{t('panel.error', { message: kpis.error.message })}</PanelMessage> : null}
      <KpiRow view={kpis.data} specs={size === 'small' ? SMALL : size === 'medium' ? MEDIUM : LARGE} hero={size === 'small'} compact={size !== 'small'} columns={size === 'large' ? 3 : undefined} />
      {size !== 'small' ? <PeriodNote view={kpis.data} /> : null}
      {size !== 'small' ? (
        <div className="row">
          <SiteMap domain={D} view={map.data} selected={areaId} onPick={setAreaId} areaValues={areaValuesOf(byArea.data)} labels={size === 'large'} radius={size === 'large' ? 7 : 6} onPainted={() => mark('map')} />
          {size === 'large' ? (
            <div>
              <h3 className="section-title">{t('dp.healthTrend')}</h3>
              <TrendChart domain={D} view={trend.data} indicators={['health.outpatientVisits']} ariaLabel={t('dp.healthTrend')} onPainted={() => mark('trend')} />
              <h3 className="section-title">{t('dp.healthByArea')}</h3>
              <AreaBars domain={D} view={byArea.data} selected={areaId} onPick={setAreaId} onPainted={() => mark('area')} />
            </div>
          ) : null}
        </div>
      ) : null}
    </PanelFrame>
  );
}

export default withViews(
  {
    domain: D,
    headline: MEDIUM,
    trend: ['health.outpatientVisits'],
    titles: { trend: 'dp.healthTrend', byArea: 'dp.healthByArea' },
    render: { map: (c) => <SiteMap domain={D} view={c.data} selected={c.areaId} onPick={c.setAreaId} labels={c.size === 'large'} onPainted={c.onPainted} /> },
  },
  Overview,
);
