import { CATALOG, type LocalText } from '../../domains';
import type { QueueItem, QueueResult } from '../../domains/views';
import { base, type ViewContext } from './common';
import { monthStartUtc } from './period';
import { stmt } from './sql';

/**
 * The operator's work queue (console tab "Phản ánh"): every open report, most urgent first,
 * because those need a hand now whatever the period; then the period's settled ones, newest
 * first, so a report just resolved stays in sight. The desk filters open / overdue / all itself.
 */

export const QUEUE_OPEN_CAP = 500;
export const QUEUE_CLOSED_CAP = 100;

interface Row {
  id: string;
  kind: string;
  status: string;
  area_id: string | null;
  area_name: string | null;
  title: string;
  description: string;
  address: string;
  agency: string | null;
  opened_at: string;
  updated_at: string;
  due_at: string | null;
  closed_at: string | null;
  attrs: string;
}

const COLS = `e.id, e.kind, e.status, e.area_id, e.title, e.description, e.address, e.agency, e.opened_at,
  e.updated_at, e.due_at, e.closed_at, e.attrs,
  (SELECT a.name FROM areas a WHERE a.id = e.area_id ORDER BY a.version DESC LIMIT 1) AS area_name`;

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Source notes (Open311 `notes`) and operator actions share attrs.notes; both become plain text. */
function notesOf(attrs: string): QueueItem['notes'] {
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
      at: str(n.datetime) ?? str(n.at) ?? '',
      type: str(n.type) ?? 'note',
      text: str(n.description) ?? str(n.summary) ?? str(n.text) ?? '',
      by: str(n.by),
    }))
    .sort((a, b) => a.at.localeCompare(b.at));
}

export function queueView(ctx: ViewContext): QueueResult {
  const def = CATALOG[ctx.domain];
  const closedStates = def.eventStates.filter((s) => s.closed).map((s) => s.id);
  const name = (list: { id: string; name: LocalText }[], id: string): LocalText => list.find((x) => x.id === id)?.name ?? { vi: id, en: id };
  const area = ctx.district ? ' AND e.area_id = ?' : '';
  const areaArgs = ctx.district ? [ctx.district] : [];
  const start = monthStartUtc(ctx.period.from);
  const end = monthStartUtc(ctx.period.to, 1);
  // A report is settled when it has a close time or a closed state (a feed may send either).
  const closedSql = `(e.closed_at IS NOT NULL OR e.status IN (${closedStates.map(() => '?').join(', ') || "''"}))`;
  const open = stmt(
    ctx.db,
    `SELECT ${COLS} FROM events e WHERE e.domain = ?${area} AND NOT ${closedSql}
       ORDER BY e.due_at IS NULL, e.due_at, e.opened_at LIMIT ${QUEUE_OPEN_CAP + 1}`,
  ).all(ctx.domain, ...areaArgs, ...closedStates) as Row[];
  const closed = stmt(
    ctx.db,
    `SELECT ${COLS} FROM events e WHERE e.domain = ?${area} AND ${closedSql}
       AND e.opened_at >= ? AND e.opened_at < ? ORDER BY coalesce(e.closed_at, e.updated_at) DESC LIMIT ${QUEUE_CLOSED_CAP}`,
  ).all(ctx.domain, ...areaArgs, ...closedStates, start, end) as Row[];
  const truncated = open.length > QUEUE_OPEN_CAP;
  if (truncated) open.pop();
  const now = ctx.now.getTime();
  const rows: QueueItem[] = [...open.map((r) => [r, false] as const), ...closed.map((r) => [r, true] as const)].map(([e, isClosed]) => ({
    id: e.id,
    kind: e.kind,
    kindName: name(def.eventKinds, e.kind),
    status: e.status,
    statusName: name(def.eventStates, e.status),
    title: e.title,
    description: e.description,
    address: e.address,
    areaId: e.area_id,
    areaName: e.area_name,
    agency: e.agency,
    openedAt: e.opened_at,
    updatedAt: e.updated_at,
    dueAt: e.due_at,
    closedAt: e.closed_at,
    closed: isClosed,
    overdue: !isClosed && e.due_at !== null && Date.parse(e.due_at) < now,
    notes: notesOf(e.attrs),
  }));
  const seen = stmt(ctx.db, `SELECT DISTINCT agency FROM events WHERE domain = ? AND agency IS NOT NULL AND agency <> '' ORDER BY agency`)
    .pluck()
    .all(ctx.domain) as string[];
  const catalogAgencies = Object.values(CATALOG).map((d) => d.agency.vi);
  const agencies = [...new Set([...seen, ...catalogAgencies])];
  return {
    kind: 'queue',
    ...base(ctx),
    rows,
    open: open.length,
    overdue: rows.filter((r) => r.overdue).length,
    agencies,
    truncated,
  };
}
