/**
 * The overview the facility/place panels (health, tourism) draw: KPIs, the district map with
 * the domain's sites, and in large tiles a trend chart and the district bars beside it. The
 * tile is painted when every part its size shows has drawn.
 */
import type { DomainId } from '../../../domains/ids';
import { useView } from '../../client/hooks';
import { PanelFrame, PanelMessage } from '../../components/PanelFrame';
import { SiteMap } from './SiteMap';
import type { PanelProps } from '../types';
import type { PanelAsks } from '../ask';
import { usePanel } from './usePanel';
import { KpiRow, PeriodNote, type KpiSpec } from './KpiRow';
import { areaValuesOf } from './areaValues';
import { AreaBars, TrendChart } from './charts';
import { useTranslation } from '../../i18n';

export interface SiteMapOverviewProps extends PanelProps {
  domain: DomainId;
  /** The domain's asks.ts (./overview-asks.ts SITE_MAP_ASKS): which views it asks at which size. */
  asks: PanelAsks<'map' | 'byArea' | 'trend'>;
  kpis: { small: KpiSpec[]; medium: KpiSpec[]; large: KpiSpec[] };
  /** KPI columns in large tiles (KpiRow's default when absent). */
  largeColumns?: number;
  /** Site marker radius per tile size (medium, large). */
  radius: { medium: number; large: number };
  /** Shade districts by the byArea view in medium tiles too (that view is only queried in large ones). */
  shadeMedium: boolean;
  /** Indicator the trend chart draws. */
  trend: string;
  /** i18n keys of the section titles. */
  titles: { trend: string; byArea: string };
}

const PARTS = { small: ['kpis'], medium: ['kpis', 'map'], large: ['kpis', 'map', 'trend', 'area'] };

export function SiteMapOverview({
  domain: D,
  asks,
  kpis: specs,
  largeColumns,
  radius,
  shadeMedium,
  trend: trendIndicator,
  titles,
  ...props
}: SiteMapOverviewProps) {
  const { t } = useTranslation();
  const { size, areaId, setAreaId, kpis, mark, ask } = usePanel(D, props, { parts: PARTS, asks });
  const map = useView(D, 'map', ask('map'));
  const byArea = useView(D, 'byArea', ask('byArea'));
  const trend = useView(D, 'trend', ask('trend'));

  return (
    <PanelFrame domain={D} size={size} areaId={areaId} onArea={setAreaId}>
      {kpis.isError ? <PanelMessage>{t('panel.error', { message: kpis.error.message })}</PanelMessage> : null}
      <KpiRow view={kpis.data} specs={specs[size]} hero={size === 'small'} compact={size !== 'small'} columns={size === 'large' ? largeColumns : undefined} />
      {size !== 'small' ? <PeriodNote view={kpis.data} /> : null}
      {size !== 'small' ? (
        <div className="row">
          <SiteMap
            domain={D}
            view={map.data}
            selected={areaId}
            onPick={setAreaId}
            areaValues={size === 'large' || shadeMedium ? areaValuesOf(byArea.data) : undefined}
            labels={size === 'large'}
            radius={size === 'large' ? radius.large : radius.medium}
            onPainted={() => mark('map')}
          />
          {size === 'large' ? (
            <div>
              <h3 className="section-title">{t(titles.trend)}</h3>
              <TrendChart domain={D} view={trend.data} indicators={[trendIndicator]} ariaLabel={t(titles.trend)} onPainted={() => mark('trend')} />
              <h3 className="section-title">{t(titles.byArea)}</h3>
              <AreaBars domain={D} view={byArea.data} selected={areaId} onPick={setAreaId} onPainted={() => mark('area')} />
            </div>
          ) : null}
        </div>
      ) : null}
    </PanelFrame>
  );
}
