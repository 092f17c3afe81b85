/**
 * Where a panel is drawn: on the wall (nobody touches it: no zoom buttons, no dragging),
 * on the console, or on the kiosk (touch). Provided by each page; components read it
 * instead of growing PanelProps.
 */
import { createContext, useContext } from 'react';

export type Surface = 'wall' | 'console' | 'kiosk';
export const SurfaceContext = createContext<Surface>('console');
export const useSurface = (): Surface => useContext(SurfaceContext);
