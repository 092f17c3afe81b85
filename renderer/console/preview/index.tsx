/**
 * "Xem trước tường": the whole wall canvas as the displays show it, scaled to the console,
 * with the seams between displays drawn where the bezels are. Panels render at their real
 * wall size and are scaled down, so what you see is what the wall shows.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canvasSize, displayViewports } from '../../../layouts/geometry';
import { SurfaceContext } from '../../components/surface';
import { WallCanvas } from '../../wall/WallCanvas';
import { useActiveLayout } from '../../wall/useActiveLayout';

export default function WallPreview() {
  const { t } = useTranslation();
  const active = useActiveLayout();
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(1200);
  useEffect(() => {
    if (!box.current) return;
    const ro = new ResizeObserver(([e]) => setWidth(Math.max(320, e!.contentRect.width)));
    ro.observe(box.current);
    return () => ro.disconnect();
  }, []);
  const data = active.data;
  // The measured wrapper is always rendered, so the observer has something to watch from the start.
  if (!data?.layout)
    return (
      <div ref={box}>
        <p>{active.isSuccess ? t('wall.noLayout') : t('wall.loading')}</p>
      </div>
    );
  const size = canvasSize(data.wall);
  const scale = width / size.width;
  const fit = { width, height: size.height * scale };
  return (
    <SurfaceContext.Provider value="wall">
    <div ref={box}>
      <h2 className="section-title">{t('console.previewOf', { layout: data.layout.name })}</h2>
      <div className="preview" style={{ width: fit.width, height: fit.height }} data-preview-layout-id={data.layout.id}>
        <WallCanvas wall={data.wall} layout={data.layout} viewport={{ x: 0, y: 0, ...size }} fit={fit} />
        {displayViewports(data.wall).map(({ display, viewport }) => (
          <a
            key={display.id}
            className="preview__display"
            href={`/wall?display=${encodeURIComponent(display.id)}`}
            target="_blank"
            rel="opener"
            title={t('console.openDisplay', { id: display.id })}
            style={{
              left: viewport.x * scale,
              top: viewport.y * scale,
              width: viewport.width * scale,
              height: viewport.height * scale,
            }}
          >
            <span>{display.id}</span>
          </a>
        ))}
      </div>
    </div>
    </SurfaceContext.Provider>
  );
}
