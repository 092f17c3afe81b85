import { Refusal } from '../refusal';

/** What the layout store refuses (a refusal: see host/refusal.ts). */
export class LayoutError extends Refusal {
  override name = 'LayoutError';
}
