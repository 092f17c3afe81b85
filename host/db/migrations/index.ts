import type { Migration } from '../migration';
import { migration001 } from './001_core';

/**
 * Every migration, in order. Numbers are claimed up front so parallel work does not collide:
 * 002 layouts, 003 sync (feeds, feed state, quarantine, outbox), 004 view indexes.
 */
export const MIGRATIONS: readonly Migration[] = [migration001];
