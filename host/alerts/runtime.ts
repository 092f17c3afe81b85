import type Database from 'better-sqlite3';
import { ruleDomains, type AlertRule } from '../../domains/alerts';
import type { EventName, HostEvents } from '../api/contract';
import type { HostConfig } from '../config/schema';
import type { LayoutRuntime } from '../layouts/runtime';
import { pruneCapMessages } from './cap-store';
import type { CameraService } from '../cameras/service';
import { evaluateRule, type EvalContext } from './evaluate';
import { applyFindings, closeOrphans, expireTakeovers, pruneAlerts } from './lifecycle';
import { effectiveRules } from './rules';
import { stmt } from '../db/statements';

type Affected = { domains?: readonly string[]; feeds?: boolean; cameras?: boolean; all?: boolean };
type Emit = <E extends EventName>(event: E, data: HostEvents[E]) => void;

export interface AlertsRuntime {
  /** Evaluates the rules a change can affect: data of these domains, feed state, camera health, or everything. */
  evaluate(what: Affected): EvaluationResult;
  /** After a sync batch committed data of these domains: evaluates the rules that read them, and times it. */
  afterBatch(domains: readonly string[]): void;
  /** Tells displays and consoles that alerts changed (after a handler or another process changed them). */
  changed(takeover: boolean): void;
  /** Milliseconds of the last evaluations after a sync batch (newest last, at most 200). */
  readonly batchCosts: readonly number[];
  stop(): void;
}

export interface EvaluationResult {
  rules: number;
  raised: number[];
  cleared: number[];
  ms: number;
}

/** How often another process's writes (the CLI's `alerts ack`) are looked for: one cheap pragma. */
const WATCH_MS = 2_000;
const COSTS_KEPT = 200;

/**
 * The rules engine of one host: evaluates after every sync batch (only the rules that read the
 * changed domains), after every feed run (silence and CAP rules), and on a timer (all rules, wall
 * actions that ran out, pruning). Reacts within seconds to alerts acknowledged by another
 * process on the same database (`ioc-wall alerts ack`).
 */
export function startAlerts(opts: {
  db: Database.Database;
  config: HostConfig;
  emit: Emit;
  /** The wall follows an alert's wall action through the layout resolution; none in benchmarks. */
  layouts?: Pick<LayoutRuntime, 'announce'>;
  /** The camera health checks camera.down rules read; none in benchmarks and some tests. */
  cameras?: Pick<CameraService, 'down'>;
  now?: () => Date;
  timers?: boolean;
}): AlertsRuntime {
  const { db, config, emit, layouts } = opts;
  const now = opts.now ?? (() => new Date());
  const startedAt = now();
  const costs: number[] = [];
  let stopped = false;
  let lastFull = 0;
  let dataVersion = db.pragma('data_version', { simple: true }) as number;

  function counts(): HostEvents['alerts.changed'] {
    const r = stmt(
      db,
        `SELECT count(*) AS open, coalesce(sum(state = 'raised'), 0) AS raised,
           coalesce(sum(state = 'raised' AND severity = 'severe'), 0) AS severe,
           coalesce(sum(takeover = 'pending'), 0) AS pendingWall
         FROM alerts WHERE state IN ('raised', 'acknowledged')`,
      )
      .get() as { open: number; raised: number; severe: number; pendingWall: number };
    return { at: now().toISOString(), ...r };
  }

  function changed(takeover: boolean): void {
    emit('alerts.changed', counts());
    // The wall follows an alert's wall action (or its end) through the layout resolution.
    if (takeover) layouts?.announce();
  }

  function selected(rules: AlertRule[], what: Affected): AlertRule[] {
    if (what.all) return rules;
    return rules.filter((r) => {
      const d = ruleDomains(r);
      if (d === 'feeds' || d === 'cap') return what.feeds === true;
      if (d === 'cameras') return what.cameras === true;
      return (what.domains ?? []).some((x) => d.includes(x));
    });
  }

  function evaluate(what: Affected): EvaluationResult {
    // A sync run that ends while the host closes must not reach a closed database.
    if (!db.open) return { rules: 0, raised: [], cleared: [], ms: 0 };
    const t0 = performance.now();
    const all = effectiveRules(db, config).map((e) => e.rule);
    const enabled = all.filter((r) => r.enabled);
    const rules = selected(enabled, what);
    const at = now();
    const ctx: EvalContext = { db, config, now: at, startedAt, memo: new Map(), cameras: opts.cameras ?? null };
    const raised: number[] = [];
    const cleared: number[] = [];
    let updated = 0;
    let takeover = false;
    db.transaction(() => {
      for (const rule of rules) {
        try {
          const c = applyFindings(db, rule, evaluateRule(ctx, rule), at);
          // Loops, not push(...): a rule grouped by an attribute may find any number of groups.
          for (const id of c.raised) raised.push(id);
          for (const id of c.cleared) cleared.push(id);
          updated += c.updated;
          takeover ||= c.takeover;
        } catch (err) {
          // One broken rule (a KPI that no longer exists…) must not stop the others.
          console.error(`[alerts] rule ${rule.id} could not be evaluated:`, err instanceof Error ? err.message : err);
        }
      }
      if (what.all) {
        const orphans = closeOrphans(db, new Set(enabled.map((r) => r.id)), at);
        for (const id of orphans) cleared.push(id);
        if (orphans.length) takeover = true;
        if (expireTakeovers(db, at)) takeover = true;
      }
    })();
    const ms = performance.now() - t0;
    if (raised.length || cleared.length || updated || takeover) changed(takeover || raised.length > 0 || cleared.length > 0);
    return { rules: rules.length, raised, cleared, ms };
  }

  function afterBatch(domains: readonly string[]): void {
    if (stopped || !db.open) return;
    const r = evaluate({ domains });
    if (r.rules > 0) {
      costs.push(r.ms);
      if (costs.length > COSTS_KEPT) costs.shift();
    }
  }

  let timer: ReturnType<typeof setInterval> | null = null;
  function tick(): void {
    if (stopped) return;
    if (!db.open) return stop();
    try {
      const t = now().getTime();
      // A last evaluation "in the future" means the clock stepped back since (NTP, an operator):
      // due now, or no timed rule (overdue reports, silent feeds, cameras down) would run again
      // until the clock caught up, hours or days later.
      if (t - lastFull >= config.alerts.evaluateEverySec * 1000 || t < lastFull) {
        lastFull = t;
        evaluate({ all: true });
        pruneAlerts(db, now(), config.alerts.keepDays);
        pruneCapMessages(db, now());
      }
      // Another process (the CLI) wrote: alerts may have been acknowledged or resolved there.
      const v = db.pragma('data_version', { simple: true }) as number;
      if (v !== dataVersion) {
        dataVersion = v;
        changed(true);
      }
    } catch (err) {
      console.error('[alerts] evaluation failed:', err instanceof Error ? err.message : err);
    }
  }

  function stop(): void {
    stopped = true;
    if (timer) clearInterval(timer);
    timer = null;
  }

  const runtime: AlertsRuntime = {
    evaluate,
    afterBatch,
    changed,
    get batchCosts() {
      return costs;
    },
    stop,
  };
  if (opts.timers !== false) {
    timer = setInterval(tick, WATCH_MS);
    timer.unref?.();
    // The first full evaluation right away: a new installation sees its demo alerts at start.
    tick();
  }
  return runtime;
}

/** Feeds host events to the rules engine: `changed` after a batch commit, `feeds.changed` after a feed run, `cameras.changed` after a camera's health changed. */
export function alertsListener(rt: AlertsRuntime): <E extends EventName>(event: E, data: HostEvents[E]) => void {
  return (event, data) => {
    try {
      if (event === 'changed') rt.afterBatch((data as HostEvents['changed']).domains);
      else if (event === 'feeds.changed') rt.evaluate({ feeds: true });
      // A camera's health changed: a camera.down alert may clear (or one long down may rise).
      else if (event === 'cameras.changed') rt.evaluate({ cameras: true });
    } catch (err) {
      console.error('[alerts] evaluation after sync failed:', err instanceof Error ? err.message : err);
    }
  };
}
