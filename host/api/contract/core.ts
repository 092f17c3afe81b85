import { z } from 'zod';
import { ADMIN_ONLY, EVERY_ROLE, method, OPERATOR, read } from './method';
import { observationSchema, type Area, type DomainId, type Observation } from '../../../domains';
import type { DetailLevels } from '../../../base/boundary-detail';

export interface HostInfo {
  version: string;
  role: 'all-in-one' | 'wall' | 'console' | 'kiosk';
  /** true while the database holds the generated demo dataset ("Dữ liệu mẫu"). */
  demo: boolean;
  /** Attributions of bundled data (boundaries licence etc.) for the About box. */
  attributions: { what: string; text: string; licence: string }[];
  /**
   * The host's clock when it answered (ISO 8601). Pages measure ages and staleness by it, not by
   * their own PC's clock, which may be hours off (renderer/client/host-clock.ts).
   */
  now: string;
}

/**
 * An area as 'areas.list' answers it: with its boundary's detail levels (base/boundary-detail),
 * from which a map keeps the positions its size can show without simplifying the boundary itself;
 * null without a geometry.
 */
export type AreaAnswer = Area & { detail: DetailLevels | null };

export interface Freshness {
  domain: DomainId;
  updatedAt: string;
  source: string;
}

/** Methods of the foundation: host facts, areas, freshness, manual observation entry. */
export const coreMethods = {
  'host.info': method<HostInfo>()(z.object({}), read(EVERY_ROLE)),
  'areas.list': method<AreaAnswer[]>()(z.object({ version: z.string().max(40).optional(), withGeometry: z.boolean().default(true) }), read(EVERY_ROLE)),
  'freshness.list': method<Freshness[]>()(z.object({}), read(EVERY_ROLE)),
  /** Operator's manual correction of one figure; notifies `changed` for its domain. */
  'observation.put': method<Observation>()(observationSchema, { roles: ADMIN_ONLY }),
};

export interface CoreEvents {
  /** Data of these domains changed: panels re-query their views. */
  changed: { domains: DomainId[] };
}
