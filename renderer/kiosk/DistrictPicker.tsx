/**
 * Drill-down by district for a finger: the province's map (tap a district) above a list of big
 * buttons, "Toàn tỉnh" first. Both show the same choice; the list is there because a small
 * district on a map is a poor touch target.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DomainDef } from '../../domains/catalog';
import { useView } from '../client/hooks';
import { useAreas } from '../components/hooks';
import { Map } from '../components/Map';
import { useLang } from '../i18n';

export function DistrictPicker({ domain, areaId, onPick }: { domain: DomainDef; areaId: string | undefined; onPick(id: string | undefined): void }) {
  const { t } = useTranslation();
  const { lt } = useLang();
  const { units } = useAreas();
  const byArea = useView(domain.id, 'byArea');
  const values = useMemo(() => {
    const out: Record<string, number> = {};
    for (const r of byArea.data?.rows ?? []) if (r.value !== null) out[r.areaId] = r.value;
    return out;
  }, [byArea.data]);
  const districts = units.filter((u) => u.level === 'district');
  const list = districts.length > 0 ? districts : units;
  return (
    <section className="kpick" aria-label={t('kiosk.area')}>
      <div className="kpick__map">
        <Map
          color={domain.color}
          // The whole province stays in view (no zoom to the choice), so any district is one tap away.
          onSelectArea={(id) => onPick(id === areaId ? undefined : id)}
          areaValues={values}
          labels={false}
          interactive={false}
          ariaLabel={t('kiosk.mapLabel', { domain: lt(domain.name) })}
        />
      </div>
      <div className="kpick__list" role="radiogroup" aria-label={t('kiosk.area')}>
        <button type="button" role="radio" aria-checked={!areaId} data-area="" onClick={() => onPick(undefined)}>
          {t('kiosk.wholeProvince')}
        </button>
        {list.map((u) => (
          <button key={u.id} type="button" role="radio" aria-checked={areaId === u.id} data-area={u.id} onClick={() => onPick(u.id)}>
            {u.name}
          </button>
        ))}
      </div>
    </section>
  );
}
