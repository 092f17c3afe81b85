/**
 * Places and stations of a 'map' view on the district map, coloured by kind (or by VN_AQI band
 * for stations) with a legend in words, so colour is never the only signal. Popups are plain
 * text (components/Map builds them with textContent).
 */
import { useMemo } from 'react';
import { CATALOG } from '../../../domains/catalog';
import { AQI_BANDS, aqiBand } from '../../../domains/vn-aqi';
import { PALETTE } from '../../components/Chart';
import { Map as AreaMap, type MapPoint } from '../../components/Map';
import { formatDateTime, formatNumber } from '../../format';
import { useLang, useTranslation } from '../../i18n';
import type { DomainMapProps } from './map-props';

export function SiteMap({
  domain,
  view,
  selected,
  onPick,
  onPainted,
  areaValues,
  labels,
  radius = 9,
  only,
  zoomToSelected,
}: DomainMapProps & {
  radius?: number;
  /** Draw only stations or only places (small tiles keep their legend short). */
  only?: 'station' | 'place';
}) {
  const { t } = useTranslation();
  const { lt } = useLang();
  const kinds = CATALOG[domain].placeKinds;
  const kindColor = useMemo(() => new Map(kinds.map((k, i) => [k.id, PALETTE[(i + 1) % PALETTE.length]!])), [kinds]);
  const shown = useMemo(() => (view ? view.points.filter((p) => !only || p.type === only) : undefined), [view, only]);
  const points: MapPoint[] | undefined = useMemo(
    () =>
      shown?.map((p) => {
        if (p.type === 'station') {
          const band = p.aqi == null ? null : aqiBand(p.aqi);
          return {
            id: p.id,
            lat: p.lat,
            lon: p.lon,
            color: band?.color ?? '#888888',
            radius: radius + 3,
            title: p.title,
            text: p.detail,
            lines: [
              band ? `VN_AQI ${formatNumber(p.aqi, 0)} — ${band.symbol} ${lt(band.name)}` : t('dp.aqiNoData'),
              ...(p.at ? [`${t('dp.aqiHour')} ${formatDateTime(p.at)}`] : []),
            ],
          };
        }
        const kind = view?.names[p.kind] ? lt(view.names[p.kind]!) : p.kind;
        return { id: p.id, lat: p.lat, lon: p.lon, color: kindColor.get(p.kind), radius, title: p.title, text: p.detail, lines: [kind] };
      }),
    [shown, view, kindColor, lt, t, radius],
  );
  const present = new Map<string, number>();
  for (const p of shown ?? []) {
    const key = p.type === 'station' ? `aqi:${p.aqiLevel ?? 'none'}` : p.kind;
    present.set(key, (present.get(key) ?? 0) + 1);
  }
  const legend: { key: string; color: string; text: string }[] = [];
  for (const k of kinds) if (present.has(k.id)) legend.push({ key: k.id, color: kindColor.get(k.id)!, text: `${lt(k.name)} (${formatNumber(present.get(k.id)!, 0)})` });
  // The stations by VN_AQI band, in the decision's order (Tốt, Trung bình, Kém, Xấu, Rất xấu,
  // Nguy hại), then those without an index; each with one marker, its colour as on the map, and
  // its band's name (the band's symbol beside the swatch read as a second, different marker).
  for (const band of AQI_BANDS) {
    const n = present.get(`aqi:${band.level}`);
    if (n) legend.push({ key: `aqi:${band.level}`, color: band.color, text: `${lt(band.name)} (${formatNumber(n, 0)})` });
  }
  const noIndex = present.get('aqi:none');
  if (noIndex) legend.push({ key: 'aqi:none', color: '#888888', text: `${t('dp.aqiNoData')} (${formatNumber(noIndex, 0)})` });
  return (
    <div className="map-wrap" style={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0, gap: 6 }}>
      <AreaMap
        points={points}
        color={CATALOG[domain].color}
        selectedAreaId={selected}
        zoomToSelected={zoomToSelected}
        onSelectArea={onPick}
        areaValues={areaValues}
        labels={labels}
        onPainted={points ? onPainted : undefined}
        ariaLabel={lt(CATALOG[domain].name)}
      />
      {legend.length > 0 ? (
        <ul className="legend" aria-label={t('map.legend')}>
          {legend.map((l) => (
            <li key={l.key} style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
              <span className="legend__swatch" style={{ background: l.color }} />
              {l.text}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
