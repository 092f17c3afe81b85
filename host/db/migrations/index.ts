import type { Migration } from '../migration';
import { migration001 } from './001_core';
import { migration002 } from './002_layouts';
import { migration003 } from './003_sync';
import { migration004 } from './004_views';
import { migration011 } from './011_room';

/**
 * Every migration, in order. Numbers are claimed up front so parallel work does not collide:
 * 002 layouts, 003 sync (feeds, feed state, quarantine, outbox), 004 view indexes, 005–010 sync safety, secrets, updates and alerts, 011 the room (nodes,
 * enrollment, wall requests). Gaps are fine: versions only have to rise.
 */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration011];
