/**
 * One of the ten home-screen tiles: the domain's icon and name and its headline figure (the
 * first figure of its 'kpis' view), with the change against the same period last year as an
 * arrow AND a signed number (never colour alone). The whole tile is one touch target.
 */
import type { DomainDef } from '../../domains/catalog';
import type { KpiItem } from '../../domains/views';
import { useView } from '../client/hooks';
import { Icon } from '../components/icons';
import { formatFigure, formatSigned, formatSignedPercent, formatUpdated } from '../format';
import { useLang, useTranslation } from '../i18n';

export function headline(items: readonly KpiItem[] | undefined): KpiItem | null {
  return items?.find((i) => i.value !== null) ?? null;
}

/** A headline figure as the kiosk prints it (also in the detail view's figure cards). */
export function HeadlineValue({ item }: { item: KpiItem }) {
  return <>{formatFigure(item.value)}</>;
}

/**
 * Whether a change is good or bad, in a word ("tốt hơn" / "kém hơn"): a fall is good for
 * accidents and bad for dossiers on time, and the colour alone cannot say it to everyone.
 */
export function ChangeVerdict({ good }: { good: boolean | null }) {
  const { t } = useTranslation();
  if (good === null) return null;
  return (
    <>
      <span className="kchange__verdict" data-verdict={good ? 'better' : 'worse'}>
        {t(good ? 'kiosk.better' : 'kiosk.worse')}
      </span>{' '}
    </>
  );
}

/** Its change against the same period last year: arrow AND signed number AND words. */
export function HeadlineChange({ item }: { item: KpiItem }) {
  const { t } = useTranslation();
  if (item.change === null) return null;
  const up = item.change > 0;
  const good = item.change === 0 ? null : up === item.upIsGood;
  const text = item.changeKind === 'points' ? `${formatSigned(item.change, 1)} ${t('kiosk.points')}` : formatSignedPercent(item.change);
  return (
    <span className={`ktile__change ${good === null ? '' : good ? 'is-good' : 'is-bad'}`}>
      <span aria-hidden="true">{item.change === 0 ? '■' : up ? '▲' : '▼'}</span> {text} <ChangeVerdict good={good} />
      <span className="ktile__vs">{t('kiosk.vsPrev')}</span>
    </span>
  );
}

export function DomainTile({ domain, onOpen }: { domain: DomainDef; onOpen(): void }) {
  const { t } = useTranslation();
  const { lt } = useLang();
  const kpis = useView(domain.id, 'kpis');
  const item = headline(kpis.data?.items);
  return (
    <button
      type="button"
      className="ktile"
      style={{ ['--accent' as string]: domain.color }}
      onClick={onOpen}
      data-domain={domain.id}
      data-headline={item ? 'true' : kpis.isSuccess ? 'none' : 'loading'}
    >
      <span className="ktile__head">
        <Icon name={domain.icon} aria-hidden="true" />
        <span className="ktile__name ktile__name--full">{lt(domain.name)}</span>
        <span className="ktile__name ktile__name--short">{lt(domain.shortName)}</span>
      </span>
      {item ? (
        <span className="ktile__figure">
          <span className="ktile__label">{lt(item.name)}</span>
          <span className="ktile__value">
            <HeadlineValue item={item} /> <span className="ktile__unit">{lt(item.unit)}</span>
          </span>
          <HeadlineChange item={item} />
        </span>
      ) : (
        <span className="ktile__figure ktile__figure--empty">{kpis.isSuccess ? t('kiosk.noFigure') : '…'}</span>
      )}
      {kpis.data?.freshness.updatedAt ? <span className="ktile__fresh">{formatUpdated(kpis.data.freshness.updatedAt)}</span> : null}
    </button>
  );
}
