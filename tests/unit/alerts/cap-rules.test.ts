import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { capEffective, capExpires, capInfoFor, type CapMessage } from '../../../domains';
import { activeCapWarnings, storeCapMessage } from '../../../host/alerts/cap-store';
import { circleOverlaps, polygonOverlaps } from '../../../host/geo/overlap';
import type { PolygonalGeometry } from '../../../host/geo/geometry';
import { parseCap } from '../../../sync/adapters/cap';
import { makeFixture, type Fixture } from '../views-fixture';

/** A district 0.2° square: lon 106.8–107.0, lat 11.4–11.6. */
const district: PolygonalGeometry = {
  type: 'Polygon',
  coordinates: [
    [
      [106.8, 11.4],
      [107.0, 11.4],
      [107.0, 11.6],
      [106.8, 11.6],
      [106.8, 11.4],
    ],
  ],
};

describe('CAP area overlap with a district boundary', () => {
  it('a band crossing the district with every corner outside overlaps it; one beside it does not; a shared edge is no overlap', () => {
    expect(polygonOverlaps(district, [[106.5, 11.45], [107.5, 11.45], [107.5, 11.47], [106.5, 11.47], [106.5, 11.45]])).toBe(true);
    expect(polygonOverlaps(district, [[106.5, 11.65], [107.5, 11.65], [107.5, 11.67], [106.5, 11.67], [106.5, 11.65]])).toBe(false);
    // Inside it, and around it.
    expect(polygonOverlaps(district, [[106.9, 11.5], [106.91, 11.5], [106.91, 11.51], [106.9, 11.5]])).toBe(true);
    expect(polygonOverlaps(district, [[106, 11], [108, 11], [108, 12], [106, 12], [106, 11]])).toBe(true);
    // The neighbour to the east, sharing the border at lon 107.0.
    expect(polygonOverlaps(district, [[107.0, 11.4], [107.2, 11.4], [107.2, 11.6], [107.0, 11.6], [107.0, 11.4]])).toBe(false);
  });

  it('a circle whose centre is outside reaches the district within its radius', () => {
    // 0.05° of latitude south of the border ≈ 5.5 km.
    expect(circleOverlaps(district, 106.9, 11.35, 6)).toBe(true);
    expect(circleOverlaps(district, 106.9, 11.35, 5)).toBe(false);
    expect(circleOverlaps(district, 106.9, 11.5, 0)).toBe(true);
  });

  it('a 10,000-point polygon against a 5,000-point boundary takes milliseconds', () => {
    const ring: [number, number][] = [];
    for (let i = 0; i < 5000; i++) {
      const a = (2 * Math.PI * i) / 5000;
      ring.push([106.9 + 0.1 * Math.cos(a), 11.5 + 0.1 * Math.sin(a)]);
    }
    ring.push(ring[0]!);
    const round: PolygonalGeometry = { type: 'Polygon', coordinates: [ring] };
    const warn: [number, number][] = [];
    for (let i = 0; i < 10_000; i++) {
      const a = (2 * Math.PI * i) / 10_000;
      warn.push([107.0 + 0.05 * Math.cos(a) + (i % 2) * 0.001, 11.5 + 0.05 * Math.sin(a)]);
    }
    warn.push(warn[0]!);
    const t = performance.now();
    expect(polygonOverlaps(round, warn)).toBe(true);
    expect(polygonOverlaps(round, warn.map(([x, y]) => [x + 1, y]))).toBe(false);
    expect(performance.now() - t).toBeLessThan(500);
  });
});

describe('CAP messages: which one to show, when it is in force, what may replace it', () => {
  const inf = (language: string, o: Partial<CapMessage['info'][number]> = {}) =>
    ({ language, categories: [], event: 'Storm', urgency: 'Immediate', severity: 'Severe', certainty: 'Observed', headline: language, description: null, instruction: null, senderName: null, web: null, effective: null, onset: null, expires: null, areas: [], ...o }) as CapMessage['info'][number];

  it('picks the block in the reader’s language, then Vietnamese, then English, then the first', () => {
    const blocks = [inf('en-US'), inf('es-US'), inf('vi-VN')];
    expect(capInfoFor(blocks)?.language).toBe('vi-VN');
    expect(capInfoFor(blocks, 'en')?.language).toBe('en-US');
    expect(capInfoFor([inf('es-US'), inf('en-US')], 'vi')?.language).toBe('en-US');
    expect(capInfoFor([inf('fr-FR'), inf('es-US')])?.language).toBe('fr-FR');
  });

  it('is in force from effective (else sent); without expires it ends 24 h after', () => {
    const m = { sent: '2026-06-14T00:00:00.000Z', info: [inf('vi', { effective: '2026-06-14T06:00:00.000Z' })] };
    expect(capEffective(m)).toBe('2026-06-14T06:00:00.000Z');
    expect(capExpires(m)).toBe('2026-06-15T06:00:00.000Z');
    expect(capExpires({ sent: m.sent, info: [] })).toBe('2026-06-15T00:00:00.000Z');
  });

  it('reads CAP times without an offset in the feed’s zone', () => {
    const doc = parseCap(
      '<alert><identifier>x</identifier><sender>s</sender><sent>2026-06-14T10:00:00</sent><status>Actual</status><msgType>Alert</msgType><scope>Public</scope><info><expires>2026-06-14T12:00:00</expires></info></alert>',
      '+07:00',
    );
    expect(doc.kind === 'alert' && typeof doc.message !== 'string' && [doc.message.sent, doc.message.info[0]!.expires]).toEqual(['2026-06-14T03:00:00.000Z', '2026-06-14T05:00:00.000Z']);
  });

  describe('in the store', () => {
    let fx: Fixture;
    beforeEach(() => (fx = makeFixture()));
    afterEach(() => fx.close());
    const at = '2026-06-14T07:00:00Z';
    const now = new Date('2026-06-14T08:00:00Z');
    const msg = (o: Partial<CapMessage>): CapMessage => ({ identifier: 'A', sender: 's', sent: '2026-06-14T07:00:00.000Z', status: 'Actual', msgType: 'Alert', scope: 'Public', references: [], note: null, info: [inf('vi', { expires: '2026-06-14T12:00:00.000Z' })], ...o });
    const ref = [{ sender: 's', identifier: 'A', sent: '2026-06-14T07:00:00.000Z' }];

    it('a Test Cancel or Update does not touch an Actual warning; an Ack stored first does not replace it', () => {
      storeCapMessage(fx.db, 'f', msg({ identifier: 'K', msgType: 'Ack', references: ref, info: [] }), at);
      storeCapMessage(fx.db, 'f', msg({}), at);
      storeCapMessage(fx.db, 'f', msg({ identifier: 'T', status: 'Test', msgType: 'Cancel', references: ref }), at);
      storeCapMessage(fx.db, 'f', msg({ identifier: 'E', status: 'Exercise', msgType: 'Update', references: ref }), at);
      expect(activeCapWarnings(fx.db, now).map((w) => w.identifier)).toEqual(['A']);
      storeCapMessage(fx.db, 'f', msg({ identifier: 'C', msgType: 'Cancel', references: ref }), at);
      expect(activeCapWarnings(fx.db, now)).toEqual([]);
    });

    it('Private or Restricted, or not yet effective: not active; effective later: active from then', () => {
      storeCapMessage(fx.db, 'f', msg({ identifier: 'P', scope: 'Private' }), at);
      storeCapMessage(fx.db, 'f', msg({ identifier: 'R', scope: 'Restricted' }), at);
      storeCapMessage(fx.db, 'f', msg({ identifier: 'L', info: [inf('vi', { effective: '2026-06-14T10:00:00.000Z', expires: '2026-06-14T12:00:00.000Z' })] }), at);
      expect(activeCapWarnings(fx.db, now)).toEqual([]);
      expect(activeCapWarnings(fx.db, new Date('2026-06-14T10:00:01Z')).map((w) => w.identifier)).toEqual(['L']);
    });

    it('a warning without expires ends 24 h after it was sent, rows stored before this rule included', () => {
      storeCapMessage(fx.db, 'f', msg({ info: [inf('vi')] }), at);
      // As stored before every message had an end.
      fx.db.prepare(`UPDATE cap_messages SET expires = NULL`).run();
      expect(activeCapWarnings(fx.db, now).map((w) => w.expires)).toEqual(['2026-06-15T07:00:00.000Z']);
      expect(activeCapWarnings(fx.db, new Date('2026-06-15T07:00:01Z'))).toEqual([]);
    });
  });
});
