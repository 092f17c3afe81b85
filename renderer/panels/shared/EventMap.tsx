/**
 * Event points of a 'map' view on the district map, with a legend of kinds in words; overdue
 * events drawn larger. Maps of domains whose catalog says so open a camera on click off the wall.
 */
import { useMemo, useState } from 'react';
import { CATALOG, viewDef } from '../../../domains/catalog';
import { Map as AreaMap, type MapPoint } from '../../components/Map';
import { useSurface } from '../../components/surface';
import { CameraPicture } from '../../cameras/CameraPicture';
import { useCameras } from '../../cameras/useCameras';
import { formatDateTime, formatNumber } from '../../format';
import { useLang, useTranslation } from '../../i18n';
import type { DomainMapProps } from './map-props';
import { kindColors, NEUTRAL_POINT } from './colours';
import { nameIn } from './format';

/**
 * The points built from one view answer, per way of drawing them: every map of the page that
 * shows the answer (a layout switch mounts the same views again, each display's copy of a
 * spanning tile too) gets the same array, so the map clusters it once (components/Map). Keyed
 * by the answer object, which the query cache keeps until a new answer replaces it.
 */
const pointsByView = new WeakMap<object, globalThis.Map<string, MapPoint[]>>();

/** Event points on the district map, with a legend of kinds as words, overdue drawn larger. */
export function EventMap({
  domain,
  view,
  selected,
  onPick,
  onPainted,
  areaValues,
  interactive,
  showLegend = true,
  labels,
  openOnly,
  zoomToSelected,
}: DomainMapProps & {
  interactive?: boolean;
  showLegend?: boolean;
  /** Only cases still open (open or overdue): when the districts are already shaded by totals. */
  openOnly?: boolean;
}) {
  const { t } = useTranslation();
  const { lang, lt } = useLang();
  const def = CATALOG[domain];
  const shown = useMemo(
    () => (view && openOnly ? { ...view, points: view.points.filter((p) => p.state === 'open' || p.state === 'overdue') } : view),
    [view, openOnly],
  );
  const colors = useMemo(() => kindColors(domain), [domain]);
  const points: MapPoint[] | undefined = useMemo(() => {
    if (!view || !shown) return undefined;
    const how = `${domain}|${openOnly ? 1 : 0}|${showLegend ? 1 : 0}|${lang}`;
    let built = pointsByView.get(view);
    if (!built) pointsByView.set(view, (built = new globalThis.Map()));
    let pts = built.get(how);
    if (!pts) {
      pts = shown.points.map((p): MapPoint => {
        // Names from the view when it sends them, else from the catalog, else the raw id.
        const kind = shown.names?.[p.kind] ? lt(shown.names[p.kind]!) : nameIn(def.eventKinds, p.kind, lt);
        const status = () => (shown.names?.[p.status] ? lt(shown.names[p.status]!) : nameIn(def.eventStates, p.status, lt));
        return {
          id: p.id,
          lat: p.lat,
          lon: p.lon,
          // Without the kinds' legend (small room) every point is one neutral colour.
          color: showLegend ? colors.get(p.kind) : NEUTRAL_POINT,
          stroke: showLegend ? undefined : '#05080d',
          radius: showLegend ? (p.state === 'overdue' ? 12 : 8) : p.state === 'overdue' ? 8 : 5,
          title: p.title || kind,
          text: p.detail,
          // Built when a popup opens (never on the wall): hundreds of dates formatted per mount.
          lines: () => [kind, `${status()}${p.state === 'overdue' ? ` — ${t('map.overdue')}` : ''}`, ...(p.at ? [formatDateTime(p.at)] : [])],
        };
      });
      built.set(how, pts);
    }
    return pts;
  }, [view, shown, colors, lt, t, def, showLegend, domain, openOnly, lang]);
  // A map whose catalog view shows cameras opens one on click (console) or tap (kiosk); not on the wall.
  const surface = useSurface();
  const canOpen = (interactive ?? surface !== 'wall') && !!viewDef(domain, 'map')?.sources.cameras;
  const cams = useCameras({ enabled: canOpen });
  const [camera, setCamera] = useState<string | null>(null);
  const present = new Set((shown?.points ?? []).map((p) => p.kind));
  const overdue = (shown?.points ?? []).filter((p) => p.state === 'overdue').length;
  return (
    <div className="map-wrap">
      <AreaMap
        points={points}
        color={def.color}
        selectedAreaId={selected}
        zoomToSelected={zoomToSelected}
        onSelectArea={onPick}
        areaValues={areaValues}
        interactive={interactive}
        labels={labels}
        onPainted={points ? onPainted : undefined}
        onPointClick={canOpen ? (id) => cams.byId.has(id) && setCamera(id) : undefined}
        ariaLabel={lt(def.name)}
      />
      {camera && cams.byId.has(camera) ? (
        <div className="map-camera" data-map-camera={camera}>
          <button type="button" className="map-camera__close" aria-label={t('map.closeCamera')} onClick={() => setCamera(null)}>
            ×
          </button>
          <CameraPicture cameraId={camera} camera={cams.byId.get(camera)} role="sub" active signalLostSec={cams.signalLostSec} />
        </div>
      ) : null}
      {showLegend && (present.size > 0 || view?.truncated) ? (
        <ul className="legend" aria-label={t('map.legend')}>
          {def.eventKinds
            .filter((k) => present.has(k.id))
            .map((k) => (
              <li key={k.id}>
                <span className="legend__swatch" style={{ background: colors.get(k.id) }} />
                {lt(k.name)}
              </li>
            ))}
          {overdue > 0 ? (
            <li>
              <span className="legend__swatch legend__swatch--big" />
              {t('map.overdueCount', { count: overdue })}
            </li>
          ) : null}
          {view?.truncated && !openOnly ? <li>{t('map.truncated', { shown: formatNumber(view.points.length, 0), total: formatNumber(view.total, 0) })}</li> : null}
        </ul>
      ) : shown && shown.points.length > 0 ? (
        <ul className="legend" aria-label={t('map.legend')}>
          <li>
            <span className="legend__swatch" style={{ background: NEUTRAL_POINT }} />
            {t(openOnly ? 'map.openCount' : 'map.points', { count: formatNumber(shown.points.length, 0) })}
            {overdue > 0 ? ` · ${t('map.overdueCount', { count: overdue })}` : ''}
          </li>
        </ul>
      ) : null}
    </div>
  );
}
