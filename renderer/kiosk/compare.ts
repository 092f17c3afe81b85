/** The ranking of "so sánh địa bàn" (CompareDistricts), pure so it is tested on its own. */
import type { ByAreaRow } from '../../domains/views';

/** Change against last year: points for percentages, relative otherwise; null if not comparable. */
export function rowChange(r: ByAreaRow, percent: boolean): { value: number; kind: 'points' | 'relative' } | null {
  if (r.value === null || r.previous === null) return null;
  if (percent) return { value: r.value - r.previous, kind: 'points' };
  if (r.previous === 0) return null;
  return { value: (r.value - r.previous) / Math.abs(r.previous), kind: 'relative' };
}

/** Largest first; districts without a figure last, by name. */
export function rankRows(rows: readonly ByAreaRow[]): ByAreaRow[] {
  return [...rows].sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity) || a.name.localeCompare(b.name, 'vi'));
}
