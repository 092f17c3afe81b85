/**
 * Giáo dục: schools by level (the province's published counts), pupils, graduation and grade-1
 * enrolment against last year and the plan; schools on the district map (clustered); pupils
 * by district and over the years.
 */

import { useView } from '../../client/hooks';
import { PanelFrame, PanelMessage } from '../../components/PanelFrame';
import { KpiRow, PeriodNote, type KpiSpec } from '../shared/KpiRow';
import { areaValuesOf } from '../shared/areaValues';
import { AreaBars, TrendChart } from '../shared/charts';
import { withViews } from '../shared/ViewFocus';
import { Section } from '../shared/Section';
import { usePanel } from '../shared/usePanel';
import type { PanelProps } from '../types';
import ASKS from './asks';
import { SiteMap } from '../shared/SiteMap';
import '../shared/strings';
import { useTranslation } from '../../i18n';

const D = 'education';
const SMALL: KpiSpec[] = [{ id: 'education.schools', label: 'dp.schools' }];
const MEDIUM: KpiSpec[] = [
  { id: 'education.schools', label: 'dp.schools' },
  { id: 'education.pupils', label: 'dp.pupils' },
];
const LARGE: KpiSpec[] = [
  ...MEDIUM,
  { id: 'education.graduationRate', label: 'dp.graduation' },
  { id: 'education.enrolmentRate', label: 'dp.enrolment' },
  { id: 'education.schools.preschool', label: 'dp.preschool' },
  { id: 'education.schools.primary', label: 'dp.primary' },
  { id: 'education.schools.lowerSecondary', label: 'dp.lowerSecondary' },
  { id: 'education.schools.upperSecondary', label: 'dp.upperSecondary' },
];

const PARTS = { small: ['kpis'], medium: ['kpis', 'area'], large: ['kpis', 'area', 'map', 'trend'] };

function Overview(props: PanelProps) {
  const { t } = useTranslation();
  const { size, areaId, setAreaId, kpis, mark, ask } = usePanel(D, props, { parts: PARTS, asks: ASKS });
  const byArea = useView(D, 'byArea', ask('byArea'));
  const map = useView(D, 'map', ask('map'));
  const trend = useView(D, 'trend', ask('trend'));

  return (
    <PanelFrame domain={D} size={size} areaId={areaId} onArea={setAreaId}>
      {kpis.isError ? <PanelMessage>{t('panel.error', { message: kpis.error.message })}</PanelMessage> : null}
      <KpiRow view={kpis.data} specs={size === 'small' ? SMALL : size === 'medium' ? MEDIUM : LARGE} hero={size === 'small'} compact={size !== 'small'} columns={size === 'large' ? 4 : undefined} />
      {size !== 'small' ? <PeriodNote view={kpis.data} /> : null}
      {size === 'medium' ? (
        <Section title={t('dp.eduByArea')} style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column', gap: 6 }}>
          <AreaBars domain={D} view={byArea.data} selected={areaId} onPick={setAreaId} max={6} onPainted={() => mark('area')} />
        </Section>
      ) : null}
      {size === 'large' ? (
        <div className="row">
          <SiteMap domain={D} view={map.data} selected={areaId} onPick={setAreaId} areaValues={areaValuesOf(byArea.data)} radius={6} onPainted={() => mark('map')} />
          <div>
            <h3 className="section-title">{t('dp.eduByArea')}</h3>
            <AreaBars domain={D} view={byArea.data} selected={areaId} onPick={setAreaId} onPainted={() => mark('area')} />
            <h3 className="section-title">{t('dp.eduTrend')}</h3>
            <TrendChart domain={D} view={trend.data} indicators={['education.pupils']} ariaLabel={t('dp.eduTrend')} onPainted={() => mark('trend')} />
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
    trend: ['education.pupils'],
    titles: { trend: 'dp.eduTrend', byArea: 'dp.eduByArea' },
    render: { map: (c) => <SiteMap domain={D} view={c.data} selected={c.areaId} onPick={c.setAreaId} labels={c.size === 'large'} onPainted={c.onPainted} /> },
  },
  Overview,
);
