/**
 * Inline SVG icons keyed like domains/catalog.ts `icon` (plus a few UI ones). Simple filled
 * shapes on a 24-unit grid that stay recognisable at 24–40 px on the wall. `currentColor`.
 */
import type { SVGProps } from 'react';

const PATHS: Record<string, string> = {
  chart: 'M3 21V3h2v16h16v2H3Zm4-4V9h3v8H7Zm5 0V5h3v12h-3Zm5 0v-6h3v6h-3Z',
  dossier: 'M6 2h9l5 5v15H6a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2Zm8 1.5V8h4.5L14 3.5ZM8 12v2h10v-2H8Zm0 4v2h7v-2H8Z',
  road: 'M10 2h4l.3 4h-4.6L10 2ZM9.6 8h4.8l.4 5H9.2l.4-5ZM9 15h6l.5 7h-7L9 15ZM2 22 7 2h1.5L5 22H2Zm20 0h-3L15.5 2H17l5 20Z',
  city: 'M3 21V9l6-3v4l6-3v14h2V3h4v18H3Zm3-8v2h2v-2H6Zm0 4v2h2v-2H6Zm4-4v2h2v-2h-2Zm0 4v2h2v-2h-2Z',
  parcel: 'M3 3h8v8H3V3Zm10 0h8v5h-8V3Zm0 7h8v11h-8V10ZM3 13h8v8H3v-8Z',
  leaf: 'M20 3C10 3 4 8 4 15c0 2 .6 3.6 1.5 5L4 21.5 5.5 23l1.8-1.8C8.6 22 10 22.4 12 22.4 19 22.4 21 13 20 3Zm-8 15c0-4 3-8 6-10-2 3-4 6-4.5 10H12Z',
  cross: 'M9 2h6v7h7v6h-7v7H9v-7H2V9h7V2Z',
  school: 'M12 3 1 9l11 6 9-4.9V17h2V9L12 3ZM5 13.2V17c0 2 3.1 4 7 4s7-2 7-4v-3.8L12 17l-7-3.8Z',
  mountain: 'M14 6 10 11.3 12.2 14 11 15l-3-4-6 8h20L14 6Z',
  phone: 'M6.6 10.8a15.2 15.2 0 0 0 6.6 6.6l2.2-2.2c.3-.3.7-.4 1-.2 1.1.4 2.3.6 3.6.6.6 0 1 .4 1 1V20c0 .6-.4 1-1 1A17 17 0 0 1 3 4c0-.6.4-1 1-1h3.5c.6 0 1 .4 1 1 0 1.3.2 2.5.6 3.6.1.3 0 .7-.2 1l-2.3 2.2Z',
  clock: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20Zm0 2a8 8 0 1 1 0 16 8 8 0 0 1 0-16Zm-1 3v6l5 3 1-1.7-4-2.3V7h-2Z',
  bell: 'M12 22a2.5 2.5 0 0 0 2.5-2.5h-5A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.8V3a1.5 1.5 0 0 0-3 0v1.2A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z',
  text: 'M3 4h18v3h-7.5v13h-3V7H3V4Z',
  camera: 'M4 6h11a2 2 0 0 1 2 2v2.5l4-3v9l-4-3V16a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2Z',
  up: 'M12 4 3 16h18L12 4Z',
  down: 'M12 20 3 8h18l-9 12Z',
  flat: 'M4 10h16v4H4z',
  warning: 'M12 2 1 21h22L12 2Zm-1 7h2v6h-2V9Zm0 8h2v2h-2v-2Z',
  check: 'M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4L9 16.2Z',
};

export function Icon({ name, ...rest }: { name: string } & SVGProps<SVGSVGElement>) {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" {...rest}>
      <path d={PATHS[name] ?? PATHS.chart} fill="currentColor" />
    </svg>
  );
}
