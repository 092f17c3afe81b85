/**
 * Đường dây nóng: citizen reports received, share resolved, overdue now (flagged with an icon
 * and the word, never colour alone), emergency calls; reports by handling status; the latest
 * reports with their text shown exactly as written (React text nodes: markup stays visible and
 * nothing runs); reports on the district map, popups plain text too.
 */
import { useEffect } from 'react';
import type { RecentResult } from '../../../domains/views';
import { useView } from '../../client/hooks';
import { Icon } from '../../components/icons';
import { PanelFrame, PanelMessage } from '../../components/PanelFrame';
import { useWholeRows } from '../../components/useWholeRows';
import { formatDateTime } from '../../format';
import { useLang, useTranslation } from '../../i18n';
import { EventMap } from '../shared/EventMap';
import { KpiRow, PeriodNote, type KpiSpec } from '../shared/KpiRow';
import { BreakdownChart } from '../shared/charts';
import { FILL_LIST, FILL_ROW, usePaintedWhen, withViews, type FocusCtx } from '../shared/ViewFocus';
import { Section } from '../shared/Section';
import { usePanel } from '../shared/usePanel';
import type { PanelProps } from '../types';
import ASKS from './asks';
import '../shared/strings';

const D = 'hotline';
const SMALL: KpiSpec[] = [{ id: 'hotline.overdue', label: 'dp.overdue' }];
const MEDIUM: KpiSpec[] = [
  { id: 'hotline.received', label: 'dp.received' },
  { id: 'hotline.overdue', label: 'dp.overdue' },
];
const LARGE: KpiSpec[] = [
  { id: 'hotline.received', label: 'dp.received' },
  { id: 'hotline.resolvedRate', label: 'dp.resolvedRate' },
  { id: 'hotline.overdue', label: 'dp.overdue' },
  { id: 'hotline.emergencyCalls', label: 'dp.emergency' },
];

function ReportList({ view, max, fill }: { view: RecentResult | undefined; max: number; fill?: boolean }) {
  const { t } = useTranslation();
  const { lt } = useLang();
  const rows = view?.rows.slice(0, max) ?? [];
  const list = useWholeRows<HTMLOListElement>();
  // One line of details, cut with an ellipsis where narrow; the whole line is its title.
  const line = (r: RecentResult['rows'][number]) =>
    `${lt(r.statusName)} · ${formatDateTime(r.openedAt)}${r.dueAt ? ` · ${t('dp.dueAt', { when: formatDateTime(r.dueAt) })}` : ''} · ${r.address}`;
  if (view && rows.length === 0) return <PanelMessage>{t('dp.noReports')}</PanelMessage>;
  return (
    <ol ref={list} className="reports" data-reports style={{ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 6, overflow: 'hidden', ...(fill ? FILL_LIST : null) }}>
      {rows.map((r) => (
        <li
          key={r.id}
          data-report={r.id}
          data-overdue={r.overdue ? 'true' : undefined}
          style={{ borderLeft: `6px solid ${r.overdue ? 'var(--bad)' : 'var(--line)'}`, paddingLeft: 10, minWidth: 0, ...(fill ? FILL_ROW : null) }}
        >
          <div style={{ display: 'flex', gap: 10, alignItems: 'baseline', minWidth: 0 }}>
            {r.overdue ? (
              <span className="kpi__delta kpi__delta--bad" data-overdue-flag style={{ fontWeight: 800, fontSize: 20, flex: 'none' }}>
                <Icon name="warning" />
                {t('dp.overdueFlag')}
              </span>
            ) : null}
            {/* Citizen text: a text node, so "<b>" shows as typed and nothing runs. */}
            <span data-report-title title={r.title} style={{ fontSize: 22, fontWeight: 700, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
              {r.title}
            </span>
          </div>
          <div data-report-text title={line(r)} style={{ fontSize: 18, color: 'var(--text-2)', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
            {line(r)}
          </div>
        </li>
      ))}
    </ol>
  );
}

/** The 'recent' view filling a tile: as many reports as the size allows. */
function RecentFocus({ data, size, onPainted }: FocusCtx<RecentResult>) {
  usePaintedWhen(data, onPainted);
  return <ReportList view={data} max={size === 'large' ? 20 : 10} fill />;
}

const PARTS = { small: ['kpis'], medium: ['kpis', 'recent'], large: ['kpis', 'recent', 'status', 'map'] };

function Overview(props: PanelProps) {
  const { t } = useTranslation();
  const { size, areaId, setAreaId, kpis, mark, ask } = usePanel(D, props, { parts: PARTS, asks: ASKS });
  const recent = useView(D, 'recent', ask('recent'));
  const byStatus = useView(D, 'byStatus', ask('byStatus'));
  const map = useView(D, 'map', ask('map'));
  useEffect(() => {
    if (recent.isSuccess) mark('recent');
  }, [recent.isSuccess, recent.data, mark]);

  return (
    <PanelFrame domain={D} size={size} areaId={areaId} onArea={setAreaId}>
      {kpis.isError ? <PanelMessage>{t('panel.error', { message: kpis.error.message })}</PanelMessage> : null}
      <KpiRow view={kpis.data} specs={size === 'small' ? SMALL : size === 'medium' ? MEDIUM : LARGE} hero={size === 'small'} compact={size !== 'small'} />
      {size !== 'small' ? <PeriodNote view={kpis.data} /> : null}
      {size === 'medium' ? (
        <Section title={t('dp.recent')} style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column', gap: 6 }}>
          <ReportList view={recent.data} max={3} />
        </Section>
      ) : null}
      {size === 'large' ? (
        <div className="row">
          <EventMap domain={D} view={map.data} selected={areaId} onPick={setAreaId} onPainted={() => mark('map')} />
          <div>
            <h3 className="section-title">{t('dp.recent')}</h3>
            <ReportList view={recent.data} max={6} />
            <h3 className="section-title">{t('dp.byStatus')}</h3>
            <div style={{ flex: 1, minHeight: 160, display: 'flex' }}>
              <BreakdownChart domain={D} view={byStatus.data} ariaLabel={t('dp.byStatus')} onPainted={() => mark('status')} />
            </div>
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
    trend: ['hotline.received'],
    titles: { recent: 'dp.recent', byStatus: 'dp.byStatus' },
    render: { recent: (c) => <RecentFocus {...c} /> },
  },
  Overview,
);
