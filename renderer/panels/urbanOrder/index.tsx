/**
 * Trật tự đô thị: violations found and handled, open cases; the district map shaded by
 * violations (number printed under each district name) with every case as a point, by type,
 * by district. Click a district to drill down.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useView } from '../../client/hooks';
import { PanelFrame, PanelMessage } from '../../components/PanelFrame';
import { useDrill, usePaintGate } from '../../components/hooks';
import { areaValuesOf, AreaBars, BreakdownChart, EventMap, KpiRow, PeriodNote, Split, type KpiSpec } from '../shared/parts';
import { withViews } from '../shared/ViewFocus';
import { isWide, type PanelProps } from '../types';

const D = 'urbanOrder';
const SMALL: KpiSpec[] = [{ id: 'urbanOrder.violations', label: 'urbanOrder.reported' }];
const MEDIUM: KpiSpec[] = [...SMALL, { id: 'urbanOrder.handledRate', label: 'urbanOrder.handledRate' }];
const LARGE: KpiSpec[] = [...MEDIUM, { id: 'urbanOrder.open', label: 'urbanOrder.open' }];

function Overview({ tile, size, areaId: initialArea, period, onPainted }: PanelProps) {
  const { t } = useTranslation();
  const wide = isWide(tile) && size !== 'small';
  const [areaId, setAreaId] = useDrill(initialArea);
  const opts = { areaId, period };
  const kpis = useView(D, 'kpis', opts);
  const map = useView(D, 'map', { ...opts, enabled: size !== 'small' });
  const byArea = useView(D, 'byArea', { period, enabled: size !== 'small' });
  const byKind = useView(D, 'byKind', { ...opts, enabled: size === 'large' });
  const mark = usePaintGate(size === 'small' ? ['kpis'] : size === 'medium' ? ['kpis', 'map'] : ['kpis', 'map', 'kind', 'areas'], onPainted);
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
            <h3 className="section-title">{t('urbanOrder.byKind')}</h3>
            <BreakdownChart domain={D} view={byKind.data} ariaLabel={t('urbanOrder.byKind')} onPainted={() => mark('kind')} />
          </div>
          <div>
            <h3 className="section-title">{t('urbanOrder.byArea')}</h3>
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
    trend: ['urbanOrder.violations'],
    titles: { byKind: 'urbanOrder.byKind', byArea: 'urbanOrder.byArea' },
  },
  Overview,
);
