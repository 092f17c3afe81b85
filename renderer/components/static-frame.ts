/**
 * A frame drawn once, off the page: the host draws a wall display's first frame from its own
 * data before the page's code has loaded (renderer/first-frame). Inside it there is no canvas
 * to draw on and nothing runs after the markup: a chart or a map draws itself as SVG instead of
 * on its canvas, from the same props.
 */
import { createContext, useContext } from 'react';

export const StaticFrameContext = createContext(false);
export const useStaticFrame = (): boolean => useContext(StaticFrameContext);
