/**
 * Quản lý đất đai: land-use certificates issued against the year's plan, dossiers pending,
 * disputes and complaints; districts shaded by certificates issued (number printed), dispute
 * cases as points, certificates by month, by district. Click a district to drill down.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useView } from '../../client/hooks';
import { PanelFrame, PanelMessage } from '../../components/PanelFrame';
import { useDrill, usePaintGate } from '../../components/hooks';
import { areaValuesOf, AreaBars, EventMap, KpiRow, PeriodNote, Split, TrendChart, type KpiSpec } from '../shared/parts';
import { withViews } from '../shared/ViewFocus';
import { isWide, type PanelProps } from '../types';

const D = 'land';
const SMALL: KpiSpec[] = [{ id: 'land.certificates', label: 'land.issued' }];
const MEDIUM: KpiSpec[] = [...SMALL, { id: 'land.disputes', label: 'land.disputes' }];
const LARGE: KpiSpec[] = [...SMALL, { id: 'land.pending', label: 'land.pending' }, { id: 'land.disputes', label: 'land.disputes' }];

function Overview({ tile, size, areaId: initialArea, period, onPainted }: PanelProps) {
  const { t } = useTranslation();
  const wide = isWide(tile) && size !== 'small';
  const [areaId, setAreaId] = useDrill(initialArea);
  const opts = { areaId, period };
  const kpis = useView(D, 'kpis', opts);
  const byArea = useView(D, 'byArea', { period, enabled: size !== 'small' });
  const map = useView(D, 'map', { ...opts, enabled: size !== 'small' });
  const trend = useView(D, 'trend', { ...opts, enabled: size === 'large' });
  const mark = usePaintGate(size === 'small' ? ['kpis'] : size === 'medium' ? ['kpis', 'map'] : ['kpis', 'map', 'trend', 'areas'], onPainted);
  useEffect(() => {
    if (kpis.isSuccess) mark('kpis');
  }, [kpis.isSuccess, kpis.data, mark]);

  return (
    <PanelFrame domain={D} size={size} wide={wide} areaId={areaId} onArea={setAreaId}>
      {kpis.isError ? <PanelMessage>{t('panel.error', { message: kpis.error.message })}</PanelMessage> : null}
      <Split
        side={
          <>
            <KpiRow view={kpis.data} specs={size === 'small' ? SMALL : size === 'medium' ? MEDIUM : LARGE} hero={size === 'small'} compact={size === 'medium'} />
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
            <h3 className="section-title">{t('land.trend')}</h3>
            <TrendChart domain={D} view={trend.data} indicators={['land.certificates']} ariaLabel={t('land.trend')} onPainted={() => mark('trend')} />
          </div>
          <div>
            <h3 className="section-title">{t('land.byArea')}</h3>
            <AreaBars domain={D} view={byArea.data} selected={areaId} onPick={setAreaId} onPainted={() => mark('areas')} max={6} />
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
    trend: ['land.certificates'],
    titles: { trend: 'land.trend', byArea: 'land.byArea' },
  },
  Overview,
);
