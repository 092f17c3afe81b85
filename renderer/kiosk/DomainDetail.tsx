/**
 * A domain on the kiosk, made for a hand: the province's map large (60 % of the width and the
 * full height below the header in landscape: over half the screen; the top half in portrait) with pinch-zoom and pan and district names that never
 * collide; a tap on a district drills everything on the screen into it (tap it again, or
 * "Toàn tỉnh", to come back). Beside it, two views: "Tổng quan" (headline figures and a trend
 * read by tapping its bars) and "So sánh địa bàn" (districts ranked, tap one to drill). A
 * sideways swipe anywhere but on the map moves to the next or previous domain in the home
 * screen's order. "Đưa lên tường" stays at the bottom of the side column.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import type { DomainDef } from '../../domains/catalog';
import { useView } from '../client/hooks';
import { useAreas, usePaintGate } from '../components/hooks';
import { Map } from '../components/Map';
import { useLang, useTranslation } from '../i18n';
import { SiteMap } from '../panels/shared/SiteMap';
import { areaValuesOf } from '../panels/shared/areaValues';
import { EventMap } from '../panels/shared/EventMap';
import { PANEL_VIEWS } from '../panels/views';
import { CompareDistricts } from './CompareDistricts';
import { DetailOverview } from './DetailOverview';
import type { SwipeDirection } from './swipe';
import { useSwipe } from './useSwipe';
import { WallRequest } from './WallRequest';

type Tab = 'overview' | 'compare';

/**
 * The province shaded by the by-district figure, with the domain's own points where it has
 * them (incidents and reports by kind, stations by VN_AQI band, sites by kind; a legend in
 * words), exactly as the wall panels draw them, but interactive and always the whole province.
 */
function DetailMap(p: { domain: DomainDef; areaId: string | undefined; onArea(id: string | undefined): void; values: Record<string, number> | undefined; onPainted(): void; ariaLabel: string }) {
  const spatial = (PANEL_VIEWS[p.domain.id] as readonly string[]).includes('map');
  const map = useView(p.domain.id, 'map', { enabled: spatial });
  const common = { selected: p.areaId, onPick: p.onArea, areaValues: p.values, zoomToSelected: false, onPainted: p.onPainted, labels: true };
  if (!spatial) {
    return (
      <Map color={p.domain.color} selectedAreaId={p.areaId} zoomToSelected={false} onSelectArea={p.onArea} areaValues={p.values} interactive onPainted={p.onPainted} ariaLabel={p.ariaLabel} />
    );
  }
  return p.domain.eventKinds.length > 0 ? <EventMap domain={p.domain.id} view={map.data} interactive {...common} /> : <SiteMap domain={p.domain.id} view={map.data} {...common} />;
}

export function DomainDetail({
  domain,
  areaId,
  onArea,
  onSwipe,
  resetKey,
  fontPx,
}: {
  domain: DomainDef;
  areaId: string | undefined;
  onArea(id: string | undefined): void;
  onSwipe(dir: SwipeDirection): void;
  resetKey: number;
  fontPx: number;
}) {
  const { t } = useTranslation();
  const { lt } = useLang();
  const { name } = useAreas();
  const [tab, setTab] = useState<Tab>('overview');
  const [painted, setPainted] = useState(false);
  const mark = usePaintGate(['kpis', 'trend', 'map'], () => setPainted(true));
  const markPart = useCallback((part: string) => mark(part), [mark]);
  const root = useRef<HTMLDivElement>(null);
  useSwipe(root, onSwipe);
  const byArea = useView(domain.id, 'byArea');
  const values = useMemo(() => areaValuesOf(byArea.data), [byArea.data]);
  const areaName = areaId ? (name(areaId) ?? areaId) : t('kiosk.wholeProvince');
  const what = `${lt(domain.name)} — ${areaName}`;

  return (
    <div className="kdetail" ref={root} style={{ ['--accent' as string]: domain.color }} data-kiosk-panel={domain.id} data-painted={painted ? 'true' : undefined} data-area={areaId ?? ''}>
      <section className="kdetail__map" aria-label={t('kiosk.mapLabel', { domain: lt(domain.name) })}>
        <div className="kmap">
          {/* The province stays in view when drilled: any other district is still one tap away. */}
          <DetailMap domain={domain} areaId={areaId} onArea={onArea} values={values} onPainted={() => markPart('map')} ariaLabel={t('kiosk.mapLabel', { domain: lt(domain.name) })} />
        </div>
        <p className="kdetail__hint">{t('kiosk.mapHint')}</p>
      </section>
      <section className="kdetail__side">
        <div className="kdetail__area">
          <h2 className="kdetail__areaName" data-area-name title={areaName}>
            {areaName}
          </h2>
          {areaId ? (
            <button type="button" className="kbtn" data-area="" onClick={() => onArea(undefined)}>
              {t('kiosk.wholeProvince')}
            </button>
          ) : null}
        </div>
        <div className="ktabs" role="tablist" aria-label={lt(domain.name)}>
          {(['overview', 'compare'] as const).map((id) => (
            <button key={id} type="button" role="tab" aria-selected={tab === id} data-view={id} onClick={() => setTab(id)}>
              {t(id === 'overview' ? 'kiosk.overview' : 'kiosk.compare')}
            </button>
          ))}
        </div>
        <div className="kdetail__view" role="tabpanel">
          {tab === 'overview' ? (
            <DetailOverview domain={domain} areaId={areaId} fontPx={fontPx} onPainted={markPart} />
          ) : (
            <CompareDistricts
              domain={domain}
              areaId={areaId}
              onPick={(id) => {
                onArea(id);
                setTab('overview');
              }}
            />
          )}
        </div>
        <WallRequest domain={domain.id} areaId={areaId} what={what} resetKey={resetKey} />
      </section>
    </div>
  );
}
