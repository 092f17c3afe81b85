/**
 * Du lịch: visitors and revenue against last year and the year's plan (2025 target 1,7 triệu
 * lượt), overnight share; the province's attractions on the district map (Bà Rá, Thác Mơ,
 * Bù Gia Mập, Sóc Bom Bo, Tà Thiết, Bù Lạch); visitors by month and by district.
 */
import type { KpiSpec } from '../shared/KpiRow';
import { SiteMapOverview } from '../shared/SiteMapOverview';
import { withViews } from '../shared/ViewFocus';
import type { PanelProps } from '../types';
import { SiteMap } from '../shared/SiteMap';
import '../shared/strings';
import ASKS from './asks';

const D = 'tourism';
const SMALL: KpiSpec[] = [{ id: 'tourism.visitors', label: 'dp.visitors' }];
const MEDIUM: KpiSpec[] = [
  { id: 'tourism.visitors', label: 'dp.visitors' },
  { id: 'tourism.revenue', label: 'dp.revenue' },
];
const LARGE: KpiSpec[] = [...MEDIUM, { id: 'tourism.overnightShare', label: 'dp.overnight' }];

function Overview(props: PanelProps) {
  return (
    <SiteMapOverview
      {...props}
      domain={D}
      asks={ASKS}
      kpis={{ small: SMALL, medium: MEDIUM, large: LARGE }}
      radius={{ medium: 11, large: 11 }}
      shadeMedium={false}
      trend="tourism.visitors"
      titles={{ trend: 'dp.tourismTrend', byArea: 'dp.tourismByArea' }}
    />
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
