/**
 * How panels write an indicator's figure and look up a catalog name: percentages as points of a
 * percent, large figures without decimals. Shared by panels, the kiosk and the alerts panel.
 */
import type { LocalText } from '../../../domains/text';
import type { IndicatorRef } from '../../../domains/views';
import { formatFigure, formatPercentValue } from '../../format';

type Unit = Pick<IndicatorRef, 'unit'> | undefined;

/** Percent indicators are stored as percentages (95.3), not fractions. */
export function isPercent(ref: Unit): boolean {
  return ref?.unit.vi === '%';
}

export function formatIndicator(ref: Unit, n: number): string {
  if (isPercent(ref)) return formatPercentValue(n);
  return formatFigure(n);
}

/** The catalog name of an event kind or state, or the raw id when the catalog has none. */
export function nameIn(list: { id: string; name: LocalText }[], id: string, lt: (x: LocalText) => string): string {
  const d = list.find((x) => x.id === id);
  return d ? lt(d.name) : id;
}

