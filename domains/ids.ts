import { DOMAINS } from './catalog/list';

/** The ids of the catalog's domains (domains/catalog/list.ts), in its order. */
export type DomainId = (typeof DOMAINS)[number]['id'];

// A non-empty tuple type, so schemas can enumerate it (z.enum).
export const DOMAIN_IDS = DOMAINS.map((d) => d.id) as readonly DomainId[] as readonly [DomainId, ...DomainId[]];

export function isDomainId(value: unknown): value is DomainId {
  return typeof value === 'string' && (DOMAIN_IDS as readonly string[]).includes(value);
}
