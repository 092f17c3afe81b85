import type { AdapterId } from '../feeds/config';
import { capAdapter } from './cap';
import { ckanAdapter } from './ckan';
import { geojsonAdapter } from './geojson';
import { open311Adapter } from './open311';
import { sdmxAdapter } from './sdmx';
import { sensorThingsAdapter } from './sensorthings';
import type { Adapter } from './types';

export const ADAPTER_IMPLS: Record<AdapterId, Adapter> = {
  open311: open311Adapter,
  sensorthings: sensorThingsAdapter,
  ckan: ckanAdapter,
  sdmx: sdmxAdapter,
  geojson: geojsonAdapter,
  cap: capAdapter,
};

export type { Adapter, AdapterBatch, AdapterContext } from './types';
