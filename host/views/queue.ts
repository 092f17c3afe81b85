import { CATALOG, type LocalText } from '../../domains';
import type { QueueItem, QueueResult } from '../../domains/views';
import { base, type ViewContext } from './common';
import { agenciesOf, openNow } from './eventStats';
import { monthStartUtc } from './period';
import type { EventTableRow } from '../db/event-row';
import { stmt } from '../db/statements';
import { CUT, cutOrNull, cutText, NOTES_SHOWN, textOf } from './text-cut';

/**
 * The operator's work queue (console tab "Phản ánh"): open reports, most urgent first (up to
 * QUEUE_OPEN_CAP), because those need a hand now whatever the period; then settled ones, last
 * closed first. Counts are of every open report, not just those listed. The desk filters
 * open / overdue / all itself.
 */

export const QUEUE_OPEN_CAP = 300;
export const QUEUE_CLOSED_CAP = 100;
/** Reports the desk acted on lately stay listed when settled, however old they are. */
const RECENT_ACTIONS = 50;

/** The events columns the queue reads (COLS). */
export type QueueRow = Omit<EventTableRow, 'domain' | 'lat' | 'lon' | 'source' | 'area_id' | 'attrs'> & {
  /** Absent for a district's queue (see cols). */
  area_id?: string | null;
  /** Only when it names notes (see COLS). */
  attrs: string | null;
};

// "Open" is closed_at IS NULL, as in every other view, so the partial index events_open_due
// serves the queue in due order without a sort. attrs only comes to JavaScript when it can hold
// notes: every writer stores attrs as JSON.stringify's text, which spells the key `"notes"` out,
// so a row without that text has no notes, and its attrs (the feed's extra fields) need not be
// turned into a string and parsed just to find none. Most reports have no notes.
// A district's queue reads no area_id either: the query asks for that one value (cols).
const COLS = `id, kind, status, title, description, address, agency, opened_at, updated_at, due_at, closed_at,
  CASE WHEN instr(attrs, '"notes"') > 0 THEN attrs END AS attrs`;
export const cols = (district: string | null) => (district ? COLS : `${COLS}, area_id`);

/** Source notes (Open311 `notes`) and operator actions share attrs.notes; both become plain text. */
export function notesOf(attrs: string | null): QueueItem['notes'] {
  if (attrs === null) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(attrs);
  } catch {
    return [];
  }
  const notes = (parsed as { notes?: unknown }).notes;
  if (!Array.isArray(notes)) return [];
  return notes
    .filter((n): n is Record<string, unknown> => typeof n === 'object' && n !== null)
    .map((n) => ({
      at: textOf(n.datetime, CUT.line) ?? textOf(n.at, CUT.line) ?? '',
      type: textOf(n.type, CUT.line) ?? 'note',
      text: textOf(n.description, CUT.note) ?? textOf(n.summary, CUT.note) ?? textOf(n.text, CUT.note) ?? '',
      by: textOf(n.by, CUT.line),
    }))
    .sort((a, b) => a.at.localeCompare(b.at))
    .slice(-NOTES_SHOWN);
}

/** Rows of `events` (COLS, with area_id unless `district` is given) as the desk shows them. */
export function queueItems(db: ViewContext['db'], domain: ViewContext['domain'], list: readonly QueueRow[], district: string | null, at: Date): QueueItem[] {
  const def = CATALOG[domain];
  const name = (items: { id: string; name: LocalText }[], id: string): LocalText => items.find((x) => x.id === id)?.name ?? { vi: id, en: id };
  const areaNames = new Map((stmt(db, `SELECT id, name FROM areas ORDER BY version`).all() as { id: string; name: string }[]).map((a) => [a.id, a.name]));
  const now = at.getTime();
  const districtName = district ? (areaNames.get(district) ?? null) : null;
  return list.map((e) => ({
    id: e.id,
    kind: e.kind,
    kindName: name(def.eventKinds, e.kind),
    status: e.status,
    statusName: name(def.eventStates, e.status),
    title: cutText(e.title, CUT.line),
    description: cutText(e.description, CUT.deskDescription),
    address: cutText(e.address, CUT.line),
    areaId: district ?? e.area_id ?? null,
    areaName: district ? districtName : e.area_id ? (areaNames.get(e.area_id) ?? null) : null,
    agency: cutOrNull(e.agency, CUT.line),
    openedAt: e.opened_at,
    updatedAt: e.updated_at,
    dueAt: e.due_at,
    closedAt: e.closed_at,
    closed: e.closed_at !== null,
    overdue: e.closed_at === null && e.due_at !== null && Date.parse(e.due_at) < now,
    notes: notesOf(e.attrs),
  }));
}

export function queueView(ctx: ViewContext): QueueResult {
  const area = ctx.district ? ' AND area_id = ?' : '';
  const areaArgs = ctx.district ? [ctx.district] : [];
  const cap = QUEUE_OPEN_CAP + 1;
  const dated = stmt(
    ctx.db,
    `SELECT ${cols(ctx.district)} FROM events WHERE domain = ? AND closed_at IS NULL AND due_at IS NOT NULL${area} ORDER BY due_at LIMIT ${cap}`,
  ).all(ctx.domain, ...areaArgs) as QueueRow[];
  // Without a due date there is no urgency to sort by: oldest first, after the dated ones.
  const undated =
    dated.length < cap
      ? (stmt(ctx.db, `SELECT ${cols(ctx.district)} FROM events WHERE domain = ? AND closed_at IS NULL AND due_at IS NULL${area} ORDER BY opened_at LIMIT ${cap}`).all(
          ctx.domain,
          ...areaArgs,
        ) as QueueRow[])
      : [];
  const open = [...dated, ...undated];
  const truncated = open.length > QUEUE_OPEN_CAP;
  open.length = Math.min(open.length, QUEUE_OPEN_CAP);
  // Settled: the newest of the period (walking the opened_at index backwards, no sort), plus
  // those the operators acted on lately, so a report just resolved at the desk stays in sight.
  const periodClosed = stmt(
    ctx.db,
    `SELECT ${cols(ctx.district)} FROM events WHERE domain = ?${area} AND opened_at >= ? AND opened_at < ? AND closed_at IS NOT NULL
       ORDER BY opened_at DESC LIMIT ${QUEUE_CLOSED_CAP}`,
  ).all(ctx.domain, ...areaArgs, monthStartUtc(ctx.period.from), monthStartUtc(ctx.period.to, 1)) as QueueRow[];
  // Unary + keeps the planner on the primary key (a few ids) instead of scanning the domain index.
  const actedClosed = stmt(
    ctx.db,
    `SELECT ${cols(ctx.district)} FROM events WHERE id IN (SELECT event_id FROM outbox ORDER BY seq DESC LIMIT ${RECENT_ACTIONS})
       AND +domain = ?${ctx.district ? ' AND +area_id = ?' : ''} AND closed_at IS NOT NULL`,
  ).all(ctx.domain, ...areaArgs) as QueueRow[];
  const closedById = new Map([...actedClosed, ...periodClosed].map((r) => [r.id, r]));
  const closed = [...closedById.values()].sort((a, b) => b.closed_at!.localeCompare(a.closed_at!) || b.opened_at.localeCompare(a.opened_at));
  const rows = queueItems(ctx.db, ctx.domain, [...open, ...closed], ctx.district, ctx.now);
  const live = openNow(ctx.db, ctx.domain, ctx.district, ctx.nowIso);
  // From the trigger-kept agency list, not a scan of every report or month.
  const seen = agenciesOf(ctx.db, ctx.domain);
  const catalogAgencies = Object.values(CATALOG).map((d) => d.agency.vi);
  return {
    kind: 'queue',
    ...base(ctx),
    rows,
    open: live.open,
    overdue: live.overdue,
    agencies: [...new Set([...seen, ...catalogAgencies])],
    truncated,
  };
}
