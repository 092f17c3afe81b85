import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { feedConfigSchema, type FeedConfigInput, type FeedOf } from '../../../sync/feeds/config';

/** The folder of the real SDMX-JSON samples the unit tests read. */
export const SDMX_SAMPLES = join(__dirname, '../../fixtures/sync/sdmx');

/** One of those samples, parsed. */
export const sdmxSample = (p: string) => JSON.parse(readFileSync(join(SDMX_SAMPLES, p), 'utf8')) as unknown;

/** An economy feed over SDMX-JSON whose REF_AREA codes `areas` turns into GSO codes; `f` overrides any field. */
export const sdmxFeed = (areas: Record<string, string>, f: Partial<FeedConfigInput> = {}) =>
  feedConfigSchema.parse({
    id: 'f',
    domain: 'economy',
    adapter: 'sdmx',
    url: 'http://127.0.0.1/x',
    mapping: { kind: 'observation', fields: { areaId: 'REF_AREA' }, valueMaps: { areaId: areas } },
    ...f,
  }) as FeedOf<'sdmx'>;

/** Province codes as the samples write them (VN70 …): the GSO code is what follows "VN". */
export const vnAreas = (codes: readonly string[]) => Object.fromEntries(codes.map((a) => [a, a.slice(2)]));
