import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ActionKind } from '../../sync/store';
import { durably } from '../db/durable';
import { audit } from '../store/audit';

export interface HotlineActionInput {
  eventId: string;
  action: ActionKind;
  /** assign: the agency the report goes to. */
  agency?: string;
  /** note / resolve: the operator's words. */
  note?: string;
}

export interface HotlineActionResult {
  eventId: string;
  status: string;
  seq: number;
  idempotencyKey: string;
}

interface EventRow {
  id: string;
  status: string;
  agency: string | null;
  attrs: string;
  source: string;
}

/** An id as a refusal quotes it: a caller may send any length, and the answer should not carry it back whole. */
const quoted = (id: string) => JSON.stringify(id.length > 80 ? `${id.slice(0, 80)}…` : id);

/** The report came from another source than the feed the actions endpoint is tied to. */
export class ForeignReportError extends Error {
  constructor(id: string, source: string, feed: string | null) {
    super(
      feed === null
        ? `Chưa xác định nguồn dữ liệu của hệ thống nhận thao tác (có nhiều nguồn Open311) / ` +
            `The actions endpoint is not tied to a feed (there are several Open311 feeds): set sync.actionsEndpoint.feed`
        : `Phản ánh ${quoted(id)} đến từ nguồn "${source}", không phải nguồn "${feed}" của hệ thống nhận thao tác; không thể xử lý tại đây / ` +
            `Report ${quoted(id)} came from "${source}", not from "${feed}", the feed tied to the actions endpoint: it cannot be acted on here`,
    );
    this.name = 'ForeignReportError';
  }
}

export class UnknownEventError extends Error {
  constructor(id: string) {
    super(`Không tìm thấy phản ánh ${quoted(id)} / No hotline report ${quoted(id)}`);
    this.name = 'UnknownEventError';
  }
}

/** The state an action moves a report to (catalog's hotline states). */
function nextStatus(action: ActionKind, current: string): string {
  switch (action) {
    case 'acknowledge':
      return current === 'received' ? 'inProgress' : current;
    case 'assign':
      return 'assigned';
    case 'resolve':
      return 'resolved';
    case 'note':
      return current;
  }
}

/**
 * An operator action on a hotline report: the events row changes at once (the wall shows it) and
 * the action is queued in the outbox in the same transaction, with its idempotency key, for the
 * actions endpoint. Nothing waits for the network.
 */
export function applyHotlineAction(
  db: Database.Database,
  input: HotlineActionInput,
  actor: string,
  now: Date = new Date(),
  /** The feed tied to the actions endpoint: reports of other sources are refused. Undefined: no endpoint, accept. */
  feed?: string | null,
): HotlineActionResult {
  const at = now.toISOString();
  // FULL sync: the operator sees the action confirmed; a power cut must not take it back.
  return durably(db, (): HotlineActionResult => {
    const ev = db.prepare<[string], EventRow>(`SELECT id, status, agency, attrs, source FROM events WHERE id = ?`).get(input.eventId);
    if (!ev) throw new UnknownEventError(input.eventId);
    if (feed !== undefined && ev.source !== feed) throw new ForeignReportError(ev.id, ev.source, feed);
    const status = nextStatus(input.action, ev.status);
    const attrs = JSON.parse(ev.attrs) as Record<string, unknown>;
    const notes = Array.isArray(attrs.notes) ? [...(attrs.notes as unknown[])] : [];
    notes.push({
      datetime: at,
      type: input.action,
      description: input.note ?? (input.action === 'assign' ? `→ ${input.agency}` : input.action),
      by: actor,
    });
    attrs.notes = notes;
    const agency = input.action === 'assign' ? (input.agency ?? ev.agency) : ev.agency;
    db.prepare(
      `UPDATE events SET status = ?, agency = ?, attrs = ?, updated_at = ?,
         closed_at = CASE WHEN ? = 'resolved' THEN ? ELSE closed_at END WHERE id = ?`,
    ).run(status, agency, JSON.stringify(attrs), at, status, at, ev.id);
    const key = randomUUID();
    const serviceRequestId = (attrs.serviceRequestId as string | undefined) ?? ev.id.slice(ev.id.indexOf(':') + 1);
    const payload = {
      idempotency_key: key,
      service_request_id: serviceRequestId,
      event_id: ev.id,
      action: input.action,
      status,
      agency_responsible: input.action === 'assign' ? input.agency : undefined,
      note: input.note,
      updated_datetime: at,
    };
    const seq = Number(
      db
        .prepare(
          `INSERT INTO outbox (idempotency_key, event_id, action, payload, actor, created_at, feed_id) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(key, ev.id, input.action, JSON.stringify(payload), actor, at, ev.source).lastInsertRowid,
    );
    audit(db, actor, `hotline.${input.action}`, { eventId: ev.id, status, agency: input.agency, note: input.note, outboxSeq: seq }, at);
    db.prepare(
      `INSERT INTO domain_freshness (domain, updated_at, source) VALUES ('hotline', ?, 'operator')
       ON CONFLICT (domain) DO UPDATE SET updated_at = excluded.updated_at, source = excluded.source`,
    ).run(at);
    return { eventId: ev.id, status, seq, idempotencyKey: key };
  });
}
