import type { Migration } from '../migration';
import { migration001 } from './001_core';
import { migration002 } from './002_layouts';
import { migration003 } from './003_sync';
import { migration004 } from './004_views';
import { migration005 } from './005_data_safety';
import { migration006 } from './006_located_and_secret_origins';
import { migration009 } from './009_alerts';
import { migration011 } from './011_room';
import { migration012 } from './012_event_area_stats';
import { migration013 } from './013_open_event_stats';
import { migration014 } from './014_feed_source';
import { migration015 } from './015_event_search';

/**
 * Every migration, in order: 002 layouts, 003 sync (feeds, feed state, quarantine, outbox), 004
 * view aggregates and indexes, 005 data safety, 006 located areas and secret origins, 009 alerts,
 * 011 the room (nodes, enrollment, wall requests), 012 event totals per district and month, 013 open event counts and agencies, 014 what each feed state was fetched from, 015 event text search. Versions are consecutive apart from the old
 * gaps in SKIPPED_VERSIONS (host/db/migrate.ts checks it): the next one is 016. A migration holds
 * its SQL and data as of its day and imports no live code; start-up data (the bundled layouts)
 * is written by host/db/open.ts after migrating.
 */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration009, migration011, migration012, migration013, migration014, migration015];
