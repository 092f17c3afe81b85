/**
 * Y tế: beds and their occupancy, outpatient visits and inpatients against last year,
 * dengue cases, immunisation against the plan; hospitals and health stations on the district
 * map; visits by month and by district. (The province publishes no bed counts: demo figures.)
 */
import type { KpiSpec } from '../shared/KpiRow';
import { SiteMapOverview } from '../shared/SiteMapOverview';
import { withViews } from '../shared/ViewFocus';
import type { PanelProps } from '../types';
import { SiteMap } from '../shared/SiteMap';
import '../shared/strings';
import ASKS from './asks';

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

function Overview(props: PanelProps) {
  return (
    <SiteMapOverview
      {...props}
      domain={D}
      asks={ASKS}
      kpis={{ small: SMALL, medium: MEDIUM, large: LARGE }}
      largeColumns={3}
      radius={{ medium: 6, large: 7 }}
      shadeMedium
      trend="health.outpatientVisits"
      titles={{ trend: 'dp.healthTrend', byArea: 'dp.healthByArea' }}
    />
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
