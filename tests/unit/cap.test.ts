import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CapMessage } from '../../domains';
import { parseCap } from '../../sync/adapters/cap';
import { activeCapWarnings, storeCapMessage } from '../../host/alerts/cap-store';
import { capDistricts } from '../../host/alerts/evaluate';
import { makeFixture, type Fixture } from './views-fixture';

const dir = join(__dirname, '..', 'fixtures', 'cap');
const read = (f: string) => readFileSync(join(dir, f), 'utf8');
function message(f: string): CapMessage {
  const doc = parseCap(read(f));
  if (doc.kind !== 'alert' || typeof doc.message === 'string') throw new Error(`${f}: ${JSON.stringify(doc)}`);
  return doc.message;
}

describe('CAP 1.2 parsing on real documents', () => {
  it('the specification’s thunderstorm warning: polygon, expiry in UTC, text as sent', () => {
    const m = message('oasis-cap12-a2-thunderstorm.xml');
    expect(m).toMatchObject({ identifier: 'KSTO1055887203', sender: 'KSTO@NWS.NOAA.GOV', sent: '2003-06-17T21:57:00.000Z', status: 'Actual', msgType: 'Alert' });
    const info = m.info[0]!;
    expect(info).toMatchObject({ severity: 'Severe', urgency: 'Immediate', certainty: 'Observed', headline: 'SEVERE THUNDERSTORM WARNING', expires: '2003-06-17T23:00:00.000Z' });
    expect(info.instruction).toBe('TAKE COVER IN A SUBSTANTIAL SHELTER UNTIL THE STORM PASSES.');
    expect(info.areas[0]!.polygons[0]!.points).toEqual([
      [38.47, -120.14],
      [38.34, -119.95],
      [38.52, -119.74],
      [38.62, -119.89],
      [38.47, -120.14],
    ]);
    expect(info.areas[0]!.geocodes.map((g) => g.value)).toEqual(['006109', '006009', '006003']);
  });

  it('the earthquake Update: references and a circle', () => {
    const m = message('oasis-cap12-a3-earthquake-update.xml');
    expect(m.msgType).toBe('Update');
    expect(m.references).toEqual([{ sender: 'trinet@caltech.edu', identifier: 'TRI13970876.1', sent: '2003-06-11T20:30:00-07:00' }]);
    expect(m.info[0]!.areas[0]!.circles).toEqual([{ lat: 32.9525, lon: -115.5527, radiusKm: 0 }]);
  });

  it('two info blocks in two languages; a message without geometry; a CAP 1.1 message', () => {
    const amber = message('oasis-cap12-a4-amber.xml');
    expect(amber.info.map((i) => [i.language, i.headline])).toEqual([
      ['en-US', 'Amber Alert in Los Angeles County'],
      ['es-US', 'Alerta Amber en el condado de Los Ángeles'],
    ]);
    const hsas = message('oasis-cap12-a1-homeland.xml');
    expect(hsas.info[0]!.areas[0]).toMatchObject({ areaDesc: 'U.S. nationwide and interests worldwide', polygons: [], circles: [] });
    const nws = message('nws-blizzard-warning-cap11.xml');
    expect(nws.info[0]).toMatchObject({ event: 'Blizzard Warning', severity: 'Severe', expires: '2021-12-28T00:00:00.000Z' });
    // An empty <polygon/> is no polygon.
    expect(nws.info[0]!.areas[0]!.polygons).toEqual([]);
  });

  it('an Update naming three earlier messages (NOAA tsunami centre)', () => {
    const m = message('ntwc-tsunami-cancellation-update.xml');
    expect(m.references.map((r) => r.identifier)).toEqual(['PAAQ-1-mg5a94', 'PAAQ-2-mg5a94', 'PAAQ-3-mg5a94']);
    expect(m.info[0]!.severity).toBe('Unknown');
  });

  it('an Atom index (USGS) gives the CAP links to fetch', () => {
    const doc = parseCap(read('usgs-significant-month-2013.atom'));
    expect(doc).toEqual({
      kind: 'index',
      inline: [],
      links: [
        { href: 'http://earthquake.usgs.gov/earthquakes/eventpage/usb000l51g.cap', updated: '2013-11-24T03:56:19.000Z' },
        { href: 'http://earthquake.usgs.gov/earthquakes/eventpage/usb000l0gq.cap', updated: '2013-11-24T10:26:04.821Z' },
      ],
    });
  });

  it('an index of any length (150,000 entries: more than one call can spread) gives its links', () => {
    const n = 150_000;
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom">${'<entry><link href="w.cap"/></entry>'.repeat(n)}</feed>`;
    const rss = `<rss><channel>${'<item><link>w.cap</link></item>'.repeat(n)}</channel></rss>`;
    for (const body of [atom, rss]) {
      const doc = parseCap(body);
      expect(doc.kind === 'index' && doc.links.length).toBe(n);
    }
  });

  it('keeps markup in warning text as text, and refuses what is not CAP with the reason', () => {
    const m = message('bp-storm-alert.xml');
    expect(m.info[0]!.headline).toBe('Cảnh báo dông lốc <b>mạnh</b> tại Đồng Xoài, Đồng Phú');
    expect(m.info[0]!.description).toContain('<script>alert(1)</script>');
    expect(() => parseCap('<html><body>503</body></html>')).toThrow(/neither a CAP <alert>/);
    expect(() => parseCap('<alert><identifier>')).toThrow(/XML/);
    const bad = parseCap('<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>x</identifier><sender>s</sender><sent>2026-01-01T00:00:00+07:00</sent><status>BOGUS</status><msgType>Alert</msgType></alert>');
    expect(bad.kind === 'alert' && bad.message).toMatch(/status "BOGUS"/);
  });
});

describe('CAP messages in the store: Update, Cancel, expiry, districts', () => {
  let fx: Fixture;
  beforeEach(() => (fx = makeFixture()));
  afterEach(() => fx.close());
  const at = '2026-06-14T07:00:00Z';

  it('an Update replaces what it references; a Cancel withdraws; expiry ends a warning', () => {
    storeCapMessage(fx.db, 'kttv', message('bp-storm-alert.xml'), at);
    const during = new Date('2026-06-14T08:00:00Z');
    expect(activeCapWarnings(fx.db, during).map((w) => w.identifier)).toEqual(['BP-KTTV-2026-0042']);
    // The same message again changes nothing.
    expect(storeCapMessage(fx.db, 'kttv', message('bp-storm-alert.xml'), at)).toBe(false);
    storeCapMessage(fx.db, 'kttv', message('bp-storm-update.xml'), at);
    expect(activeCapWarnings(fx.db, during).map((w) => [w.identifier, w.severity])).toEqual([['BP-KTTV-2026-0043', 'Extreme']]);
    // After its expiry (22:00 local = 15:00Z) the update is no longer in force.
    expect(activeCapWarnings(fx.db, new Date('2026-06-14T15:00:01Z'))).toEqual([]);
    storeCapMessage(fx.db, 'kttv', message('bp-storm-cancel.xml'), at);
    expect(activeCapWarnings(fx.db, during)).toEqual([]);
  });

  it('resolves references that arrive out of order', () => {
    storeCapMessage(fx.db, 'kttv', message('bp-storm-update.xml'), at);
    storeCapMessage(fx.db, 'kttv', message('bp-storm-alert.xml'), at);
    expect(activeCapWarnings(fx.db, new Date('2026-06-14T08:00:00Z')).map((w) => w.identifier)).toEqual(['BP-KTTV-2026-0043']);
  });

  it('finds the districts a polygon covers', () => {
    storeCapMessage(fx.db, 'kttv', message('bp-storm-alert.xml'), at);
    const [w] = activeCapWarnings(fx.db, new Date('2026-06-14T08:00:00Z'));
    expect(capDistricts(fx, w!)).toEqual({ districts: ['689'], located: true });
  });
});
