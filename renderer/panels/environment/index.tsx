/**
 * Môi trường: VN_AQI of every air-quality station now (Decision 1459/QĐ-TCMT: NowCast PM,
 * band colour with its symbol and name), the stations on the district map, the monthly index
 * and household waste against last year and the plan. Click a district to drill down.
 */
import { useEffect, useMemo } from 'react';
import type { StationsResult } from '../../../domains/views';
import { useView } from '../../client/hooks';
import { PanelFrame, PanelMessage } from '../../components/PanelFrame';
import { useWholeRows } from '../../components/useWholeRows';
import { formatDateTime } from '../../format';
import { KpiRow, PeriodNote, type KpiSpec } from '../shared/KpiRow';
import { TrendChart } from '../shared/charts';
import { FILL_LIST, FILL_ROW, usePaintedWhen, withViews, type FocusCtx } from '../shared/ViewFocus';
import { Section, SectionRow } from '../shared/Section';
import { usePanel } from '../shared/usePanel';
import type { PanelProps } from '../types';
import { AqiBadge } from './AqiBadge';
import ASKS from './asks';
import { SiteMap } from '../shared/SiteMap';
import '../shared/strings';
import { useTranslation } from '../../i18n';

const D = 'environment';
const KPIS: KpiSpec[] = [
  { id: 'environment.aqi', label: 'dp.aqiPeriod' },
  { id: 'environment.wasteCollectionRate', label: 'dp.wasteRate' },
  { id: 'environment.wasteCollected', label: 'dp.waste' },
];

/** Stations ranked worst first, each with its VN_AQI badge (symbol and band name, not colour alone). */
function StationList({ rows, max, fill }: { rows: StationsResult['rows']; max: number; fill?: boolean }) {
  const list = useWholeRows<HTMLOListElement>();
  return (
    <ol ref={list} className="list" data-stations style={fill ? FILL_LIST : { overflow: 'hidden' }}>
      {rows.slice(0, max).map((s) => (
        <li key={s.id} data-station={s.id} style={{ alignItems: 'center', ...(fill ? FILL_ROW : null) }}>
          <span title={s.name} style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{s.name}</span>
          <AqiBadge aqi={s.aqi} />
        </li>
      ))}
    </ol>
  );
}

/** The 'stations' view filling a tile: every station that fits, worst first. */
function StationsFocus({ data, onPainted }: FocusCtx<StationsResult>) {
  usePaintedWhen(data, onPainted);
  const ranked = useMemo(() => [...(data?.rows ?? [])].sort((a, b) => (b.aqi ?? -1) - (a.aqi ?? -1)), [data]);
  return <StationList rows={ranked} max={40} fill />;
}

// The headline here is the worst station now; the period's figures only fit a large tile (./asks.ts).
const PARTS = { small: ['stations'], medium: ['stations', 'map'], large: ['stations', 'kpis', 'map', 'trend'] };

function Overview(props: PanelProps) {
  const { t } = useTranslation();
  const { size, areaId, setAreaId, kpis, mark, ask } = usePanel(D, props, { parts: PARTS, asks: ASKS });
  const stations = useView(D, 'stations', ask('stations'));
  const map = useView(D, 'map', ask('map'));
  const trend = useView(D, 'trend', ask('trend'));
  useEffect(() => {
    if (stations.isSuccess) mark('stations');
  }, [stations.isSuccess, stations.data, mark]);

  const ranked = useMemo(() => [...(stations.data?.rows ?? [])].sort((a, b) => (b.aqi ?? -1) - (a.aqi ?? -1)), [stations.data]);
  const worst = ranked[0];
  const error = stations.error ?? kpis.error;

  return (
    <PanelFrame domain={D} size={size} areaId={areaId} onArea={setAreaId}>
      {error ? <PanelMessage>{t('panel.error', { message: error.message })}</PanelMessage> : null}
      <div className="aqi-now" style={{ display: 'flex', flexDirection: 'column', gap: 4 }} data-kpi="environment.aqiNow">
        <div className="kpi__label">{t('dp.aqiNow')}</div>
        <div style={{ display: 'flex', alignItems: 'center', gap: 16, flexWrap: 'wrap' }}>
          <AqiBadge aqi={worst?.aqi ?? null} big />
          {worst && size !== 'small' ? (
            <span style={{ fontSize: 20, color: 'var(--text-2)' }}>
              {worst.name}
              {worst.time ? ` · ${formatDateTime(worst.time)}` : ''}
            </span>
          ) : null}
        </div>
        {worst && size === 'small' ? <div style={{ fontSize: 18, color: 'var(--text-2)', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>{worst.name}</div> : null}
      </div>
      {size === 'large' ? <KpiRow view={kpis.data} specs={KPIS} compact /> : null}
      {size === 'large' ? <PeriodNote view={kpis.data} /> : null}
      {size !== 'small' ? (
        <div className="row">
          <SiteMap domain={D} view={map.data} selected={areaId} onPick={setAreaId} labels={size === 'large'} only={size === 'large' ? undefined : 'station'} onPainted={() => mark('map')} />
          <Section title={t('dp.aqiStations')} style={{ flex: size === 'large' ? 1 : 1.1 }}>
            <StationList rows={ranked} max={size === 'large' ? 7 : 5} />
          </Section>
        </div>
      ) : null}
      {size === 'large' ? (
        <SectionRow
          short
          style={{ maxHeight: 260 }}
          sections={[
            {
              title: t('dp.aqiTrend'),
              body: <TrendChart domain={D} view={trend.data} indicators={['environment.aqi']} last={24} ariaLabel={t('dp.aqiTrend')} onPainted={() => mark('trend')} />,
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
    headline: KPIS.slice(0, 2),
    trend: ['environment.aqi'],
    titles: { stations: 'dp.aqiStations', trend: 'dp.aqiTrend' },
    render: {
      stations: (c) => <StationsFocus {...c} />,
      map: (c) => <SiteMap domain={D} view={c.data} selected={c.areaId} onPick={c.setAreaId} labels={c.size === 'large'} onPainted={c.onPainted} />,
    },
  },
  Overview,
);
