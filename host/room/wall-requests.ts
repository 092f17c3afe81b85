import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { DomainId } from '../../domains';
import type { Layout } from '../../layouts/model';
import { KIOSK_PRESET_ID, wallRequestLayout } from '../../layouts/wall-request';
import type { EventName, HostEvents } from '../api/contract';
import type { WallRequestInfo, WallRequestState } from '../api/contract/room';
import type { LayoutRuntime } from '../layouts/runtime';
import * as layouts from '../layouts/store';
import { audit } from '../store/audit';
import type { Caller } from './caller';
import { actorOf } from './caller';

type Emit = <E extends EventName>(event: E, data: HostEvents[E]) => void;

/** Decided requests are kept this long for the console's "recent" list and the audit trail. */
const KEEP_DECIDED_MS = 30 * 24 * 3600_000;

interface Row {
  id: string;
  node_id: string | null;
  node_name: string;
  domain: DomainId;
  area_id: string | null;
  note: string | null;
  layout: string;
  state: WallRequestState;
  created_at: string;
  decided_at: string | null;
  decided_by: string | null;
  decision_note: string | null;
}

/** Who decides when no operator is asked (kiosk.requireApproval = false). */
const AUTOMATIC = 'tự động / automatic';

const toInfo = (r: Row): WallRequestInfo => ({
  id: r.id,
  nodeId: r.node_id,
  nodeName: r.node_name,
  domain: r.domain,
  areaId: r.area_id,
  note: r.note,
  layout: JSON.parse(r.layout) as Layout,
  state: r.state,
  createdAt: r.created_at,
  decidedAt: r.decided_at,
  decidedBy: r.decided_by,
  decisionNote: r.decision_note,
  automatic: r.decided_by === AUTOMATIC,
});

export class WallRequestError extends Error {
  constructor(
    readonly code: 'not_found' | 'conflict',
    message: string,
  ) {
    super(message);
    this.name = 'WallRequestError';
  }
}

/**
 * Leaders' "Đưa lên tường": a kiosk asks, an operator approves or declines. Approving saves the
 * request's layout as the kiosk preset and shows it until the next scheduled change; nothing
 * reaches the wall before that unless `kiosk.requireApproval` is off.
 */
export class WallRequests {
  constructor(
    private readonly db: Database.Database,
    private readonly emit: Emit,
    /** An approved request changes what the wall shows: the layout runtime tells the displays. */
    private readonly layoutRuntime: Pick<LayoutRuntime, 'announce'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  create(caller: Caller, p: { domain: DomainId; areaId?: string; note?: string }, requireApproval: boolean): WallRequestInfo {
    const at = this.now().toISOString();
    const wall = layouts.getWall(this.db);
    const label = p.note?.trim() || p.domain;
    const layout = wallRequestLayout(wall, p.domain, p.areaId, `Kiosk: ${label}`);
    const id = randomUUID();
    this.db.transaction(() => {
      // A kiosk has one open request at a time: asking again replaces the one not yet decided.
      const superseded = this.db
        .prepare(`UPDATE wall_requests SET state = 'expired', decided_at = ?, decided_by = 'superseded' WHERE state = 'pending' AND node_id IS ? RETURNING id`)
        .all(at, caller.nodeId) as { id: string }[];
      for (const s of superseded) this.emit('wallRequest.changed', this.get(s.id));
      this.db.prepare(`DELETE FROM wall_requests WHERE state != 'pending' AND created_at < ?`).run(new Date(this.now().getTime() - KEEP_DECIDED_MS).toISOString());
      this.db
        .prepare(
          `INSERT INTO wall_requests (id, node_id, node_name, domain, area_id, note, layout, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?)`,
        )
        .run(id, caller.nodeId, caller.name, p.domain, p.areaId ?? null, p.note ?? null, JSON.stringify(layout), at);
      audit(this.db, actorOf(caller), 'wallRequest.create', { id, domain: p.domain, areaId: p.areaId ?? null, note: p.note ?? null });
    })();
    if (!requireApproval) return this.decide(id, true, AUTOMATIC, 'kiosk.requireApproval = false');
    const info = this.get(id);
    this.emit('wallRequest.changed', info);
    return info;
  }

  decide(id: string, approve: boolean, by: string, note?: string): WallRequestInfo {
    const at = this.now().toISOString();
    this.db.transaction(() => {
      const row = this.row(id);
      if (!row) throw new WallRequestError('not_found', `Không có yêu cầu '${id}' / no wall request '${id}': it may have been removed.`);
      if (row.state !== 'pending') {
        throw new WallRequestError('conflict', `Yêu cầu này đã được xử lý (${row.state}) / this request was already handled (${row.state}).`);
      }
      this.db
        .prepare(`UPDATE wall_requests SET state = ?, decided_at = ?, decided_by = ?, decision_note = ? WHERE id = ?`)
        .run(approve ? 'approved' : 'declined', at, by, note ?? null, id);
      if (approve) {
        const layout = JSON.parse(row.layout) as Layout;
        // Drawn again over the wall as it is now: the administrator may have re-gridded it since
        // the kiosk asked (the wall keeps its id), and the layout drawn then covered the old canvas.
        layouts.savePreset(this.db, wallRequestLayout(layouts.getWall(this.db), row.domain, row.area_id ?? undefined, layout.name));
        layouts.setOverride(this.db, { target: { kind: 'preset', id: KIOSK_PRESET_ID }, at, until: 'next-change' });
      }
      audit(this.db, by, approve ? 'wallRequest.approve' : 'wallRequest.decline', { id, note: note ?? null });
    })();
    if (approve) this.layoutRuntime.announce(true);
    const info = this.get(id);
    this.emit('wallRequest.changed', info);
    return info;
  }

  /** Pending ones for everybody who may see them; 'recent' adds the last decided ones. */
  list(caller: Caller, include: 'pending' | 'recent'): WallRequestInfo[] {
    const own = caller.role === 'kiosk';
    const rows = this.db
      .prepare(
        `SELECT * FROM wall_requests
          WHERE (? = 'recent' OR state = 'pending') AND (? = 0 OR node_id IS ?)
          ORDER BY created_at DESC LIMIT 50`,
      )
      .all(include, own ? 1 : 0, caller.nodeId) as Row[];
    return rows.map(toInfo);
  }

  get(id: string): WallRequestInfo {
    const r = this.row(id);
    if (!r) throw new WallRequestError('not_found', `Không có yêu cầu '${id}' / no wall request '${id}'.`);
    return toInfo(r);
  }

  private row(id: string): Row | undefined {
    return this.db.prepare(`SELECT * FROM wall_requests WHERE id = ?`).get(id) as Row | undefined;
  }
}
