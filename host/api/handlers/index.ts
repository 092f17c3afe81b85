import type { AnyHandler } from './types';
import { camerasHandlers } from './cameras';
import { coreHandlers } from './core';
import { layoutsHandlers } from './layouts';
import { roomHandlers } from './room';
import { secretsHandlers } from './secrets';
import { storageHandlers } from './storage';
import { syncHandlers } from './sync';
import { updatesHandlers } from './updates';
import { viewsHandlers } from './views';
import { alertsHandlers } from './alerts';

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
  ...secretsHandlers,
  ...updatesHandlers,
  ...storageHandlers,
  ...alertsHandlers,
  ...camerasHandlers,
};
