import { Refusal } from '../refusal';

/** What the alert store refuses: an unknown alert, a step its state does not allow, a wrong rule. */
export class AlertError extends Refusal {
  override name = 'AlertError';
}
