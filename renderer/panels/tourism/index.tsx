/**
 * Du lịch: visitors and revenue against last year and the year's plan (2025 target 1,7 triệu
 * lượt), overnight share; the province's attractions on the district map (Bà Rá, Thác Mơ,
 * Bù Gia Mập, Sóc Bom Bo, Tà Thiết, Bù Lạch); visitors by month and by district.
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

const D = 'tourism';
const SMALL: KpiSpec[] = [{ id: 'tourism.visitors', label: 'dp.visitors' }];
const MEDIUM: KpiSpec[] = [
  { id: 'tourism.visitors', label: 'dp.visitors' },
  { id: 'tourism.revenue', label: 'dp.revenue' },
];
const LARGE: KpiSpec[] = [...MEDIUM, { id: 'tourism.overnightShare', label: 'dp.overnight' }];

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
      <KpiRow view={kpis.data} specs={size === 'small' ? SMALL : size === 'medium' ? MEDIUM : LARGE} hero={size === 'small'} compact={size !== 'small'} />
      {size !== 'small' ? <PeriodNote view={kpis.data} /> : null}
      {size !== 'small' ? (
        <div className="row">
          <SiteMap domain={D} view={map.data} selected={areaId} onPick={setAreaId} areaValues={size === 'large' ? areaValuesOf(byArea.data) : undefined} labels={size === 'large'} radius={11} onPainted={() => mark('map')} />
          {size === 'large' ? (
            <div>
              <h3 className="section-title">{t('dp.tourismTrend')}</h3>
              <TrendChart domain={D} view={trend.data} indicators={['tourism.visitors']} ariaLabel={t('dp.tourismTrend')} onPainted={() => mark('trend')} />
              <h3 className="section-title">{t('dp.tourismByArea')}</h3>
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
    trend: ['tourism.visitors'],
    titles: { trend: 'dp.tourismTrend', byArea: 'dp.tourismByArea' },
    render: { map: (c) => <SiteMap domain={D} view={c.data} selected={c.areaId} onPick={c.setAreaId} labels={c.size === 'large'} radius={11} onPainted={c.onPainted} /> },
  },
  Overview,
);
