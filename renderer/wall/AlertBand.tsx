/**
 * The severe-alert band: ONE band across the whole wall, not one per display. It is drawn in
 * wall-canvas coordinates with the same transform as the canvas (so on a 3×2 wall it runs over
 * the top of all three top displays, bezels hidden, like a tile spanning them), and it repeats
 * its words at the start of each display it crosses, so every screen reads it: symbol ⛔, the
 * word "NGHIÊM TRỌNG", the rule, the district and the age — never colour alone.
 * Shown while a severe alert is raised (not yet acknowledged); the tiles it would cover are laid
 * out below it meanwhile (band-reserve.ts, WallCanvas `band`).
 */
import { memo } from 'react';
import { canvasSize, displayViewports, type Box } from '../../layouts/geometry';
import type { Wall } from '../../layouts/model';
import { SEVERITY_LOOK, useAlerts } from '../alerts/hooks';
import { useNow } from '../components/hooks';
import { formatRelativeAge } from '../format';
import { useLang, useTranslation } from '../i18n';
import { BAND_HEIGHT } from './band-reserve';
import { bandOf } from '../panels/alerts/counts';
import { fitStyle } from './fit';
import { useStaticFrame } from '../components/static-frame';

export { BAND_HEIGHT } from './band-reserve';

/** Whether the band is up: a severe alert raised and not yet acknowledged. */
export function useBandUp(): boolean {
  const alerts = useAlerts();
  return bandOf(alerts.data).severe.length > 0;
}

interface AlertBandProps {
  wall: Wall;
  viewport: Box;
  fit: { width: number; height: number };
}

function AlertBandImpl({ wall, viewport, fit }: AlertBandProps) {
  const { t } = useTranslation();
  const { lang } = useLang();
  const now = useNow(30_000);
  const alerts = useAlerts();
  const staticFrame = useStaticFrame();
  // "và N cảnh báo khác" from the host's count of severe raised alerts, not the page's length.
  const { severe, more } = bandOf(alerts.data);
  if (severe.length === 0) return null;
  const size = canvasSize(wall);
  const top = Math.min(...displayViewports(wall).map((d) => d.viewport.y));
  const starts = displayViewports(wall)
    .filter((d) => d.viewport.y === top)
    .map((d) => d.viewport);
  const first = severe[0]!;
  const name = (a: (typeof severe)[number]) => (lang === 'en' ? a.ruleNameEn : a.ruleName);
  // Two lines, so a long rule name does not push the district and age off a display: what,
  // then where and since when. Each line carries the whole message as its title.
  const head = `${SEVERITY_LOOK.severe.symbol} ${t('alertsUi.severity.severe')} · ${name(first)}`;
  const tail = `${first.areaName} · ${t('alertsUi.age', { age: formatRelativeAge(first.raisedAt, now) })}${
    more > 0 ? ` · ${t('alertsUi.bandMore', { n: more })}` : ''
  }`;
  const words = `${head} · ${tail}`;
  return (
    <div
      className="alert-band-layer"
      style={{ width: size.width, height: size.height, ...fitStyle(viewport, staticFrame ? null : fit) }}
    >
      <div
        className="alert-band"
        role="alert"
        data-alert-band={severe.map((a) => a.id).join(',')}
        style={{ top, height: BAND_HEIGHT, width: size.width, background: SEVERITY_LOOK.severe.color }}
      >
        {starts.map((v) => (
          <div key={`${v.x}`} className="alert-band__text" style={{ left: v.x + 24, width: v.width - 48 }} title={words}>
            <span className="alert-band__head">{head}</span>
            <span className="alert-band__tail">{tail}</span>
          </div>
        ))}
      </div>
    </div>
  );
}

/**
 * Memoised by value: the wall page renders several times during a layout switch (each canvas
 * that reports painted), with a new viewport object each time; the band has nothing new to show.
 */
export const AlertBand = memo(
  AlertBandImpl,
  (a, b) =>
    a.wall === b.wall &&
    a.fit.width === b.fit.width &&
    a.fit.height === b.fit.height &&
    a.viewport.x === b.viewport.x &&
    a.viewport.y === b.viewport.y &&
    a.viewport.width === b.viewport.width &&
    a.viewport.height === b.viewport.height,
);
