import { mergeDistinct, type Methods } from '../contract';
import type { Handlers } from './types';
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
 * Every area's handlers, merged. Adding an area is one line here (`layouts: layoutsHandlers,`).
 * The type makes the map exhaustive: a method of METHODS without a handler (or a handler whose
 * params or result do not match the contract) does not compile; a name handled by two parts
 * throws at start-up.
 */
export const HANDLERS: Handlers<Methods> = mergeDistinct({
  core: coreHandlers,
  layouts: layoutsHandlers,
  views: viewsHandlers,
  sync: syncHandlers,
  room: roomHandlers,
  secrets: secretsHandlers,
  updates: updatesHandlers,
  storage: storageHandlers,
  alerts: alertsHandlers,
  cameras: camerasHandlers,
});
