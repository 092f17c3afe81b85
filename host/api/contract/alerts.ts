import { z } from 'zod';
import { ADMIN_ONLY, EVERY_ROLE, method, OPERATOR, read } from './method';
import { ALERT_STATES, alertIdSchema, type Alert, type AlertRule } from '../../../domains/alerts';
import type { CapWarning } from '../../../domains/cap';
import type { Holiday } from '../../../layouts/holidays';

export interface AlertRuleRecord {
  rule: AlertRule;
  source: 'bundled' | 'config' | 'console';
  overrides: boolean;
}

/** One page of alerts: those shown, how many there are in all, and how many of them are severe and raised (the wall's band). */
export interface AlertList {
  alerts: Alert[];
  total: number;
  severeRaised: number;
}

/** An active CAP warning with the districts it covers, for the maps and the alerts tile. */
export type CapWarningRecord = CapWarning & { districts: string[] };

/**
 * The CAP warnings a screen gets: at most CAP_SCREEN_LIMIT (host/alerts/cap-store.ts), the worst
 * severity first, then the newest, and how many are in force in all.
 */
export interface CapWarningList {
  warnings: CapWarningRecord[];
  total: number;
}

const note = z.string().trim().min(1, 'ghi chú không được trống / a note is required').max(2000);

/** Alerts, their rules, CAP warnings and the holidays of the schedule. */
export const alertsMethods = {
  /**
   * Open alerts by default; `states` widens it (the console's inbox, the CLI's --all). At most
   * `limit`, raised first, the most severe first, each rule's newest before any rule's second;
   * `total` counts them all.
   */
  'alerts.list': method<AlertList>()(
    z.object({ states: z.array(z.enum(ALERT_STATES)).optional(), limit: z.number().int().min(1).max(2000).default(500) }),
    read(EVERY_ROLE),
  ),
  'alerts.acknowledge': method<Alert>()(z.object({ id: z.number().int().positive(), note }), { roles: OPERATOR }),
  /** Acknowledges every raised alert of one rule with one note (a storm of one rule); each is audited as one acknowledge. */
  'alerts.acknowledgeRule': method<{ acknowledged: number[] }>()(z.object({ rule: alertIdSchema, note }), { roles: OPERATOR }),
  'alerts.resolve': method<Alert>()(z.object({ id: z.number().int().positive(), note }), { roles: OPERATOR }),
  /** Answer to a rule that asks before switching the wall ("Chuyển tường?"). */
  'alerts.confirmWall': method<Alert>()(z.object({ id: z.number().int().positive(), accept: z.boolean() }), { roles: OPERATOR }),
  /** Active CAP warnings (not replaced, cancelled or expired) with their areas; `total` counts them all when the list is cut. */
  'alerts.capWarnings': method<CapWarningList>()(z.object({}), read(EVERY_ROLE)),
  'alertRules.list': method<AlertRuleRecord[]>()(z.object({}), read(OPERATOR)),
  /** Creates or replaces a rule; refused with every problem by path. */
  'alertRules.save': method<AlertRuleRecord>()(z.object({ rule: z.unknown() }), { roles: ADMIN_ONLY }),
  'alertRules.delete': method<{ id: string }>()(z.object({ id: alertIdSchema }), { roles: ADMIN_ONLY }),
  /** Drops the console's edit: the bundled or config rule of that id is back. */
  'alertRules.revert': method<{ id: string }>()(z.object({ id: alertIdSchema }), { roles: ADMIN_ONLY }),
  'holidays.list': method<Holiday[]>()(z.object({ year: z.number().int().min(1901).max(2199) }), read(OPERATOR)),
};

export interface AlertsEvents {
  /** Alerts were raised, acknowledged, cleared or resolved, or a wall action changed: re-query. */
  'alerts.changed': { at: string; open: number; raised: number; severe: number; pendingWall: number };
}
