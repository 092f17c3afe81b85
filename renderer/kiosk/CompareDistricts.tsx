/**
 * "So sánh địa bàn": the districts ranked on the domain's by-district figure (the one the map
 * is shaded by), each with its value, a bar for its share of the largest, and its change
 * against the same period last year (arrow, signed number and words). Each row is one big
 * touch target: a tap drills the whole screen into that district.
 */
import type { DomainDef } from '../../domains/catalog';
import { useView } from '../client/hooks';
import { formatPeriod, formatSigned, formatSignedPercent } from '../format';
import { useLang, useTranslation } from '../i18n';
import { formatIndicator, isPercent } from '../panels/shared/format';
import { rankRows, rowChange } from './compare';
import { ChangeVerdict } from './DomainTile';
import { useWholeRowsScroll } from './useWholeRowsScroll';

export function CompareDistricts({ domain, areaId, onPick }: { domain: DomainDef; areaId: string | undefined; onPick(id: string): void }) {
  const { t } = useTranslation();
  const { lt } = useLang();
  const byArea = useView(domain.id, 'byArea');
  const ind = byArea.data?.indicator;
  const percent = isPercent(ind);
  const rows = rankRows(byArea.data?.rows ?? []);
  const max = Math.max(1e-9, ...rows.map((r) => Math.abs(r.value ?? 0)));
  const frame = useWholeRowsScroll();
  if (!byArea.data) return <p className="kov__empty">…</p>;
  return (
    <div className="kcmp" data-compare={domain.id}>
      <p className="kcmp__title">
        {t('kiosk.rankedBy', { name: ind ? lt(ind.name) : '' })}
        {ind && !percent && !lt(ind.name).includes(lt(ind.unit)) ? ` (${lt(ind.unit)})` : ''} · {formatPeriod(byArea.data.period.key)}
      </p>
      <div className="kcmp__frame" ref={frame}>
        <ol className="kcmp__list">
          {rows.map((r, i) => {
            const c = rowChange(r, percent);
            const good = c === null || c.value === 0 ? null : c.value > 0 === (ind?.upIsGood ?? true);
            return (
              <li key={r.areaId}>
                <button type="button" data-area={r.areaId} aria-pressed={areaId === r.areaId} onClick={() => onPick(r.areaId)}>
                  <span className="kcmp__rank">{i + 1}</span>
                  <span className="kcmp__name" title={r.name}>
                    {r.name}
                  </span>
                  <span className="kcmp__value">{r.value === null ? '–' : formatIndicator(ind, r.value)}</span>
                  <span className={`kcmp__change${good === null ? '' : good ? ' is-good' : ' is-bad'}`}>
                    {c === null ? (
                      t('kiosk.noChange')
                    ) : (
                      <>
                        <span aria-hidden="true">{c.value === 0 ? '■' : c.value > 0 ? '▲' : '▼'}</span>{' '}
                        {c.kind === 'points' ? `${formatSigned(c.value, 1)} ${t('kiosk.points')}` : formatSignedPercent(c.value)}{' '}
                        <ChangeVerdict good={good} />
                        <span className="kcmp__vs">{t('kiosk.vsLastYear')}</span>
                      </>
                    )}
                  </span>
                  <span className="kcmp__bar" aria-hidden="true">
                    <span style={{ width: `${(Math.abs(r.value ?? 0) / max) * 100}%` }} />
                  </span>
                </button>
              </li>
            );
          })}
        </ol>
      </div>
      {rows.length === 0 ? <p className="kov__empty">{t('kiosk.noFigure')}</p> : null}
    </div>
  );
}
