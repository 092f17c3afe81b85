/**
 * What needs attention now, across all ten domains: every headline figure its view flags as
 * bad news (overdue dossiers and reports, poor air…) and every domain whose data has gone
 * stale (a feed stopped). Each line has a warning icon and words, never colour alone.
 */
import { useQueries } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { CATALOG } from '../../../domains/catalog';
import { DOMAIN_IDS, isDomainId } from '../../../domains/ids';
import type { KpisResult } from '../../../domains/views';
import { useHostClient } from '../../client/context';
import { useHost, viewKey } from '../../client/hooks';
import { PanelFrame, PanelMessage } from '../../components/PanelFrame';
import { useNow } from '../../components/hooks';
import { useWholeRows } from '../../components/useWholeRows';
import { Icon } from '../../components/icons';
import { formatRelativeAge } from '../../format';
import { useLang } from '../../i18n';
import { formatIndicator, isPercent } from '../shared/parts';
import { isStale } from '../staleness';
import type { PanelProps } from '../types';

export default function AlertsPanel({ size, onPainted }: PanelProps) {
  const list = useWholeRows<HTMLUListElement>();
  const { t } = useTranslation();
  const { lt } = useLang();
  const now = useNow();
  const client = useHostClient();
  const fresh = useHost('freshness.list', {});
  // Same keys as useView, so `changed` for a domain refreshes its line here too.
  const kpis = useQueries({
    queries: DOMAIN_IDS.map((domain) => ({
      queryKey: viewKey(domain, 'kpis'),
      queryFn: () => client.request('view.query', { domain, view: 'kpis' }) as Promise<KpisResult>,
    })),
  });
  const settled = fresh.isSuccess && kpis.every((q) => q.isSuccess || q.isError);
  useEffect(() => {
    if (settled) onPainted();
  }, [settled, onPainted]);

  const lines: { key: string; text: string }[] = [];
  for (const q of kpis) {
    for (const item of q.data?.items ?? []) {
      if (!item.alert || item.value === null) continue;
      const domain = CATALOG[q.data!.domain];
      lines.push({
        key: `${q.data!.domain}|${item.id}`,
        text: `${lt(domain.shortName)}: ${lt(item.name)} ${formatIndicator(item, item.value)}${isPercent(item) ? '' : ` ${lt(item.unit)}`}`,
      });
    }
  }
  for (const f of fresh.data ?? []) {
    if (isDomainId(f.domain) && isStale(f.domain, f.updatedAt, now))
      lines.push({
        key: `stale|${f.domain}`,
        text: t('alerts.staleFeed', { domain: lt(CATALOG[f.domain].shortName), age: formatRelativeAge(f.updatedAt, now) }),
      });
  }

  return (
    <PanelFrame title={t('alerts.title')} icon="bell" color="#EE7733" size={size}>
      {lines.length === 0 ? (
        <PanelMessage>
          <Icon name="check" style={{ width: 28, height: 28, verticalAlign: 'middle', color: 'var(--good)' }} /> {t('alerts.none')}
        </PanelMessage>
      ) : (
        <ul ref={list} className="list alerts" data-alerts={lines.length}>
          {lines.map((a) => (
            <li key={a.key}>
              <span className="alerts__line">
                <Icon name="warning" className="alerts__icon" />
                {a.text}
              </span>
            </li>
          ))}
        </ul>
      )}
    </PanelFrame>
  );
}
