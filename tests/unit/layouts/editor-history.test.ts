import { describe, expect, it } from 'vitest';
import { initHistory, pushHistory, redo, undo } from '../../../renderer/console/layout-editor/history';

describe('layout editor undo/redo', () => {
  it('undoes and redoes whole states, and a new edit drops the redo branch', () => {
    let h = initHistory({ n: 0 });
    h = pushHistory(h, { n: 1 });
    h = pushHistory(h, { n: 2 });
    h = undo(h);
    expect(h.present).toEqual({ n: 1 });
    h = redo(h);
    expect(h.present).toEqual({ n: 2 });
    h = undo(undo(h));
    expect(h.present).toEqual({ n: 0 });
    expect(undo(h)).toBe(h); // nothing before the start
    h = pushHistory(h, { n: 5 });
    expect(h.future).toEqual([]);
    expect(redo(h)).toBe(h);
  });

  it('records no empty step when nothing changed', () => {
    const h = initHistory({ tiles: [1, 2] });
    expect(pushHistory(h, { tiles: [1, 2] })).toBe(h);
  });
});
