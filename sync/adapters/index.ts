import type { AdapterId } from '../feeds/config';
import { capAdapter } from './cap';
import { ckanAdapter } from './ckan';
import { geojsonAdapter } from './geojson';
import { open311Adapter } from './open311';
import { sdmxAdapter } from './sdmx';
import { sensorThingsAdapter } from './sensorthings';
import type { Adapter, AdapterBatch, AdapterContext } from './types';

export const ADAPTER_IMPLS: { [A in AdapterId]: Adapter<A> } = {
  open311: open311Adapter,
  sensorthings: sensorThingsAdapter,
  ckan: ckanAdapter,
  sdmx: sdmxAdapter,
  geojson: geojsonAdapter,
  cap: capAdapter,
};

/**
 * Runs the feed's own adapter. TypeScript cannot tie ADAPTER_IMPLS[feed.adapter] to that feed's
 * type (a correlated union), so this is the one place that says so.
 */
export function runAdapter(ctx: AdapterContext): AsyncIterable<AdapterBatch> {
  return (ADAPTER_IMPLS[ctx.feed.adapter] as Adapter).run(ctx);
}

export type { Adapter, AdapterBatch, AdapterContext } from './types';
