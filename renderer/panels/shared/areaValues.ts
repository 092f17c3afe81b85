import type { ByAreaResult } from '../../../domains/views';

/** A byArea view as a Record for choropleth fills (and numbers under district names). */
export function areaValuesOf(view: ByAreaResult | undefined): Record<string, number> | undefined {
  if (!view) return undefined;
  return Object.fromEntries(view.rows.filter((r) => r.value !== null).map((r) => [r.areaId, r.value!]));
}
