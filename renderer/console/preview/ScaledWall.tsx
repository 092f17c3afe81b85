/**
 * A layout on the wall, scaled to `width`: the whole canvas as the displays show it, panels
 * rendered at their real wall size and scaled down, with the displays' outlines where the
 * bezels are. Used by the wall preview tab and by wall requests awaiting approval.
 */
import { useTranslation } from 'react-i18next';
import { canvasSize, displayViewports } from '../../../layouts/geometry';
import type { Layout, Wall } from '../../../layouts/model';
import { SurfaceContext } from '../../components/surface';
import { WallCanvas } from '../../wall/WallCanvas';

export function ScaledWall({ wall, layout, width, linkDisplays = false }: { wall: Wall; layout: Layout; width: number; linkDisplays?: boolean }) {
  const { t } = useTranslation();
  const size = canvasSize(wall);
  const scale = width / size.width;
  const fit = { width, height: size.height * scale };
  return (
    <SurfaceContext.Provider value="wall">
      <div className="preview" style={{ width: fit.width, height: fit.height }} data-preview-layout-id={layout.id}>
        <WallCanvas wall={wall} layout={layout} viewport={{ x: 0, y: 0, ...size }} fit={fit} />
        {displayViewports(wall).map(({ display, viewport }) => {
          const style = { left: viewport.x * scale, top: viewport.y * scale, width: viewport.width * scale, height: viewport.height * scale };
          const label = <span>{display.id}</span>;
          return linkDisplays ? (
            <a
              key={display.id}
              className="preview__display"
              href={`/wall?display=${encodeURIComponent(display.id)}`}
              target="_blank"
              rel="opener"
              title={t('console.openDisplay', { id: display.id })}
              style={style}
            >
              {label}
            </a>
          ) : (
            <div key={display.id} className="preview__display" style={style}>
              {label}
            </div>
          );
        })}
      </div>
    </SurfaceContext.Provider>
  );
}
