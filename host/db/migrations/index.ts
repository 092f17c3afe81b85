import type { Migration } from '../migration';
import { migration001 } from './001_core';
import { migration002 } from './002_layouts';
import { migration003 } from './003_sync';
import { migration004 } from './004_views';
import { migration009 } from './009_alerts';

/**
 * Every migration, in order. Numbers are claimed up front so parallel work does not collide:
 * 002 layouts, 003 sync (feeds, feed state, quarantine, outbox), 004 view indexes, 009 alerts.
 */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration009];
