import type { CapSeverity } from './alerts';

/**
 * One OASIS CAP 1.2 message as the app keeps it (CAP 1.1 reads the same way). Text fields are
 * the sender's words, kept as text: they are shown literally, never as markup.
 */

export interface CapPolygon {
  /** Closed ring of [lat, lon] pairs, as CAP writes them (WGS 84). */
  points: [number, number][];
}

export interface CapCircle {
  lat: number;
  lon: number;
  radiusKm: number;
}

export interface CapArea {
  areaDesc: string;
  polygons: CapPolygon[];
  circles: CapCircle[];
  geocodes: { valueName: string; value: string }[];
}

export interface CapInfo {
  language: string;
  categories: string[];
  event: string;
  urgency: string;
  severity: CapSeverity;
  certainty: string;
  headline: string | null;
  description: string | null;
  instruction: string | null;
  senderName: string | null;
  web: string | null;
  effective: string | null;
  onset: string | null;
  /** UTC ISO. */
  expires: string | null;
  areas: CapArea[];
}

export interface CapReference {
  sender: string;
  identifier: string;
  sent: string;
}

export interface CapMessage {
  identifier: string;
  sender: string;
  /** UTC ISO. */
  sent: string;
  status: 'Actual' | 'Exercise' | 'System' | 'Test' | 'Draft';
  msgType: 'Alert' | 'Update' | 'Cancel' | 'Ack' | 'Error';
  scope: string;
  references: CapReference[];
  note: string | null;
  info: CapInfo[];
}

const ORDER: readonly CapSeverity[] = ['Unknown', 'Minor', 'Moderate', 'Severe', 'Extreme'];

export function capSeverityRank(s: CapSeverity): number {
  return ORDER.indexOf(s);
}

/** The worst severity over a message's info blocks. */
export function capWorstSeverity(m: Pick<CapMessage, 'info'>): CapSeverity {
  let worst: CapSeverity = 'Unknown';
  for (const i of m.info) if (capSeverityRank(i.severity) > capSeverityRank(worst)) worst = i.severity;
  return worst;
}

/**
 * How long a warning that gives no `expires` stays in force, from its `effective` (else `sent`):
 * CAP lets `expires` out, and such a warning must still end some time rather than stay on the
 * wall for ever; the sender renews it with an Update when it lasts longer.
 */
export const CAP_DEFAULT_HOURS = 24;

const plusHours = (iso: string, h: number) => new Date(Date.parse(iso) + h * 3_600_000).toISOString();

/** When a warning comes into force (CAP 1.2 §3.2.2 `effective`, default `sent`): the earliest over its info blocks. */
export function capEffective(m: Pick<CapMessage, 'info' | 'sent'>): string {
  let first: string | null = null;
  for (const i of m.info) {
    const e = i.effective ?? m.sent;
    if (!first || e < first) first = e;
  }
  return first ?? m.sent;
}

/**
 * When a warning ends: the latest expiry over its info blocks, a block without `expires` ending
 * CAP_DEFAULT_HOURS after its `effective` (else `sent`); a message without info blocks likewise.
 */
export function capExpires(m: Pick<CapMessage, 'info' | 'sent'>): string {
  let latest: string | null = null;
  for (const i of m.info) {
    const e = i.expires ?? plusHours(i.effective ?? m.sent, CAP_DEFAULT_HOURS);
    if (!latest || e > latest) latest = e;
  }
  return latest ?? plusHours(m.sent, CAP_DEFAULT_HOURS);
}

/**
 * The info block to show a reader of `language` ("vi", "vi-VN", "en"…): one in that language,
 * else Vietnamese, else English, else the first. CAP sends one block per language, in any order.
 * Every place that reads a warning's text takes it from here.
 */
export function capInfoFor<I extends Pick<CapInfo, 'language'>>(info: readonly I[], language = 'vi'): I | undefined {
  const lang = (l: string) => l.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  const want = lang(language);
  for (const l of [want, 'vi', 'en']) {
    const hit = info.find((i) => lang(i.language) === l);
    if (hit) return hit;
  }
  return info[0];
}

/** An active CAP warning with its areas, for the maps and the alert detail. */
export interface CapWarning {
  identifier: string;
  sender: string;
  sent: string;
  msgType: CapMessage['msgType'];
  severity: CapSeverity;
  expires: string | null;
  feedId: string;
  info: CapInfo[];
}
