/**
 * What needs attention now: domains whose data has gone stale (a feed stopped), each with
 * its age. Text and a warning icon per line, never colour alone.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { CATALOG } from '../../../domains/catalog';
import { isDomainId } from '../../../domains/ids';
import { useHost } from '../../client/hooks';
import { PanelFrame, PanelMessage } from '../../components/PanelFrame';
import { useNow } from '../../components/hooks';
import { Icon } from '../../components/icons';
import { formatRelativeAge } from '../../format';
import { useLang } from '../../i18n';
import { isStale } from '../staleness';
import type { PanelProps } from '../types';

export default function AlertsPanel({ size, onPainted }: PanelProps) {
  const { t } = useTranslation();
  const { lt } = useLang();
  const now = useNow();
  const fresh = useHost('freshness.list', {});
  useEffect(() => {
    if (fresh.isSuccess) onPainted();
  }, [fresh.isSuccess, onPainted]);
  const alerts = (fresh.data ?? []).filter((f) => isDomainId(f.domain) && isStale(f.domain, f.updatedAt, now));
  return (
    <PanelFrame title={t('alerts.title')} icon="bell" color="#EE7733" size={size}>
      {alerts.length === 0 ? (
        <PanelMessage>
          <Icon name="check" style={{ width: 28, height: 28, verticalAlign: 'middle', color: 'var(--good)' }} /> {t('alerts.none')}
        </PanelMessage>
      ) : (
        <ul className="list alerts">
          {alerts.map((a) => (
            <li key={a.domain}>
              <span>
                <Icon name="warning" style={{ width: 22, height: 22, verticalAlign: 'middle', color: 'var(--warn)' }} />{' '}
                {t('alerts.staleFeed', { domain: lt(CATALOG[a.domain].shortName), age: formatRelativeAge(a.updatedAt, now) })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </PanelFrame>
  );
}
