import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../domains/alerts';
import { newRaised } from '../../../renderer/console/alerts/new-raised';

type Row = Pick<Alert, 'id' | 'state'>;
const raised = (...ids: number[]): Row[] => ids.map((id) => ({ id, state: 'raised' }));

describe("the alert inbox's sound cue", () => {
  it('sounds for an alert raised after the inbox opened, never for what the first list held', () => {
    let r = newRaised(null, raised(1, 2));
    expect(r.fresh).toBe(false);
    r = newRaised(r.seen, raised(1, 2));
    expect(r.fresh).toBe(false);
    r = newRaised(r.seen, raised(1, 2, 3));
    expect(r.fresh).toBe(true);
    r = newRaised(r.seen, [{ id: 3, state: 'acknowledged' }, ...raised(1, 2)]);
    expect(r.fresh).toBe(false);
    // Acknowledged when first seen, raised again later: new as raised.
    let s = newRaised(null, [{ id: 7, state: 'acknowledged' }]);
    s = newRaised(s.seen, raised(7));
    expect(s.fresh).toBe(true);
  });

  it('remembers no more ids than the list holds, over months of alerts', () => {
    let r = newRaised(null, []);
    let sounded = 0;
    for (let id = 1; id <= 20_000; id++) {
      // The list shows the 50 newest, as the inbox's answer is bounded.
      const rows = raised(...Array.from({ length: Math.min(id, 50) }, (_, i) => id - i));
      r = newRaised(r.seen, rows);
      if (r.fresh) sounded++;
    }
    expect(sounded).toBe(20_000);
    // The build before kept all 20 000.
    expect(r.seen.size).toBe(50);
  });
});
