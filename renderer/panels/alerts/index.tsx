/**
 * What needs attention now. First the alerts the host's rules raised and that are still open
 * (severity as symbol + word + colour, rule, district, age, state), newest and most severe
 * first; on a large tile, the active CAP warnings drawn on the map with their areas; then the
 * headline figures the views flag as bad news and the domains whose data went stale. Warning
 * text from CAP senders is shown as text, never as markup.
 */
import { useQueries } from '@tanstack/react-query';
import { useEffect } from 'react';
import { capInfoFor } from '../../../domains/cap';
import { CATALOG } from '../../../domains/catalog';
import { DOMAIN_IDS, isDomainId } from '../../../domains/ids';
import { SEVERITY_LOOK, useAlerts, useCapWarnings } from '../../alerts/hooks';
import '../../alerts/alerts.css';
import { useHostClient } from '../../client/context';
import { useHost, viewKey, viewQuery } from '../../client/hooks';
import { useScopedKeys } from '../../client/query-scope';
import { PanelFrame, PanelMessage } from '../../components/PanelFrame';
import { usePaintGate, useNow } from '../../components/hooks';
import { useWholeRows } from '../../components/useWholeRows';
import { Icon } from '../../components/icons';
import { Map, type MapShape } from '../../components/Map';
import { formatDateTime, formatRelativeAge } from '../../format';
import { useLang, useTranslation } from '../../i18n';
import { formatIndicator, isPercent } from '../shared/format';
import { isStale } from '../staleness';
import type { PanelProps } from '../types';
import { alertsOf, capOf, capShownOfTotal, moreThanShown } from './counts';

export default function AlertsPanel({ size, onPainted }: PanelProps) {
  const figureRows = useWholeRows<HTMLUListElement>();
  const { t } = useTranslation();
  const { lt, lang } = useLang();
  const now = useNow();
  const client = useHostClient();
  const alerts = useAlerts();
  const cap = useCapWarnings();
  const capList = capOf(cap.data);
  const warnings = capList?.warnings ?? [];
  const capCut = capShownOfTotal(capList);
  const fresh = useHost('freshness.list', {});
  // Same keys as useView, so `changed` for a domain refreshes its line here too.
  useScopedKeys(DOMAIN_IDS.map((domain) => viewKey(domain, 'kpis')));
  const kpis = useQueries({
    queries: DOMAIN_IDS.map((domain) => ({
      queryKey: viewKey(domain, 'kpis'),
      queryFn: () => client.call('view.query', viewQuery(domain, 'kpis')),
    })),
  });
  const showMap = size === 'large' && warnings.length > 0;
  const mark = usePaintGate(showMap ? ['data', 'map'] : ['data'], onPainted);
  const settled =
    (alerts.isSuccess || alerts.isError) && (cap.isSuccess || cap.isError) && fresh.isSuccess && kpis.every((q) => q.isSuccess || q.isError);
  useEffect(() => {
    if (settled) mark('data');
  }, [settled, mark]);

  const figures: { key: string; text: string }[] = [];
  for (const q of kpis) {
    for (const item of q.data?.items ?? []) {
      if (!item.alert || item.value === null) continue;
      const domain = CATALOG[q.data!.domain];
      figures.push({
        key: `${q.data!.domain}|${item.id}`,
        text: `${lt(domain.shortName)}: ${lt(item.name)} ${formatIndicator(item, item.value)}${isPercent(item) ? '' : ` ${lt(item.unit)}`}`,
      });
    }
  }
  for (const f of fresh.data ?? []) {
    if (isDomainId(f.domain) && isStale(f.domain, f.updatedAt, now))
      figures.push({
        key: `stale|${f.domain}`,
        text: t('alerts.staleFeed', { domain: lt(CATALOG[f.domain].shortName), age: formatRelativeAge(f.updatedAt, now) }),
      });
  }

  const open = alertsOf(alerts.data);
  const max = size === 'small' ? 2 : size === 'medium' ? 5 : 10;
  const list = (
    <ul className="alert-list" data-open-alerts={alerts.data?.total ?? open.length}>
      {open.slice(0, max).map((a) => {
        const look = SEVERITY_LOOK[a.severity];
        return (
          <li
            key={a.id}
            className={`alert-item${a.state === 'acknowledged' ? ' alert-item--ack' : ''}`}
            style={{ ['--sev' as string]: look.color }}
            data-alert-id={a.id}
            data-alert-state={a.state}
            data-alert-area={a.area}
          >
            <span className="alert-item__sev">
              {look.symbol} {t(`alertsUi.severity.${a.severity}`)}
            </span>
            <span className="alert-item__name">{lang === 'en' ? a.ruleNameEn : a.ruleName}</span>
            <span className="alert-item__age">{t('alertsUi.age', { age: formatRelativeAge(a.raisedAt, now) })}</span>
            <span className="alert-item__meta">
              {a.areaName}
              {a.value !== null ? ` · ${a.value}` : ''} · {t(`alertsUi.state.${a.state}`)}
            </span>
          </li>
        );
      })}
      {moreThanShown(alerts.data, max) > 0 ? <li className="alert-item__meta">{t('alertsUi.bandMore', { n: moreThanShown(alerts.data, max) })}</li> : null}
    </ul>
  );

  const shapes: MapShape[] = warnings.map((w) => {
    // The block in the page's language (a warning sends one per language, in any order).
    const info = capInfoFor(w.info, lang);
    return {
      id: `${w.sender}|${w.identifier}`,
      polygons: w.info.flatMap((i) => i.areas.flatMap((ar) => ar.polygons.map((p) => p.points))),
      circles: w.info.flatMap((i) => i.areas.flatMap((ar) => ar.circles)),
      color: w.severity === 'Extreme' || w.severity === 'Severe' ? SEVERITY_LOOK.severe.color : SEVERITY_LOOK.warning.color,
      title: `${w.severity} · ${info?.headline ?? info?.event ?? w.identifier}`,
      text: [info?.description, info?.instruction].filter(Boolean).join('\n'),
      lines: w.expires ? [t('alertsUi.capExpires', { at: formatDateTime(w.expires) })] : [],
    };
  });

  const empty = open.length === 0 && figures.length === 0;
  return (
    <PanelFrame title={t('alerts.title')} icon="bell" color="#EE7733" size={size}>
      {empty ? (
        <PanelMessage>
          <Icon name="check" style={{ width: 28, height: 28, verticalAlign: 'middle', color: 'var(--good)' }} /> {t('alerts.none')}
        </PanelMessage>
      ) : showMap ? (
        <div className="alert-split">
          <div>
            {list}
            <div className="alert-cap" data-cap-warnings={warnings.length} data-cap-total={capList!.total}>
              {t('alertsUi.cap')}
              {capCut ? ` (${capCut})` : ''}:{' '}
              {warnings.map((w) => capInfoFor(w.info, lang)?.headline ?? w.identifier).join(' · ')}
            </div>
          </div>
          <Map shapes={shapes} ariaLabel={t('alertsUi.cap')} onPainted={() => mark('map')} labels={false} />
        </div>
      ) : (
        <>
          {list}
          {size !== 'small' && figures.length > 0 ? (
            <ul ref={figureRows} className="list alerts" data-alerts={figures.length}>
              {figures.slice(0, size === 'medium' ? 3 : 8).map((a) => (
                <li key={a.key}>
                  <span className="alerts__line">
                    <Icon name="warning" className="alerts__icon" />
                    {a.text}
                  </span>
                </li>
              ))}
            </ul>
          ) : null}
        </>
      )}
    </PanelFrame>
  );
}
