/**
 * How a display's part of the wall canvas is placed in its window: translated so the display's
 * viewport sits at the window's origin, scaled so the viewport fills the window (the window may
 * not be the display's resolution: a scaled desktop, a browser node in a smaller window).
 *
 * A frame the host draws (renderer/first-frame) does not know the window's size: its scale is
 * left to CSS, the window's size over the viewport's, in the separate `scale` property (typed
 * arithmetic, Chromium 140+). `scale` applies before `transform`, as `scale() translate()` does;
 * a browser without typed arithmetic drops only the scale and keeps the translation.
 */
import type { CSSProperties } from 'react';
import type { Box } from '../../layouts/geometry';

export function fitScale(viewport: Box, fit: { width: number; height: number }): number {
  return Math.min(fit.width / viewport.width, fit.height / viewport.height);
}

/** `fit`: the window's size in px, or null when it is not known (the host's frame). */
export function fitStyle(viewport: Box, fit: { width: number; height: number } | null): CSSProperties {
  const translate = `translate(${-viewport.x}px, ${-viewport.y}px)`;
  if (fit) return { transformOrigin: '0 0', transform: `scale(${fitScale(viewport, fit)}) ${translate}` };
  return { transformOrigin: '0 0', scale: `min(calc(100vw / ${viewport.width}px), calc(100vh / ${viewport.height}px))`, transform: translate };
}
