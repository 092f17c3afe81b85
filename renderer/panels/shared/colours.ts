/** Colours of a domain's event kinds on charts and maps. */
import { CATALOG } from '../../../domains/catalog';
import type { DomainId } from '../../../domains/ids';
import { PALETTE } from '../../components/Chart';

/** A distinct colour per event kind (Tol palette in catalog order: colour-blind safe). */
export function kindColors(domain: DomainId): Map<string, string> {
  return new Map(CATALOG[domain].eventKinds.map((k, i) => [k.id, PALETTE[i % PALETTE.length]!]));
}

/** One neutral colour for every point when the kinds' legend does not fit (small room). */
export const NEUTRAL_POINT = '#f2f5f9';
