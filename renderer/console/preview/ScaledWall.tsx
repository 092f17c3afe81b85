/**
 * A layout on the wall, scaled to `width`: the whole canvas as the displays show it, panels
 * rendered at their real wall size and scaled down, with the displays' outlines where the
 * bezels are. The display ids are written under the wall, one caption per column, never over
 * the panels they would hide. Used by the wall preview tab and by wall requests awaiting approval.
 * The preview of what the wall shows now (`live`) has the severe-alert band too, where the
 * displays draw it, and the tiles laid out below it as the displays lay them: an operator sees
 * what the room sees.
 */
import { canvasSize, displayViewports } from '../../../layouts/geometry';
import type { Layout, Wall } from '../../../layouts/model';
import { SurfaceContext } from '../../components/surface';
import { WallCanvas } from '../../wall/WallCanvas';
import { AlertBand, useBandUp } from '../../wall/AlertBand';
import '../../alerts/alerts.css';
import { useTranslation } from '../../i18n';

export function ScaledWall({ wall, layout, width, live = false }: { wall: Wall; layout: Layout; width: number; live?: boolean }) {
  const { t } = useTranslation();
  const bandUp = useBandUp();
  const size = canvasSize(wall);
  const scale = width / size.width;
  const fit = { width, height: size.height * scale };
  const views = displayViewports(wall);
  // One caption per column of displays (top to bottom), placed under that column.
  const columns = new Map<number, { width: number; ids: string[] }>();
  for (const { display, viewport } of [...views].sort((a, b) => a.viewport.y - b.viewport.y)) {
    const col = columns.get(viewport.x) ?? { width: viewport.width, ids: [] };
    col.ids.push(display.id);
    columns.set(viewport.x, col);
  }
  return (
    <SurfaceContext.Provider value="wall">
      <div className="preview-frame" style={{ width: fit.width }}>
      <div className="preview" style={{ width: fit.width, height: fit.height }} data-preview-layout-id={layout.id}>
        <WallCanvas wall={wall} layout={layout} viewport={{ x: 0, y: 0, ...size }} fit={fit} band={live && bandUp} />
        {live ? <AlertBand wall={wall} viewport={{ x: 0, y: 0, ...size }} fit={fit} /> : null}
        {views.map(({ display, viewport }) => {
          const style = { left: viewport.x * scale, top: viewport.y * scale, width: viewport.width * scale, height: viewport.height * scale };
          return live ? (
            <a
              key={display.id}
              className="preview__display"
              href={`/wall?display=${encodeURIComponent(display.id)}`}
              target="_blank"
              rel="opener"
              title={t('console.openDisplay', { id: display.id })}
              aria-label={t('console.openDisplay', { id: display.id })}
              style={style}
            />
          ) : (
            <div key={display.id} className="preview__display" style={style} data-display={display.id} />
          );
        })}
      </div>
      <div className="preview__captions" aria-hidden="true">
        {[...columns].map(([x, col]) => (
          <span key={x} style={{ left: x * scale, width: col.width * scale }}>
            {col.ids.join(' · ')}
          </span>
        ))}
      </div>
      </div>
    </SurfaceContext.Provider>
  );
}
