/**
 * "Xem trước tường": the whole wall canvas as the displays show it, scaled to the console,
 * with the seams between displays drawn where the bezels are. Panels render at their real
 * wall size and are scaled down, so what you see is what the wall shows.
 */
import { useEffect, useRef, useState } from 'react';
import { useActiveLayout } from '../../wall/useActiveLayout';
import { ScaledWall } from './ScaledWall';
import { useTranslation } from '../../i18n';

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
  return (
    <div ref={box}>
      <h2 className="section-title">{t('console.previewOf', { layout: data.layout.name })}</h2>
      <ScaledWall wall={data.wall} layout={data.layout} width={width} live />
    </div>
  );
}
