import { z } from 'zod';
import { ADMIN_ONLY, EVERY_ROLE, method, OPERATOR, read, type CallerRole } from './method';
import { domainIdSchema, type DomainId } from '../../../domains';
import type { Layout } from '../../../layouts/model';

/** The roles a node can be enrolled with; `admin` is the host's own token, never a node. */
export const NODE_ROLES = ['wall', 'console', 'kiosk'] as const;
export type NodeRole = (typeof NODE_ROLES)[number];
export type NodeState = 'pending' | 'online' | 'offline' | 'revoked';

const int = z.number().int().nonnegative();
const name = z.string().trim().min(1).max(64);
/** A time of day, as a node's configured maintenance window gives it. */
const hhmm = z.string().max(5).regex(/^([01]\d|2[0-3]):[0-5]\d$/);

/** What a node reports every 10 s (desktop: main; browser: each page of the node). */
export const nodeHeartbeatSchema = z.object({
  version: z.string().max(64),
  kind: z.enum(['desktop', 'browser']),
  /** The machine's OS displays (desktop) or the page's screen (browser). */
  displays: z
    .array(z.object({ id: z.string().max(64), label: z.string().max(128).default(''), width: int, height: int }))
    .max(32),
  /** Wall display ids this node shows now. */
  showing: z.array(z.string().max(64)).max(32),
  uptimeSec: z.number().nonnegative(),
  memoryMB: z.number().nonnegative(),
  rendererCrashes: int,
  /**
   * When a page last loaded or painted. A browser page sends it by the host's clock (its pages
   * know the offset); a desktop node's main process by its own clock, the clock of `clockAt`,
   * and the host moves it to its own clock at receipt (host/room/nodes.ts onHostClock).
   */
  lastPaintAt: z.string().max(40).nullable(),
  rttMs: z.number().nonnegative().nullable(),
  /** A downloaded update waiting for its maintenance window, by version. */
  pendingUpdate: z.string().max(64).nullable().default(null),
  /**
   * The node's own clock when it sent this (ISO 8601). The host compares it with its own at
   * receipt: a PC whose clock is off is named in the console (its pages measure ages by the
   * host's clock anyway, renderer/client/host-clock.ts, but its logs and OS do not).
   */
  clockAt: z.string().max(40).nullable().default(null),
  /**
   * A desktop node's memory guard (electron/memory-guard.ts); absent from browsers and from
   * nodes older than the guard. Its times are by the node's own clock, as clockAt.
   */
  memoryGuard: z
    .object({
      enabled: z.boolean(),
      /** The ceiling in force (MB); null while it is still being derived (15 min after start). */
      ceilingMB: z.number().nonnegative().nullable(),
      ceilingFrom: z.enum(['config', 'derived', 'raised']).nullable(),
      /** watching; above (not yet for long enough); waiting (for the window, the interval or a quiet moment). */
      state: z.enum(['off', 'settling', 'watching', 'above', 'waiting']),
      waitingFor: z.enum(['window', 'interval', 'busy']).nullable(),
      /** This sample's working set by Chromium process type (Browser, GPU, Tab, Utility…), largest first. */
      byType: z.array(z.object({ type: z.string().max(32), mb: z.number().nonnegative() })).max(16),
      /** The configured maintenance window a restart must fall in ("02:00"–"05:00" on timeZone's clock); null: any quiet moment. */
      window: z.object({ from: hhmm, to: hhmm, timeZone: z.string().max(64) }).nullable(),
      /** The last guard restart: when (node's clock), the memory and the ceiling it was above, the largest process type then. */
      lastRestart: z
        .object({
          at: z.string().max(40),
          memoryMB: z.number().nonnegative(),
          ceilingMB: z.number().nonnegative(),
          topType: z.object({ type: z.string().max(32), mb: z.number().nonnegative() }).nullable(),
        })
        .nullable(),
      /**
       * The ceiling raised over the configured or derived one: `afterMinutes` after a restart at
       * `fromCeilingMB`, memory was still `memoryMB` (the machine's baseline is above it).
       */
      raised: z
        .object({
          ceilingMB: z.number().nonnegative(),
          afterMinutes: z.number().nonnegative(),
          memoryMB: z.number().nonnegative(),
          fromCeilingMB: z.number().nonnegative(),
        })
        .nullable(),
      /** The guard's state file cannot be written: it will not restart the app (nothing would stop a loop). */
      stateFileError: z.boolean(),
    })
    .optional(),
});
export type NodeHeartbeat = z.output<typeof nodeHeartbeatSchema>;

export interface NodeInfo {
  id: string;
  name: string;
  role: NodeRole;
  state: NodeState;
  createdAt: string;
  enrolledAt: string | null;
  revokedAt: string | null;
  lastSeenAt: string | null;
  /** An unused enrollment code is waiting until then (the code itself is shown once only). */
  codeExpiresAt: string | null;
  versionDiffers: boolean;
  /** Open connections now (a browser node with two displays has two). */
  connections: number;
  heartbeat: NodeHeartbeat | null;
  /** The node's clock minus the host's at its last heartbeat, in seconds (null: not reported). */
  clockOffsetSec: number | null;
}

export interface NewNodeResult {
  id: string;
  role: NodeRole;
  name: string;
  /** One-time enrollment code, e.g. K7QM-2XPA: valid 15 minutes, single use. */
  code: string;
  expiresAt: string;
}

export type NodeCommand = 'identify' | 'reload' | 'screenshot';

export interface DisplayShot {
  displayId: string;
  width: number;
  height: number;
  /** data:image/png;base64,… at most 480 px wide. */
  dataUrl: string;
}

export type WallRequestState = 'pending' | 'approved' | 'declined' | 'expired';

export interface WallRequestInfo {
  id: string;
  nodeId: string | null;
  nodeName: string;
  domain: DomainId;
  areaId: string | null;
  /** What the leader is looking at, in words ("Môi trường — Đồng Xoài"). */
  note: string | null;
  layout: Layout;
  state: WallRequestState;
  createdAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  decisionNote: string | null;
  /** Shown without an operator's approval (kiosk.requireApproval is false): the console says so. */
  automatic: boolean;
}

const nodeId = z.object({ id: z.string().min(1).max(64) });

/** Who this session is, as the host decided when it opened (see host/room/caller.ts). */
export interface SessionIdentity {
  role: CallerRole;
  /** The enrolled node, or null for the host's own token (admin). */
  nodeId: string | null;
  name: string;
}

/** The room: enrolled machines, their health and control, and leaders' requests to the wall. */
export const roomMethods = {
  /**
   * Pages learn from this whether they run as a node (then they send heartbeats and follow
   * node.command) and whether to offer admin controls, instead of trying and being refused.
   */
  'session.whoami': method<SessionIdentity>()(z.object({}), read(EVERY_ROLE)),
  'nodes.list': method<NodeInfo[]>()(z.object({}), read(OPERATOR)),
  'nodes.add': method<NewNodeResult>()(z.object({ role: z.enum(NODE_ROLES), name }), { roles: ADMIN_ONLY }),
  /** A new one-time code for an existing node (replaced PC): enrolling with it replaces its credential. */
  'nodes.code': method<{ code: string; expiresAt: string }>()(nodeId, { roles: ADMIN_ONLY }),
  /** The node's connections close at once and its credential is refused from then on. */
  'nodes.revoke': method<{ id: string; closed: number }>()(nodeId, { roles: ADMIN_ONLY }),
  /** Identify (display id and node name in huge type for 10 s) or reload the node's windows. */
  'node.command': method<{ sent: number }>()(
    z.object({ id: z.string().min(1).max(64), command: z.enum(['identify', 'reload']) }),
    // Repeating either is harmless, and an operator checking cables presses it again and again.
    { roles: OPERATOR, mutates: false },
  ),
  /** A thumbnail of each of the node's displays (desktop nodes; browser nodes say they cannot). */
  'node.screenshot': method<{ displays: DisplayShot[] }>()(nodeId, read(OPERATOR)),
  /** A node's own health, every 10 s. */
  'node.heartbeat': method<{ at: string }>()(nodeHeartbeatSchema, read(EVERY_ROLE)),
  /** A node's answer to a command that asked for one (screenshot). */
  'node.reply': method<null>()(
    z.object({
      requestId: z.string().min(1).max(64),
      displays: z
        .array(z.object({ displayId: z.string().max(64), width: int, height: int, dataUrl: z.string().max(2_000_000).startsWith('data:image/') }))
        .max(16)
        .optional(),
      error: z.string().max(500).optional(),
    }),
    read(EVERY_ROLE),
  ),
  /** "Đưa lên tường" from a kiosk: one request, shown after an operator approves (or at once if configured). */
  'wallRequest.create': method<WallRequestInfo>()(
    z.object({ domain: domainIdSchema, areaId: z.string().min(1).max(16).optional(), note: z.string().max(200).optional() }),
    { roles: ['kiosk', 'console'] },
  ),
  /** Pending requests (operators see all; a kiosk only its own, newest first). */
  'wallRequest.list': method<WallRequestInfo[]>()(
    z.object({ include: z.enum(['pending', 'recent']).default('pending') }),
    read(['kiosk', 'console']),
  ),
  'wallRequest.decide': method<WallRequestInfo>()(
    z.object({ id: z.string().min(1).max(64), approve: z.boolean(), note: z.string().max(500).optional() }),
    { roles: OPERATOR },
  ),
};

export interface RoomEvents {
  /** A node was added, enrolled, revoked, came or went, or sent a heartbeat. */
  'nodes.changed': { at: string };
  /** A wall request was made or decided: consoles show it, the asking kiosk sees the decision. */
  'wallRequest.changed': WallRequestInfo;
  /** Addressed to one node: only that node's sessions receive it. */
  'node.command': { nodeId: string; command: NodeCommand; requestId: string };
}
