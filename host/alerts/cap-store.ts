import type Database from 'better-sqlite3';
import { stmt } from '../db/statements';
import { CAP_DEFAULT_HOURS, capEffective, capSeverityRank, capExpires, capWorstSeverity, type CapMessage, type CapWarning } from '../../domains';

/**
 * CAP messages in SQLite (migration 009). Update and Cancel are resolved here, through
 * `references` (sender + identifier; the `sent` of a reference is not compared because senders
 * spell its offset differently): the messages named are marked superseded (Update) or
 * cancelled (Cancel). A message that arrives after the one replacing it is marked at once.
 * Only a message of the same status replaces (a Test never touches an Actual warning), and only
 * Update and Cancel do (never Ack or Error).
 */

interface Stmts {
  insert: Database.Statement;
  supersede: Database.Statement;
  cancel: Database.Statement;
  replacedBy: Database.Statement;
}
const cache = new WeakMap<Database.Database, Stmts>();

function stmts(db: Database.Database): Stmts {
  let s = cache.get(db);
  if (!s) {
    s = {
      insert: db.prepare(`INSERT INTO cap_messages (identifier, sender, sent, feed_id, status, msg_type, refs, severity, expires, body, received_at)
        VALUES (@identifier, @sender, @sent, @feed, @status, @msgType, @refs, @severity, @expires, @body, @at)
        ON CONFLICT (sender, identifier, sent) DO NOTHING`),
      supersede: db.prepare(`UPDATE cap_messages SET superseded_by = ? WHERE sender = ? AND identifier = ? AND status = ? AND superseded_by IS NULL`),
      cancel: db.prepare(`UPDATE cap_messages SET cancelled = 1, superseded_by = coalesce(superseded_by, ?) WHERE sender = ? AND identifier = ? AND status = ?`),
      // Only an Update or a Cancel of the same status replaces: an Ack or Error naming a message
      // (a relay's receipt, arriving first) must not make it count as replaced.
      replacedBy: db.prepare(`SELECT m.identifier, m.msg_type AS msgType FROM cap_messages m, json_each(m.refs) r
        WHERE m.msg_type IN ('Update', 'Cancel') AND m.status = ?
          AND json_extract(r.value, '$.sender') = ? AND json_extract(r.value, '$.identifier') = ?
        ORDER BY m.msg_type = 'Cancel' DESC LIMIT 1`),
    };
    cache.set(db, s);
  }
  return s;
}

/** Stores one message (a repeat is ignored) and applies its references. true when it was new. */
export function storeCapMessage(db: Database.Database, feedId: string, m: CapMessage, at: string): boolean {
  const s = stmts(db);
  const added =
    s.insert.run({
      identifier: m.identifier,
      sender: m.sender,
      sent: m.sent,
      feed: feedId,
      status: m.status,
      msgType: m.msgType,
      refs: JSON.stringify(m.references),
      severity: capWorstSeverity(m),
      expires: capExpires(m),
      body: JSON.stringify(m),
      at,
    }).changes > 0;
  if (!added) return false;
  // CAP 1.2 §3.2.1: a Test, Exercise, System or Draft message is not real, so it only ever
  // replaces messages of its own status (a Test Cancel naming a real warning leaves it in force);
  // Ack and Error acknowledge or report on a message and never replace or withdraw it.
  for (const r of m.references) {
    if (m.msgType === 'Cancel') s.cancel.run(m.identifier, r.sender, r.identifier, m.status);
    else if (m.msgType === 'Update') s.supersede.run(m.identifier, r.sender, r.identifier, m.status);
  }
  // Out of order: this message was already replaced or withdrawn by one stored earlier.
  const later = s.replacedBy.get(m.status, m.sender, m.identifier) as { identifier: string; msgType: string } | undefined;
  if (later) {
    if (later.msgType === 'Cancel') s.cancel.run(later.identifier, m.sender, m.identifier, m.status);
    else s.supersede.run(later.identifier, m.sender, m.identifier, m.status);
  }
  return true;
}

interface Row {
  identifier: string;
  sender: string;
  sent: string;
  msg_type: CapMessage['msgType'];
  severity: CapWarning['severity'];
  expires: string | null;
  feed_id: string;
  body: string;
}

/**
 * A message's end as stored, or, for one stored before every message had an end (expires NULL:
 * no `expires` given), CAP_DEFAULT_HOURS after it was sent.
 */
const END = `coalesce(expires, strftime('%Y-%m-%dT%H:%M:%fZ', sent, '+${CAP_DEFAULT_HOURS} hours'))`;

/** At most this many warnings go to the screens (alerts.capWarnings): the worst, then the newest. */
export const CAP_SCREEN_LIMIT = 500;

/** The stored severity's rank in SQL, as capSeverityRank orders them. */
const SEVERITY_RANK = `CASE severity WHEN 'Extreme' THEN 4 WHEN 'Severe' THEN 3 WHEN 'Moderate' THEN 2 WHEN 'Minor' THEN 1 ELSE 0 END`;

export interface ActiveCapOptions {
  /**
   * Only warnings at least this severe (filtered in SQL, before any limit): the rules ask for the
   * warnings that can match them, so a feed of hundreds of Minor warnings never hides a Severe one.
   */
  minSeverity?: CapWarning['severity'];
  /** At most this many, the worst severity first, then the newest; none by default (the rules see every warning). */
  limit?: number;
}

/**
 * Warnings in force at `now`: real (status Actual) public (scope Public) alerts and updates,
 * neither replaced nor cancelled, already effective (a stated CAP `effective`) and not yet
 * ended (`expires`, else CAP_DEFAULT_HOURS after `effective`/`sent`: see capExpires). The worst
 * severity first, then the newest.
 *
 * Private and Restricted warnings are meant for named addressees only (CAP 1.2 §3.2.1 scope):
 * they stay stored but raise no alert and are not drawn on the public wall or console.
 */
export function activeCapWarnings(db: Database.Database, now: Date, opts: ActiveCapOptions = {}): CapWarning[] {
  const at = now.toISOString();
  const min = opts.minSeverity ? capSeverityRank(opts.minSeverity) : 0;
  // Prepared once per database (stmt): asked every minute and on every alerts.capWarnings.
  const rows = stmt(
    db,
    `SELECT identifier, sender, sent, msg_type, severity, ${END} AS expires, feed_id, body FROM cap_messages
       WHERE superseded_by IS NULL AND cancelled = 0 AND status = 'Actual' AND msg_type IN ('Alert', 'Update')
         AND coalesce(json_extract(body, '$.scope'), 'Public') = 'Public'
         AND ${END} > ? AND ${SEVERITY_RANK} >= ?
       ORDER BY ${SEVERITY_RANK} DESC, sent DESC, rowid DESC`,
  ).all(at, min) as Row[];
  const out: CapWarning[] = [];
  for (const r of rows) {
    const m = JSON.parse(r.body) as CapMessage;
    // Not yet in force: raised when its effective time comes (the rules run every minute). Only
    // a stated `effective` delays it: a `sent` ahead of this clock is the sender's clock skew, and
    // hiding the message until then would also hide the warning it just replaced.
    if (m.info.some((i) => i.effective) && capEffective(m) > at) continue;
    out.push({
      identifier: r.identifier,
      sender: r.sender,
      sent: r.sent,
      msgType: r.msg_type,
      severity: r.severity,
      expires: r.expires,
      feedId: r.feed_id,
      info: m.info,
    });
    if (opts.limit !== undefined && out.length >= opts.limit) break;
  }
  return out;
}

/** Forgets messages that ended (expired, replaced, cancelled) more than `keepDays` ago. */
export function pruneCapMessages(db: Database.Database, now: Date, keepDays = 30): number {
  const before = new Date(now.getTime() - keepDays * 86_400_000).toISOString();
  return stmt(db, `DELETE FROM cap_messages WHERE ${END} < ? OR ((superseded_by IS NOT NULL OR cancelled = 1) AND received_at < ?)`).run(before, before).changes;
}
