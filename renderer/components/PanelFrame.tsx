/**
 * The frame every panel sits in: domain accent bar, icon and title, the area being shown (a
 * list to drill into a district on the console; on the wall, which nobody touches, the area's
 * name: the layout's tile sets it), "Dữ liệu mẫu" when the host runs on demo data, and the
 * freshness line "cập nhật 08:15 · 3 phút trước · Sở Y tế". Data older than the domain's
 * threshold (panels/staleness.ts) is dimmed and labelled "Dữ liệu cũ" — label, not just dim.
 *
 *   <PanelFrame domain="economy" size={size} areaId={areaId} onArea={setAreaId}>…</PanelFrame>
 */
import type { ReactNode } from 'react';
import { CATALOG } from '../../domains/catalog';
import type { DomainId } from '../../domains/ids';
import { useHost } from '../client/hooks';
import { formatUpdated, formatUpdatedShort } from '../format';
import { useLang, useTranslation } from '../i18n';
import { isStale, STALE_AFTER_MS } from '../panels/staleness';
import type { PanelSize } from '../panels/types';
import { useAreas, useNow } from './hooks';
import { Icon } from './icons';
import { useSurface } from './surface';

export interface PanelFrameProps {
  /** The domain gives colour, icon, title and agency; omit for clock/alerts/text tiles. */
  domain?: DomainId;
  title?: string;
  icon?: string;
  color?: string;
  size: PanelSize;
  /** A band-shaped tile: the body lays out side by side (see panels/shared/Split). */
  wide?: boolean;
  /** Current drill-down; with onArea, the header shows a district list (not on the wall). */
  areaId?: string;
  onArea?(areaId: string | undefined): void;
  children: ReactNode;
}

export function PanelFrame({ domain, title, icon, color, size, wide, areaId, onArea, children }: PanelFrameProps) {
  const { t } = useTranslation();
  const { lt } = useLang();
  const now = useNow();
  const def = domain ? CATALOG[domain] : undefined;
  const info = useHost('host.info', {});
  const fresh = useHost('freshness.list', {}, { enabled: !!domain });
  const areas = useAreas();
  const surface = useSurface();
  // A list on a wall display would be a second, local way to drill down that the console never
  // sees (the tile's area is set in the layout editor), and its options cost every cold switch.
  const pick = onArea && surface !== 'wall' ? onArea : undefined;

  const f = domain ? fresh.data?.find((x) => x.domain === domain) : undefined;
  const stale = !!(domain && f && isStale(domain, f.updatedAt, now));
  const accent = color ?? def?.color ?? '#888';
  // Full names only where there is room; the catalog's short name otherwise.
  const heading = title ?? (def ? (size === 'large' ? lt(def.name) : lt(def.shortName)) : '');

  return (
    <section
      className={`panel panel--${size}${wide ? ' panel--wide' : ''}${stale ? ' panel--stale' : ''}`}
      style={{ ['--accent' as string]: accent }}
      data-domain={domain}
      data-stale={stale ? 'true' : undefined}
      aria-label={heading}
    >
      <header className="panel__head">
        <Icon name={icon ?? def?.icon ?? 'chart'} className="panel__icon" />
        <h2 className="panel__title" title={heading}>{heading}</h2>
        {pick && size !== 'small' && areas.units.length > 0 ? (
          <label className="area-pick">
            <span className="sr-only">{t('panel.chooseArea')}</span>
            <select
              value={areaId ?? ''}
              onChange={(e) => pick(e.target.value || undefined)}
              aria-label={t('panel.chooseArea')}
              data-area-select
            >
              <option value="">{t('panel.allAreas')}</option>
              {areas.units.map((a) => (
                <option key={a.id} value={a.id}>{a.name}</option>
              ))}
            </select>
          </label>
        ) : areaId ? (
          <span className="panel__area">{areas.name(areaId) ?? areaId}</span>
        ) : null}
        {stale ? (
          <span className="panel__badge panel__badge--stale" title={t('panel.staleTitle', { hours: Math.round(STALE_AFTER_MS[domain!] / 3_600_000) })}>
            {t('panel.stale')}
          </span>
        ) : null}
      </header>
      <div className="panel__body">{children}</div>
      {def ? (
        <footer className="panel__foot" data-freshness={f?.updatedAt ?? ''}>
          {info.data?.demo ? <span className="panel__badge panel__badge--demo" data-demo>{t('panel.demo')}</span> : null}
          {f ? (
            <span>
              {t('panel.updated', { when: size === 'large' ? formatUpdated(f.updatedAt, now) : formatUpdatedShort(f.updatedAt, now) })}
            </span>
          ) : null}
          {f ? <span aria-hidden="true">·</span> : null}
          <span title={lt(def.agency)}>{lt(def.agency)}</span>
        </footer>
      ) : null}
    </section>
  );
}

/** Loading / error / empty message inside a panel body. */
export function PanelMessage({ children }: { children: ReactNode }) {
  return <div className="panel__msg">{children}</div>;
}
