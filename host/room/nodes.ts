import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import type { NodeHeartbeat, NodeInfo, NodeRole, NodeState } from '../api/contract/room';
import { audit } from '../store/audit';
import { outsideViews } from '../views/cache';
import { stmt } from '../db/statements';
import type { Caller } from './caller';
import { newCredential, newEnrollmentCode, normaliseCode, secretHash } from './codes';

/** How long an enrollment code may be used. */
export const CODE_TTL_MS = 15 * 60_000;
/** A node silent this long is shown offline (heartbeats come every 10 s). */
export const OFFLINE_AFTER_MS = 30_000;

export interface NewNode {
  id: string;
  role: NodeRole;
  name: string;
  code: string;
  expiresAt: string;
}

export interface Enrolled {
  nodeId: string;
  role: NodeRole;
  name: string;
  credential: string;
}

interface NodeRow {
  id: string;
  name: string;
  role: NodeRole;
  credential_hash: string | null;
  created_at: string;
  enrolled_at: string | null;
  revoked_at: string | null;
  last_seen_at: string | null;
  heartbeat: string | null;
}

const newNodeId = () => `n-${randomBytes(4).toString('hex')}`;

/**
 * Whether a code expiring at `expiresAt` may be used at `now`. Its issue time is expiresAt − the
 * TTL (every code lives CODE_TTL_MS). A code issued "in the future" was issued before the host's
 * clock was stepped back (NTP, by an hour or a day): checked against its expiry alone it would
 * live for the step + 15 minutes, so it is refused; the administrator issues a new one.
 */
function codeLive(expiresAt: string, now: number): boolean {
  const expires = Date.parse(expiresAt);
  return Number.isFinite(expires) && expires - CODE_TTL_MS <= now && now < expires;
}

/**
 * The node's clock minus the host's when its last heartbeat came: the node's `clockAt` against
 * `last_seen_at`, the host's clock at receipt (the transit, well under a second, is not taken off).
 */
function clockOffsetSec(hb: NodeHeartbeat | null, seenAt: string | null): number | null {
  const node = hb?.clockAt ? Date.parse(hb.clockAt) : NaN;
  const host = seenAt ? Date.parse(seenAt) : NaN;
  return Number.isFinite(node) && Number.isFinite(host) ? Math.round((node - host) / 1000) : null;
}

/**
 * A heartbeat with its times on the host's clock, as the host receives it at `now`. A desktop
 * node's main process has no view of the host's clock: it reports lastPaintAt by its own, with
 * clockAt read from that same clock, and the host (the one judge of how far a node's clock is
 * off, as in clockOffsetSec) moves lastPaintAt by clockAt − now. A browser page already reports
 * lastPaintAt by the host's clock (renderer/client/host-clock.ts), so its beat is kept as sent;
 * so is a beat without clockAt (a node from before clockAt), which cannot be placed.
 */
export function onHostClock(hb: NodeHeartbeat, now: Date): NodeHeartbeat {
  if (hb.kind !== 'desktop' || !hb.lastPaintAt || !hb.clockAt) return hb;
  const paint = Date.parse(hb.lastPaintAt);
  const node = Date.parse(hb.clockAt);
  if (!Number.isFinite(paint) || !Number.isFinite(node)) return hb;
  return { ...hb, lastPaintAt: new Date(paint - (node - now.getTime())).toISOString() };
}

/** Nodes of this host: enrollment, credentials, heartbeats. Only hashes of secrets are stored. */
export class NodeStore {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A new node and its one-time code (the only time the code is seen in clear). */
  add(role: NodeRole, name: string, by: string): NewNode {
    const id = newNodeId();
    const at = this.now();
    this.db.transaction(() => {
      this.db
        .prepare(`INSERT INTO nodes (id, name, role, created_at, created_by) VALUES (?, ?, ?, ?, ?)`)
        .run(id, name, role, at.toISOString(), by);
      audit(this.db, by, 'node.add', { id, name, role }, at);
    })();
    const { code, expiresAt } = this.issueCode(id);
    return { id, role, name, code, expiresAt };
  }

  /**
   * A fresh code for an existing node (a replaced PC, a lost credential). Enrolling with it
   * replaces the node's credential, so the old machine is locked out at that moment.
   */
  issueCode(nodeId: string): { code: string; expiresAt: string } {
    const row = this.row(nodeId);
    if (!row) throw new NodeNotFoundError(nodeId);
    if (row.revoked_at) throw new NodeRevokedError(nodeId);
    const code = newEnrollmentCode();
    const expiresAt = new Date(this.now().getTime() + CODE_TTL_MS).toISOString();
    this.db.transaction(() => {
      // One live code per node: an older one printed on a slip of paper stops working.
      this.db.prepare(`DELETE FROM enrollment_codes WHERE node_id = ?`).run(nodeId);
      this.db.prepare(`INSERT INTO enrollment_codes (code_hash, node_id, expires_at) VALUES (?, ?, ?)`).run(secretHash(normaliseCode(code)), nodeId, expiresAt);
    })();
    return { code, expiresAt };
  }

  /** Exchanges a code for the node's credential; null for a wrong, used or expired code. */
  enroll(code: string, from: string): Enrolled | null {
    const at = this.now();
    return this.db.transaction((): Enrolled | null => {
      const c = this.db
        .prepare(`SELECT node_id, expires_at, used_at FROM enrollment_codes WHERE code_hash = ?`)
        .get(secretHash(normaliseCode(code))) as { node_id: string; expires_at: string; used_at: string | null } | undefined;
      if (!c || c.used_at || !codeLive(c.expires_at, at.getTime())) return null;
      const node = this.row(c.node_id);
      if (!node || node.revoked_at) return null;
      const credential = newCredential();
      this.db.prepare(`UPDATE enrollment_codes SET used_at = ? WHERE code_hash = ?`).run(at.toISOString(), secretHash(normaliseCode(code)));
      this.db.prepare(`UPDATE nodes SET credential_hash = ?, enrolled_at = ? WHERE id = ?`).run(secretHash(credential), at.toISOString(), node.id);
      audit(this.db, `node:${node.id} (${node.name})`, 'node.enroll', { id: node.id, from }, at);
      return { nodeId: node.id, role: node.role, name: node.name, credential };
    })();
  }

  /** The caller a credential stands for; null when unknown or revoked. */
  authenticate(credential: string): Caller | null {
    const row = this.db
      .prepare(`SELECT id, name, role FROM nodes WHERE credential_hash = ? AND revoked_at IS NULL`)
      .get(secretHash(credential)) as { id: string; name: string; role: NodeRole } | undefined;
    return row ? { role: row.role, nodeId: row.id, name: row.name } : null;
  }

  /** True when the node is still allowed in (checked again on every heartbeat). */
  isActive(nodeId: string): boolean {
    const row = this.row(nodeId);
    return !!row && !row.revoked_at;
  }

  revoke(nodeId: string, by: string): boolean {
    const at = this.now();
    return this.db.transaction(() => {
      const r = this.db.prepare(`UPDATE nodes SET revoked_at = ?, credential_hash = NULL WHERE id = ? AND revoked_at IS NULL`).run(at.toISOString(), nodeId);
      this.db.prepare(`DELETE FROM enrollment_codes WHERE node_id = ?`).run(nodeId);
      if (r.changes > 0) audit(this.db, by, 'node.revoke', { id: nodeId }, at);
      return r.changes > 0;
    })();
  }

  // A heartbeat every few seconds from every node must not drop the view answers (host/views/cache.ts).
  heartbeat(nodeId: string, hb: NodeHeartbeat): void {
    outsideViews(this.db, () =>
      stmt(this.db, `UPDATE nodes SET last_seen_at = ?, heartbeat = ? WHERE id = ?`).run(this.now().toISOString(), JSON.stringify(hb), nodeId),
    );
  }

  /** Every node, newest first, with its state as of now. */
  list(hostVersion: string, connections: (nodeId: string) => number): NodeInfo[] {
    const now = this.now().getTime();
    const rows = stmt(this.db, `SELECT * FROM nodes ORDER BY revoked_at IS NOT NULL, created_at DESC`).all() as NodeRow[];
    const codes = new Map(
      (stmt(this.db, `SELECT node_id, expires_at FROM enrollment_codes WHERE used_at IS NULL`).all() as { node_id: string; expires_at: string }[]).map((c) => [
        c.node_id,
        c.expires_at,
      ]),
    );
    return rows.map((r) => {
      const hb = r.heartbeat ? (JSON.parse(r.heartbeat) as NodeHeartbeat) : null;
      const seen = r.last_seen_at ? Date.parse(r.last_seen_at) : null;
      // A heartbeat "in the future" was written before the clock was stepped back (NTP): it says
      // nothing about now, and a dead node would show online for the length of the step. The
      // live connection says it instead.
      const age = seen === null ? null : now - seen;
      const online = age !== null && (age < 0 ? connections(r.id) > 0 : age <= OFFLINE_AFTER_MS);
      const state: NodeState = r.revoked_at ? 'revoked' : !r.enrolled_at ? 'pending' : online ? 'online' : 'offline';
      const codeExpiresAt = codes.get(r.id) ?? null;
      return {
        id: r.id,
        name: r.name,
        role: r.role,
        state,
        createdAt: r.created_at,
        enrolledAt: r.enrolled_at,
        revokedAt: r.revoked_at,
        lastSeenAt: r.last_seen_at,
        codeExpiresAt: codeExpiresAt && codeLive(codeExpiresAt, now) ? codeExpiresAt : null,
        versionDiffers: hb !== null && hb.version !== hostVersion,
        connections: connections(r.id),
        heartbeat: hb,
        clockOffsetSec: clockOffsetSec(hb, r.last_seen_at),
      };
    });
  }

  get(nodeId: string): { id: string; name: string; role: NodeRole; revoked: boolean } | null {
    const r = this.row(nodeId);
    return r ? { id: r.id, name: r.name, role: r.role, revoked: !!r.revoked_at } : null;
  }

  private row(id: string): NodeRow | undefined {
    return stmt(this.db, `SELECT * FROM nodes WHERE id = ?`).get(id) as NodeRow | undefined;
  }
}

export class NodeNotFoundError extends Error {
  constructor(readonly nodeId: string) {
    super(`Không có máy trạm '${nodeId}' / no node '${nodeId}': see \`ioc-wall nodes list\`.`);
    this.name = 'NodeNotFoundError';
  }
}

export class NodeRevokedError extends Error {
  constructor(readonly nodeId: string) {
    super(`Máy trạm '${nodeId}' đã bị thu hồi / node '${nodeId}' is revoked: add a new node instead.`);
    this.name = 'NodeRevokedError';
  }
}
