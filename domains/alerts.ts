import { z } from 'zod';
import { domainIdSchema } from './records';

/**
 * Alert rules and alerts: what the host watches in the local cache, and what it raised. Pure
 * (schemas, bundled rules, small helpers) so the console and the host read one definition.
 *
 * A rule fires per area: the province ('70') or each district (scope). Kinds:
 * - threshold: a figure compared with a value — the VN_AQI of any station (for N consecutive
 *   hourly readings), or a KPI of a domain (its value, % of plan, or change);
 * - count: events matching a filter (domain, kinds, open / overdue, an attribute), optionally
 *   opened within a window, counted per area (and per `groupBy` attribute, e.g. the road);
 * - silence: a feed has not succeeded for more than N minutes;
 * - cap: an active CAP warning (sync/adapters/cap.ts) of at least a severity covers the area;
 * - camera.down: a camera's health check (host/cameras) has found it down for more than N
 *   minutes; cleared when the check finds it up again.
 */

export const ALERT_SEVERITIES = ['info', 'warning', 'severe'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const ALERT_STATES = ['raised', 'acknowledged', 'cleared', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];
export const OPEN_ALERT_STATES: readonly AlertState[] = ['raised', 'acknowledged'];

export const CAP_SEVERITIES = ['Unknown', 'Minor', 'Moderate', 'Severe', 'Extreme'] as const;
export type CapSeverity = (typeof CAP_SEVERITIES)[number];

export const PROVINCE_AREA_ID = '70';

const opSchema = z.enum(['>=', '>', '<=', '<'], { error: "must be one of '>=', '>', '<=', '<'" });
export type CompareOp = z.infer<typeof opSchema>;

export function compare(value: number, op: CompareOp, limit: number): boolean {
  switch (op) {
    case '>=':
      return value >= limit;
    case '>':
      return value > limit;
    case '<=':
      return value <= limit;
    case '<':
      return value < limit;
  }
}

/** Ids of rules and the presets their actions name: letters, digits, _ . -, at most 80. */
export const alertIdSchema = z.string({ error: 'must be text' }).regex(/^[a-zA-Z0-9_.-]{1,80}$/, 'letters, digits, _ . - only (1–80)');

/** Switch the wall to a preset drilled to the alert's area while the alert holds. */
export const wallActionSchema = z.strictObject({
  presetId: alertIdSchema,
  /** 'auto' switches at once; 'confirm' asks the console first. */
  mode: z.enum(['auto', 'confirm'], { error: "must be 'auto' or 'confirm'" }).default('confirm'),
  /** Until the alert is acknowledged, or cleared/resolved; `minutes` ends it earlier. */
  until: z.enum(['acknowledged', 'cleared'], { error: "must be 'acknowledged' or 'cleared'" }).default('cleared'),
  minutes: z.number().int().min(1).max(24 * 60).optional(),
});
export type WallAction = z.infer<typeof wallActionSchema>;

const common = {
  id: alertIdSchema,
  name: z.string({ error: 'must be text' }).min(1, 'must not be empty').max(160),
  nameEn: z.string().max(160).optional(),
  enabled: z.boolean({ error: 'must be true or false' }).default(true),
  severity: z.enum(ALERT_SEVERITIES, { error: `must be one of ${ALERT_SEVERITIES.join(', ')}` }).default('warning'),
  scope: z.enum(['province', 'district'], { error: "must be 'province' or 'district'" }).default('district'),
  /** Hysteresis: the condition must be gone this long before an open alert is cleared. */
  clearAfterMinutes: z.number().int().min(0).max(7 * 24 * 60).default(10),
  wall: wallActionSchema.optional(),
};

const aqiFigure = z.strictObject({ type: z.literal('aqi') });
const kpiFigure = z.strictObject({
  type: z.literal('kpi'),
  domain: domainIdSchema,
  indicator: z.string().min(1),
  /** value: the figure; planPercent: value as % of the year's plan; changePercent: vs. the same period last year. */
  measure: z.enum(['value', 'planPercent', 'changePercent']).default('value'),
});

export const thresholdRuleSchema = z.strictObject({
  ...common,
  kind: z.literal('threshold'),
  figure: z.discriminatedUnion('type', [aqiFigure, kpiFigure], { error: "figure.type must be 'aqi' or 'kpi'" }),
  op: opSchema,
  value: z.number({ error: 'must be a number' }),
  /** AQI: hourly readings in a row that must all pass (a single spike is not an episode). */
  consecutive: z.number().int().min(1).max(24).default(1),
});

export const countRuleSchema = z.strictObject({
  ...common,
  kind: z.literal('count'),
  domain: domainIdSchema,
  /** Event kinds counted (catalog ids); empty = every kind of the domain. */
  kinds: z.array(z.string().min(1).max(80)).max(200).default([]),
  status: z.enum(['any', 'open', 'overdue'], { error: "must be 'any', 'open' or 'overdue'" }).default('any'),
  /** Only events opened within the last N minutes; absent = every event in that status now. */
  windowMinutes: z.number().int().min(1).max(30 * 24 * 60).optional(),
  /** Counted per value of this event attribute too (e.g. 'road'): fires when one value reaches `min`. */
  groupBy: z.string().regex(/^[a-zA-Z0-9_]+$/, 'an attribute name').optional(),
  /** Only events whose numeric attribute passes (e.g. deaths >= 1). */
  attr: z.strictObject({ name: z.string().regex(/^[a-zA-Z0-9_]+$/), op: opSchema, value: z.number() }).optional(),
  min: z.number().int().min(1, 'must be ≥ 1'),
});

export const silenceRuleSchema = z.strictObject({
  ...common,
  kind: z.literal('silence'),
  /** Feeds watched; empty = every enabled feed. */
  feeds: z.array(z.string().min(1).max(200)).max(500).default([]),
  minutes: z.number().int().min(1),
});

export const capRuleSchema = z.strictObject({
  ...common,
  kind: z.literal('cap'),
  minSeverity: z.enum(CAP_SEVERITIES).default('Severe'),
  /** CAP feeds whose warnings count; empty = all. */
  feeds: z.array(z.string().min(1).max(200)).max(500).default([]),
});

export const cameraDownRuleSchema = z.strictObject({
  ...common,
  kind: z.literal('camera.down'),
  /** Cameras watched (ids); empty = every camera. */
  cameras: z.array(z.string().min(1).max(80)).max(5000).default([]),
  /** Down for longer than this (as the host's checks saw it) before the alert is raised. */
  minutes: z.number().int().min(1, 'must be ≥ 1').max(7 * 24 * 60).default(5),
});

export const alertRuleSchema = z.discriminatedUnion(
  'kind',
  [thresholdRuleSchema, countRuleSchema, silenceRuleSchema, capRuleSchema, cameraDownRuleSchema],
  { error: "kind must be 'threshold', 'count', 'silence', 'cap' or 'camera.down'" },
);
export type AlertRule = z.infer<typeof alertRuleSchema>;
export type AlertRuleInput = z.input<typeof alertRuleSchema>;
export type AlertRuleKind = AlertRule['kind'];

/** The domains whose data a rule reads: a batch of another domain cannot change its result. */
export function ruleDomains(rule: AlertRule): readonly string[] | 'feeds' | 'cap' | 'cameras' {
  switch (rule.kind) {
    case 'threshold':
      return rule.figure.type === 'aqi' ? ['environment'] : [rule.figure.domain];
    case 'count':
      return [rule.domain];
    case 'silence':
      return 'feeds';
    case 'cap':
      return 'cap';
    case 'camera.down':
      return 'cameras';
  }
}

/**
 * The rules a new installation starts with (Bình Phước). All editable: a config or console rule
 * with the same id replaces one, `enabled: false` turns it off.
 */
export const BUNDLED_ALERT_RULES: readonly AlertRuleInput[] = [
  {
    id: 'aqi-very-bad',
    name: 'Chất lượng không khí Rất xấu (VN_AQI ≥ 201)',
    nameEn: 'Air quality Very bad (VN_AQI ≥ 201)',
    kind: 'threshold',
    figure: { type: 'aqi' },
    op: '>=',
    value: 201,
    consecutive: 2,
    scope: 'district',
    severity: 'severe',
    clearAfterMinutes: 60,
    wall: { presetId: 'emergency', mode: 'confirm', until: 'cleared' },
  },
  {
    id: 'hotline-overdue',
    name: 'Nhiều phản ánh quá hạn (≥ 20 trong một huyện)',
    nameEn: 'Many overdue hotline reports (≥ 20 in one district)',
    kind: 'count',
    domain: 'hotline',
    status: 'overdue',
    min: 20,
    scope: 'district',
    severity: 'warning',
    clearAfterMinutes: 30,
  },
  {
    id: 'feed-silent',
    name: 'Nguồn dữ liệu im lặng quá 60 phút',
    nameEn: 'A data feed silent for over 60 minutes',
    kind: 'silence',
    minutes: 60,
    scope: 'province',
    severity: 'warning',
    clearAfterMinutes: 0,
  },
  {
    id: 'camera-down',
    name: 'Camera mất tín hiệu quá 5 phút',
    nameEn: 'A camera down for over 5 minutes',
    kind: 'camera.down',
    minutes: 5,
    scope: 'province',
    severity: 'warning',
    clearAfterMinutes: 0,
  },
  {
    id: 'traffic-major',
    name: 'Tai nạn giao thông nghiêm trọng (có người chết, 2 giờ qua)',
    nameEn: 'Major road accident (a death, last 2 hours)',
    kind: 'count',
    domain: 'traffic',
    kinds: ['traffic.accident'],
    attr: { name: 'deaths', op: '>=', value: 1 },
    windowMinutes: 120,
    min: 1,
    scope: 'district',
    severity: 'severe',
    clearAfterMinutes: 0,
  },
  {
    id: 'traffic-road-cluster',
    name: '≥ 3 sự cố trên một tuyến đường trong 1 giờ',
    nameEn: '≥ 3 incidents on one road within an hour',
    kind: 'count',
    domain: 'traffic',
    windowMinutes: 60,
    groupBy: 'road',
    min: 3,
    scope: 'province',
    severity: 'warning',
    clearAfterMinutes: 15,
  },
  {
    id: 'cap-severe',
    name: 'Cảnh báo thiên tai (CAP) mức Nghiêm trọng trở lên',
    nameEn: 'Disaster warning (CAP) Severe or worse',
    kind: 'cap',
    minSeverity: 'Severe',
    scope: 'district',
    severity: 'severe',
    clearAfterMinutes: 0,
  },
];

/** One alert as stored and shown. */
export interface Alert {
  id: number;
  rule: string;
  ruleName: string;
  ruleNameEn: string;
  kind: AlertRuleKind;
  severity: AlertSeverity;
  area: string;
  areaName: string;
  state: AlertState;
  /** The figure that triggered it (AQI, a count, minutes of silence…), latest while open. */
  value: number | null;
  /** What triggered it: station and time, road, feeds, CAP message ids… (rule kind specific). */
  detail: Record<string, unknown>;
  raisedAt: string;
  /** Last time the condition was seen true, to within ten minutes (the host writes it no oftener while nothing else changes). */
  lastTrueAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  note: string | null;
  closedAt: string | null;
  closedBy: string | null;
  closeNote: string | null;
  /** The wall action: none, waiting for the operator, on the wall, declined, or over. */
  takeover: 'none' | 'pending' | 'active' | 'declined' | 'ended';
  takeoverPresetId: string | null;
  /** The panel to jump to from the console (drilled to `area`). */
  panel: string | null;
}

/** The panel an alert of this rule is about, for the console's jump. */
export function alertPanel(rule: Pick<AlertRule, 'kind'> & Partial<{ figure: { type: string; domain?: string }; domain: string }>): string | null {
  if (rule.kind === 'threshold') return rule.figure?.type === 'aqi' ? 'environment' : (rule.figure?.domain ?? null);
  if (rule.kind === 'count') return rule.domain ?? null;
  return null;
}
