import type Database from 'better-sqlite3';
import { capExpires, capWorstSeverity, type CapMessage, type CapWarning } from '../../domains';

/**
 * CAP messages in SQLite (migration 009). Update and Cancel are resolved here, through
 * `references` (sender + identifier; the `sent` of a reference is not compared because senders
 * spell its offset differently): the messages named are marked superseded (Update) or
 * cancelled (Cancel). A message that arrives after the one replacing it is marked at once.
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
      supersede: db.prepare(`UPDATE cap_messages SET superseded_by = ? WHERE sender = ? AND identifier = ? AND superseded_by IS NULL`),
      cancel: db.prepare(`UPDATE cap_messages SET cancelled = 1, superseded_by = coalesce(superseded_by, ?) WHERE sender = ? AND identifier = ?`),
      replacedBy: db.prepare(`SELECT m.identifier, m.msg_type AS msgType FROM cap_messages m, json_each(m.refs) r
        WHERE json_extract(r.value, '$.sender') = ? AND json_extract(r.value, '$.identifier') = ? LIMIT 1`),
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
  for (const r of m.references) {
    if (m.msgType === 'Cancel') s.cancel.run(m.identifier, r.sender, r.identifier);
    else if (m.msgType === 'Update') s.supersede.run(m.identifier, r.sender, r.identifier);
  }
  // Out of order: this message was already replaced or withdrawn by one stored earlier.
  const later = s.replacedBy.get(m.sender, m.identifier) as { identifier: string; msgType: string } | undefined;
  if (later) {
    if (later.msgType === 'Cancel') s.cancel.run(later.identifier, m.sender, m.identifier);
    else s.supersede.run(later.identifier, m.sender, m.identifier);
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
 * Warnings in force at `now`: real (status Actual) alerts and updates, neither replaced nor
 * cancelled nor expired. Newest first.
 */
export function activeCapWarnings(db: Database.Database, now: Date): CapWarning[] {
  const rows = db
    .prepare(
      `SELECT identifier, sender, sent, msg_type, severity, expires, feed_id, body FROM cap_messages
       WHERE superseded_by IS NULL AND cancelled = 0 AND status = 'Actual' AND msg_type IN ('Alert', 'Update')
         AND (expires IS NULL OR expires > ?)
       ORDER BY sent DESC LIMIT 500`,
    )
    .all(now.toISOString()) as Row[];
  return rows.map((r) => ({
    identifier: r.identifier,
    sender: r.sender,
    sent: r.sent,
    msgType: r.msg_type,
    severity: r.severity,
    expires: r.expires,
    feedId: r.feed_id,
    info: (JSON.parse(r.body) as CapMessage).info,
  }));
}

/** Forgets messages that ended (expired, replaced, cancelled) more than `keepDays` ago. */
export function pruneCapMessages(db: Database.Database, now: Date, keepDays = 30): number {
  const before = new Date(now.getTime() - keepDays * 86_400_000).toISOString();
  return db
    .prepare(`DELETE FROM cap_messages WHERE (expires IS NOT NULL AND expires < ?) OR ((superseded_by IS NOT NULL OR cancelled = 1) AND received_at < ?)`)
    .run(before, before).changes;
}
