import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../domains/catalog';
import { DOMAIN_IDS } from '../../../domains/ids';
import { PANEL_VIEWS, tileView, tileViewChoices } from '../../../renderer/panels/views';

describe('tile views of the domain panels', () => {
  it('every view a panel shows is a named view of its domain, and the overview is not one of them', () => {
    for (const d of DOMAIN_IDS) {
      const named = CATALOG[d].views.map((v) => v.id);
      for (const v of PANEL_VIEWS[d]) expect(named, `${d}.${v}`).toContain(v);
      expect(PANEL_VIEWS[d]).not.toContain('kpis');
    }
  });

  it('the inspector offers exactly the supported views, with the catalog names', () => {
    expect(tileViewChoices('economy').map((v) => v.id)).toEqual(['trend', 'byArea']);
    expect(tileViewChoices('traffic').find((v) => v.id === 'map')?.name.vi).toBe('Bản đồ');
    expect(tileViewChoices('hotline').map((v) => v.id)).not.toContain('queue');
    expect(tileViewChoices('clock')).toEqual([]);
  });

  it('an unknown, unsupported or default view means the overview', () => {
    expect(tileView('traffic', 'map')).toBe('map');
    expect(tileView('economy', 'map')).toBe('');
    expect(tileView('traffic', 'kpis')).toBe('');
    expect(tileView('traffic', '')).toBe('');
    expect(tileView('hotline', 'queue')).toBe('');
    expect(tileView('text', 'map')).toBe('');
  });
});
