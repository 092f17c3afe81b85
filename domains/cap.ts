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

/** The latest expiry over its info blocks, or null when one of them never expires (or none says). */
export function capExpires(m: Pick<CapMessage, 'info'>): string | null {
  let latest: string | null = null;
  for (const i of m.info) {
    if (!i.expires) return null;
    if (!latest || i.expires > latest) latest = i.expires;
  }
  return latest;
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
