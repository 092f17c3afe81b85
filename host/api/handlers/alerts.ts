import type { alertsMethods } from '../contract/alerts';
import { holidaysOf } from '../../../layouts/holidays';
import { activeCapWarnings, CAP_SCREEN_LIMIT } from '../../alerts/cap-store';
import { capDistricts } from '../../alerts/evaluate';
import { acknowledge, acknowledgeRule, answerTakeover, countAlerts, getAlert, listAlerts, resolve } from '../../alerts/lifecycle';
import { deleteRule, effectiveRules, revertRule, saveRule } from '../../alerts/rules';
import type { HandlerCtx, Handlers } from './types';
import { mappingRefusals } from './refusals';

const rulesOf = (ctx: HandlerCtx) => effectiveRules(ctx.db, ctx.config).map((e) => e.rule);

/** After a change by hand: consoles and walls re-query, and the wall follows a wall action. */
const changed = (ctx: HandlerCtx, takeover: boolean) => ctx.services.alerts.changed(takeover);

/** The alert store's refusals, and the layout store's (the wall follows an alert's wall action), reach the caller as ApiErrors. */
export const alertsHandlers: Handlers<typeof alertsMethods> = mappingRefusals({
  'alerts.list'({ states, limit }, ctx) {
    const alerts = listAlerts(ctx.db, { states, limit, rules: rulesOf(ctx) });
    return { alerts, ...countAlerts(ctx.db, states) };
  },
  'alerts.acknowledgeRule'({ rule, note }, ctx) {
    const rules = rulesOf(ctx);
    const holdsUntilAck = (ruleId: string) => rules.find((r) => r.id === ruleId)?.wall?.until === 'acknowledged';
    const acknowledged = acknowledgeRule(ctx.db, rule, note, ctx.actor, new Date(), holdsUntilAck);
    if (acknowledged.length) changed(ctx, true);
    return { acknowledged };
  },
  'alerts.acknowledge'({ id, note }, ctx) {
    const rules = rulesOf(ctx);
    const holdsUntilAck = (ruleId: string) => rules.find((r) => r.id === ruleId)?.wall?.until === 'acknowledged';
    acknowledge(ctx.db, id, note, ctx.actor, new Date(), holdsUntilAck);
    changed(ctx, true);
    return getAlert(ctx.db, id, rules);
  },
  'alerts.resolve'({ id, note }, ctx) {
    resolve(ctx.db, id, note, ctx.actor);
    changed(ctx, true);
    return getAlert(ctx.db, id, rulesOf(ctx));
  },
  'alerts.confirmWall'({ id, accept }, ctx) {
    const rules = rulesOf(ctx);
    const alert = getAlert(ctx.db, id, rules);
    const minutes = rules.find((r) => r.id === alert.rule)?.wall?.minutes;
    answerTakeover(ctx.db, id, accept, ctx.actor, minutes);
    changed(ctx, true);
    return getAlert(ctx.db, id, rules);
  },
  'alerts.capWarnings'(_p, ctx) {
    // The screens get the worst and newest CAP_SCREEN_LIMIT (the rules see them all), and how
    // many there are: which of them are in force is decided per message, so all are read.
    const all = activeCapWarnings(ctx.db, new Date());
    return { warnings: all.slice(0, CAP_SCREEN_LIMIT).map((w) => ({ ...w, districts: capDistricts(ctx, w).districts })), total: all.length };
  },
  'alertRules.list'(_p, ctx) {
    return effectiveRules(ctx.db, ctx.config);
  },
  'alertRules.save'({ rule }, ctx) {
    const saved = saveRule(ctx.db, rule, ctx.actor);
    ctx.services.alerts.evaluate({ all: true });
    return effectiveRules(ctx.db, ctx.config).find((e) => e.rule.id === saved.id)!;
  },
  'alertRules.delete'({ id }, ctx) {
    deleteRule(ctx.db, id, ctx.actor);
    ctx.services.alerts.evaluate({ all: true });
    return { id };
  },
  'alertRules.revert'({ id }, ctx) {
    revertRule(ctx.db, id, ctx.actor);
    ctx.services.alerts.evaluate({ all: true });
    return { id };
  },
  'holidays.list'({ year }, ctx) {
    return holidaysOf(year, ctx.config.holidays.extra);
  },
});
