import type { AnyHandler } from './types';
import { camerasHandlers } from './cameras';
import { coreHandlers } from './core';
import { layoutsHandlers } from './layouts';
import { roomHandlers } from './room';
import { syncHandlers } from './sync';
import { viewsHandlers } from './views';

/**
 * Every area's handlers, merged. Adding an area is one line here (`...layoutsHandlers,`);
 * a method of METHODS without a handler answers 'not_implemented' instead of crashing.
 */
export const HANDLERS: Partial<Record<string, AnyHandler>> = {
  ...coreHandlers,
  ...layoutsHandlers,
  ...viewsHandlers,
  ...syncHandlers,
  ...roomHandlers,
  ...camerasHandlers,
};
