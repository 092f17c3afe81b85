import type Database from 'better-sqlite3';
import { alertPanel, type Alert, type AlertRule, type AlertState } from '../../domains/alerts';
import { stmt } from '../db/statements';
import { AlertError } from './errors';
import type { Findings } from './evaluate';
import { audit } from './rules';

/**
 * The alert lifecycle in SQLite: raised → acknowledged (who, note) → cleared (the condition gone
 * for the rule's clearAfterMinutes) or resolved by hand. At most one open alert per rule and area
 * (a unique partial index backs this up); every transition is written to the audit log in the
 * same transaction as the change.
 */

interface AlertRow {
  id: number;
  rule_id: string;
  area_id: string;
  state: AlertState;
  kind: Alert['kind'];
  severity: Alert['severity'];
  rule_name: string;
  rule_name_en: string;
  value: number | null;
  detail: string;
  raised_at: string;
  last_true_at: string;
  false_since: string | null;
  acked_at: string | null;
  acked_by: string | null;
  ack_note: string | null;
  closed_at: string | null;
  closed_by: string | null;
  close_note: string | null;
  takeover: Alert['takeover'];
  takeover_preset: string | null;
  takeover_until: string | null;
  takeover_at: string | null;
  area_name?: string | null;
}

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

function toAlert(r: AlertRow, panels: Map<string, string | null>): Alert {
  return {
    id: r.id,
    rule: r.rule_id,
    ruleName: r.rule_name,
    ruleNameEn: r.rule_name_en,
    kind: r.kind,
    severity: r.severity,
    area: r.area_id,
    areaName: r.area_name ?? (r.area_id === '70' ? 'Bình Phước' : r.area_id),
    state: r.state,
    value: r.value,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
    raisedAt: r.raised_at,
    lastTrueAt: r.last_true_at,
    acknowledgedAt: r.acked_at,
    acknowledgedBy: r.acked_by,
    note: r.ack_note,
    closedAt: r.closed_at,
    closedBy: r.closed_by,
    closeNote: r.close_note,
    takeover: r.takeover,
    takeoverPresetId: r.takeover_preset,
    panel: panels.get(r.rule_id) ?? null,
  };
}

export interface LifecycleChange {
  raised: number[];
  cleared: number[];
  updated: number;
  /** A wall action began, ended or now waits for the operator. */
  takeover: boolean;
}

/**
 * How far behind the clock an open alert's stored last_true_at may fall while its condition
 * holds, before it is written again. Written at every evaluation it cost one row write per open
 * alert per evaluation (in a storm of 2,000 alerts, 2,000 writes a minute and more, since every
 * sync batch evaluates too). Nothing decides by it: the hysteresis runs from false_since (set at
 * the first evaluation that finds the condition gone, and cleared by any that finds it again),
 * the screens and the CLI show raisedAt, and an open alert without false_since is true now,
 * whatever the column says. It is only reported (Alert.lastTrueAt), where "last seen true"
 * to within ten minutes is what anyone reading a closed alert's history can use; a change of
 * value or detail, or the condition coming back, still writes it at once.
 */
export const LAST_TRUE_STEP_MS = 10 * 60_000;

const emptyChange = (): LifecycleChange => ({ raised: [], cleared: [], updated: 0, takeover: false });

/**
 * Applies one rule's findings at `now`: raises for new areas (unless a hand-resolved alert there
 * still waits for its condition to go), refreshes open ones, starts or finishes the hysteresis
 * of open alerts whose condition is gone. Call inside a transaction with the other rules.
 */
export function applyFindings(db: Database.Database, rule: AlertRule, findings: Findings, now: Date): LifecycleChange {
  const change = emptyChange();
  const at = iso(now);
  const open = stmt(db, `SELECT * FROM alerts WHERE rule_id = ? AND state IN ('raised', 'acknowledged')`).all(rule.id) as AlertRow[];
  const openByArea = new Map(open.map((r) => [r.area_id, r] as const));

  // Areas whose condition is gone re-arm a hand-resolved alert there.
  const rearm = stmt(db, `SELECT id, area_id FROM alerts WHERE rule_id = ? AND rearm_pending = 1`).all(rule.id) as { id: number; area_id: string }[];
  const waiting = new Set<string>();
  for (const r of rearm) {
    if (findings.has(r.area_id)) waiting.add(r.area_id);
    else stmt(db, `UPDATE alerts SET rearm_pending = 0 WHERE id = ?`).run(r.id);
  }

  for (const [area, f] of findings) {
    const row = openByArea.get(area);
    const detail = JSON.stringify(f.detail);
    if (row) {
      // Still true and nothing else to say: no change to tell every display and console about,
      // and no row to write unless the time it was last seen true has fallen LAST_TRUE_STEP_MS
      // behind (or lies ahead: the clock was set back).
      const same = row.value === f.value && row.detail === detail && row.false_since === null && row.severity === rule.severity && row.rule_name === rule.name && row.rule_name_en === (rule.nameEn ?? rule.name);
      if (same) {
        const behind = now.getTime() - Date.parse(row.last_true_at);
        if (!(behind >= 0 && behind < LAST_TRUE_STEP_MS)) stmt(db, `UPDATE alerts SET last_true_at = ? WHERE id = ?`).run(at, row.id);
        continue;
      }
      stmt(db, `UPDATE alerts SET value = ?, detail = ?, last_true_at = ?, false_since = NULL, severity = ?, rule_name = ?, rule_name_en = ? WHERE id = ?`).run(
          f.value,
          detail,
          at,
          rule.severity,
          rule.name,
          rule.nameEn ?? rule.name,
          row.id,
        );
      change.updated++;
      continue;
    }
    if (waiting.has(area)) continue;
    const wall = rule.wall;
    const takeover = wall ? (wall.mode === 'auto' ? 'active' : 'pending') : 'none';
    const until = wall?.minutes && takeover === 'active' ? iso(new Date(now.getTime() + wall.minutes * 60_000)) : null;
    const id = Number(
      stmt(
        db,
          `INSERT INTO alerts (rule_id, area_id, state, kind, severity, rule_name, rule_name_en, value, detail, raised_at, last_true_at,
             takeover, takeover_preset, takeover_until, takeover_at)
           VALUES (?, ?, 'raised', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(rule.id, area, rule.kind, rule.severity, rule.name, rule.nameEn ?? rule.name, f.value, detail, at, at, takeover, wall?.presetId ?? null, until, takeover === 'active' ? at : null)
        .lastInsertRowid,
    );
    audit(db, 'rules', 'alert.raise', { id, rule: rule.id, area, value: f.value, detail: f.detail }, now);
    change.raised.push(id);
    if (takeover !== 'none') change.takeover = true;
  }

  for (const row of open) {
    if (findings.has(row.area_id)) continue;
    // A false_since after now was written before the clock stepped back (NTP): the wait starts
    // again now, else the alert (and a wall action held until it clears) stayed the step's length.
    const restart = row.false_since === null || Date.parse(row.false_since) > now.getTime();
    const since = restart ? at : (row.false_since ?? at);
    if (restart) stmt(db, `UPDATE alerts SET false_since = ? WHERE id = ?`).run(at, row.id);
    if (now.getTime() - Date.parse(since) >= rule.clearAfterMinutes * 60_000) {
      close(db, row, 'cleared', 'rules', null, now);
      change.cleared.push(row.id);
      if (row.takeover === 'active' || row.takeover === 'pending') change.takeover = true;
    }
  }
  return change;
}

function close(db: Database.Database, row: AlertRow, state: 'cleared' | 'resolved', actor: string, note: string | null, now: Date): void {
  const endTakeover = row.takeover === 'active' || row.takeover === 'pending';
  stmt(
    db,
    `UPDATE alerts SET state = ?, closed_at = ?, closed_by = ?, close_note = ?, rearm_pending = ?,
       takeover = CASE WHEN ? THEN 'ended' ELSE takeover END WHERE id = ?`,
  ).run(state, iso(now), actor, note, state === 'resolved' ? 1 : 0, endTakeover ? 1 : 0, row.id);
  audit(db, actor, state === 'cleared' ? 'alert.clear' : 'alert.resolve', { id: row.id, rule: row.rule_id, area: row.area_id, note }, now);
}

/**
 * Alerts of a rule that no longer exists or is switched off are closed: nothing will ever clear
 * them. Its resolved alerts stop waiting to re-arm: no evaluation of that rule will ever end the wait.
 */
export function closeOrphans(db: Database.Database, liveRuleIds: ReadonlySet<string>, now: Date): number[] {
  const waiting = stmt(db, `SELECT DISTINCT rule_id FROM alerts WHERE rearm_pending = 1`).pluck().all() as string[];
  for (const ruleId of waiting) if (!liveRuleIds.has(ruleId)) stmt(db, `UPDATE alerts SET rearm_pending = 0 WHERE rule_id = ? AND rearm_pending = 1`).run(ruleId);
  const open = stmt(db, `SELECT * FROM alerts WHERE state IN ('raised', 'acknowledged')`).all() as AlertRow[];
  const out: number[] = [];
  for (const row of open) {
    if (liveRuleIds.has(row.rule_id)) continue;
    close(db, row, 'cleared', 'rules', 'quy tắc đã tắt hoặc bị xoá / rule switched off or deleted', now);
    out.push(row.id);
  }
  return out;
}

function getRow(db: Database.Database, id: number): AlertRow {
  const row = stmt(db, `SELECT * FROM alerts WHERE id = ?`).get(id) as AlertRow | undefined;
  if (!row) throw new AlertError('not_found', `Không có cảnh báo số ${id} / There is no alert ${id}.`);
  return row;
}

/** Acknowledge: who and a note. The wall action of a rule held "until acknowledged" ends. */
export function acknowledge(db: Database.Database, id: number, note: string, actor: string, now = new Date(), holdUntilAck?: (ruleId: string) => boolean): Alert {
  return db.transaction(() => {
    const row = getRow(db, id);
    if (row.state !== 'raised') {
      throw new AlertError(
        'conflict',
        `Cảnh báo ${id} đang ở trạng thái "${row.state}", không thể xác nhận / Alert ${id} is ${row.state} and cannot be acknowledged.`,
      );
    }
    const endTakeover = row.takeover === 'pending' || (row.takeover === 'active' && (holdUntilAck?.(row.rule_id) ?? false));
    stmt(
      db,
      `UPDATE alerts SET state = 'acknowledged', acked_at = ?, acked_by = ?, ack_note = ?,
         takeover = CASE WHEN ? THEN 'ended' ELSE takeover END WHERE id = ?`,
    ).run(iso(now), actor, note, endTakeover ? 1 : 0, id);
    audit(db, actor, 'alert.acknowledge', { id, rule: row.rule_id, area: row.area_id, note }, now);
    return getAlert(db, id);
  })();
}

/**
 * Acknowledges every raised alert of one rule with one note (a storm of one rule in many
 * districts); each is written and audited exactly as a single acknowledge. The ids acknowledged.
 */
export function acknowledgeRule(
  db: Database.Database,
  ruleId: string,
  note: string,
  actor: string,
  now = new Date(),
  holdUntilAck?: (ruleId: string) => boolean,
): number[] {
  return db.transaction(() => {
    const ids = stmt(db, `SELECT id FROM alerts WHERE rule_id = ? AND state = 'raised' ORDER BY id`).pluck().all(ruleId) as number[];
    for (const id of ids) acknowledge(db, id, note, actor, now, holdUntilAck);
    return ids;
  })();
}

/** Resolve by hand: closed now; not raised again for this area until its condition has gone once. */
export function resolve(db: Database.Database, id: number, note: string, actor: string, now = new Date()): Alert {
  return db.transaction(() => {
    const row = getRow(db, id);
    if (row.state === 'cleared' || row.state === 'resolved') {
      throw new AlertError('conflict', `Cảnh báo ${id} đã đóng (${row.state}) / Alert ${id} is already ${row.state}.`);
    }
    close(db, row, 'resolved', actor, note, now);
    return getAlert(db, id);
  })();
}

/** The operator's answer to a rule that asks before switching the wall. */
export function answerTakeover(db: Database.Database, id: number, accept: boolean, actor: string, minutes: number | undefined, now = new Date()): Alert {
  return db.transaction(() => {
    const row = getRow(db, id);
    if (row.takeover !== 'pending') {
      throw new AlertError('conflict', `Cảnh báo ${id} không chờ chuyển tường / Alert ${id} is not waiting for a wall switch (${row.takeover}).`);
    }
    const until = accept && minutes ? iso(new Date(now.getTime() + minutes * 60_000)) : null;
    stmt(db, `UPDATE alerts SET takeover = ?, takeover_until = ?, takeover_at = ? WHERE id = ?`).run(accept ? 'active' : 'declined', until, iso(now), id);
    audit(db, actor, accept ? 'alert.takeover.confirm' : 'alert.takeover.decline', { id, rule: row.rule_id, area: row.area_id, preset: row.takeover_preset }, now);
    return getAlert(db, id);
  })();
}

/** Ends wall actions whose time is up. true when one ended (or was re-timed after a clock step). */
export function expireTakeovers(db: Database.Database, now: Date): boolean {
  // A timed wall action taken "after" now was taken before the clock stepped back (NTP, by hours
  // or a day): its end would come the step's length late, the wall held all that time. Every active
  // action stamped after now, timed or not, moves back by one amount — the step is at least how far
  // ahead the newest stamp is — so the newest is taken now and a timed one holds at most its minutes
  // from now (never the step), while the wall keeps the newest action: re-timing only the timed ones
  // to now made an older "until cleared" action the newest, and it took the wall.
  const stepped = (
    stmt(db, `SELECT id, takeover_at, takeover_until FROM alerts WHERE takeover = 'active' AND takeover_at > ?`).all(iso(now)) as {
      id: number;
      takeover_at: string;
      takeover_until: string | null;
    }[]
  ).filter((r) => Number.isFinite(Date.parse(r.takeover_at)));
  const stepMs = Math.max(0, ...stepped.map((r) => Date.parse(r.takeover_at) - now.getTime()));
  const back = (t: string | null) => (t === null || !Number.isFinite(Date.parse(t)) ? t : iso(new Date(Date.parse(t) - stepMs)));
  for (const r of stepped) {
    stmt(db, `UPDATE alerts SET takeover_at = ?, takeover_until = ? WHERE id = ?`).run(back(r.takeover_at), back(r.takeover_until), r.id);
  }
  const rows = stmt(db, `SELECT id FROM alerts WHERE takeover = 'active' AND takeover_until IS NOT NULL AND takeover_until <= ?`).all(iso(now)) as { id: number }[];
  for (const r of rows) {
    stmt(db, `UPDATE alerts SET takeover = 'ended' WHERE id = ?`).run(r.id);
    audit(db, 'rules', 'alert.takeover.end', { id: r.id, reason: 'time' }, now);
  }
  return rows.length > 0 || stepped.length > 0;
}

/** The wall action in force: the newest active one (severe first). */
export function activeTakeover(db: Database.Database): { alertId: number; presetId: string; areaId: string; since: string; until: string | null } | null {
  const r = stmt(
    db,
      `SELECT id, takeover_preset, area_id, takeover_at, takeover_until FROM alerts WHERE takeover = 'active'
       ORDER BY severity = 'severe' DESC, takeover_at DESC, id DESC LIMIT 1`,
    )
    .get() as { id: number; takeover_preset: string; area_id: string; takeover_at: string; takeover_until: string | null } | undefined;
  return r ? { alertId: r.id, presetId: r.takeover_preset, areaId: r.area_id, since: r.takeover_at, until: r.takeover_until } : null;
}

const SELECT = `SELECT a.*, (SELECT name FROM areas WHERE id = a.area_id ORDER BY version DESC LIMIT 1) AS area_name FROM alerts a`;

/** Severity as a number for ordering (severe first). */
const SEVERITY_ORDER = `CASE severity WHEN 'severe' THEN 2 WHEN 'warning' THEN 1 ELSE 0 END`;

/**
 * Alerts in these states (open ones by default), at most `limit`, in the order a screen shows
 * them: raised before acknowledged, the most severe first, then each rule's newest before any
 * rule's second (so one rule with thousands of alerts cannot crowd out the others), then newest.
 */
export function listAlerts(
  db: Database.Database,
  opts: { states?: readonly AlertState[]; limit?: number; rules?: readonly AlertRule[] } = {},
): Alert[] {
  const states = opts.states?.length ? opts.states : (['raised', 'acknowledged'] as const);
  const rows = stmt(
    db,
    `WITH ranked AS (
       SELECT a.*, ${SEVERITY_ORDER} AS sev, row_number() OVER (PARTITION BY rule_id, state = 'raised', severity ORDER BY raised_at DESC, id DESC) AS rule_rank
       FROM alerts a WHERE a.state IN (${states.map(() => '?').join(',')}))
     SELECT r.*, (SELECT name FROM areas WHERE id = r.area_id ORDER BY version DESC LIMIT 1) AS area_name FROM ranked r
     ORDER BY r.state = 'raised' DESC, r.sev DESC, r.rule_rank, r.raised_at DESC, r.id DESC LIMIT ?`,
  ).all(...states, opts.limit ?? 500) as AlertRow[];
  const panels = new Map((opts.rules ?? []).map((r) => [r.id, alertPanel(r)] as const));
  return rows.map((r) => toAlert(r, panels));
}

/** How many alerts are in these states (open ones by default), and of them how many severe ones are raised. */
export function countAlerts(db: Database.Database, states?: readonly AlertState[]): { total: number; severeRaised: number } {
  const s = states?.length ? states : (['raised', 'acknowledged'] as const);
  return stmt(
    db,
    `SELECT count(*) AS total, coalesce(sum(state = 'raised' AND severity = 'severe'), 0) AS severeRaised FROM alerts WHERE state IN (${s.map(() => '?').join(',')})`,
  ).get(...s) as { total: number; severeRaised: number };
}

export function getAlert(db: Database.Database, id: number, rules: readonly AlertRule[] = []): Alert {
  const row = stmt(db, `${SELECT} WHERE a.id = ?`).get(id) as AlertRow | undefined;
  if (!row) throw new AlertError('not_found', `Không có cảnh báo số ${id} / There is no alert ${id}.`);
  return toAlert(row, new Map(rules.map((r) => [r.id, alertPanel(r)] as const)));
}

/**
 * Deletes closed alerts older than `keepDays` (the table stays as small as the history kept),
 * a resolved one still waiting to re-arm as well: a condition true for longer than the history
 * kept may raise again, which is better than a row kept forever.
 */
export function pruneAlerts(db: Database.Database, now: Date, keepDays: number): number {
  const before = iso(new Date(now.getTime() - keepDays * 86_400_000));
  return stmt(db, `DELETE FROM alerts WHERE state IN ('cleared', 'resolved') AND closed_at < ?`).run(before).changes;
}
