import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { DisplayShot, HostEvents, NodeCommand, NodeHeartbeat } from '../api/contract';
import type { Caller } from './caller';
import { NodeStore, onHostClock } from './nodes';

type Emit = <E extends keyof HostEvents>(event: E, data: HostEvents[E]) => void;

interface LiveSession {
  caller: Caller;
  /** Ends the connection (WebSocket) or the in-process session (Electron bridge). */
  close(): void;
  heartbeat: NodeHeartbeat | null;
}

interface Waiting {
  nodeId: string;
  resolve(v: { displays: DisplayShot[] }): void;
  reject(e: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

export class NodeUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NodeUnreachableError';
  }
}

/**
 * The room as the host sees it: which sessions are open for which node, their heartbeats,
 * commands to one node and the answers it sends back. Everything here is bounded by the open
 * sessions: a session's entry goes when it closes, a pending answer when it comes or times out.
 */
export class Room {
  readonly nodes: NodeStore;
  private readonly sessions = new Map<number, LiveSession>();
  private readonly waiting = new Map<string, Waiting>();
  private nextSession = 1;
  private emit: Emit = () => {};
  private lastChangedAt = 0;
  private changedTimer: ReturnType<typeof setTimeout> | null = null;
  private watchTimer: ReturnType<typeof setInterval> | null = null;

  constructor(
    db: Database.Database,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.nodes = new NodeStore(db, now);
  }

  /**
   * `ioc-wall nodes revoke` runs in another process on the same database: a connected node
   * revoked there is noticed here within one interval and its sessions are closed.
   */
  watchRevocations(intervalMs = 1000): void {
    if (this.watchTimer) return;
    this.watchTimer = setInterval(() => {
      const connected = new Set([...this.sessions.values()].map((s) => s.caller.nodeId).filter((id): id is string => id !== null));
      for (const id of connected) {
        try {
          if (!this.nodes.isActive(id)) this.closeNode(id);
        } catch (err) {
          console.error('[host] revocation check failed:', err);
        }
      }
    }, intervalMs);
    this.watchTimer.unref?.();
  }

  /** Set once the dispatcher exists (it needs the room, the room needs its emit). */
  setEmit(emit: Emit): void {
    this.emit = emit;
  }

  attach(caller: Caller, close: () => void): number {
    const id = this.nextSession++;
    this.sessions.set(id, { caller, close, heartbeat: null });
    if (caller.nodeId) this.changed();
    return id;
  }

  detach(sessionId: number): void {
    const s = this.sessions.get(sessionId);
    if (!s) return;
    this.sessions.delete(sessionId);
    if (s.caller.nodeId) {
      for (const [rid, w] of this.waiting) {
        if (w.nodeId === s.caller.nodeId && this.connections(w.nodeId) === 0) this.settle(rid, new NodeUnreachableError('node disconnected'));
      }
      this.changed();
    }
  }

  connections(nodeId: string): number {
    let n = 0;
    for (const s of this.sessions.values()) if (s.caller.nodeId === nodeId) n++;
    return n;
  }

  /** Closes every open session of the node (revocation); returns how many. */
  closeNode(nodeId: string): number {
    let n = 0;
    for (const [id, s] of [...this.sessions]) {
      if (s.caller.nodeId !== nodeId) continue;
      n++;
      this.sessions.delete(id);
      try {
        s.close();
      } catch (err) {
        console.error('[host] closing a revoked node session failed:', err);
      }
    }
    if (n > 0) this.changed();
    return n;
  }

  /**
   * A browser node has one session per display page, each with its own heartbeat: the node's
   * heartbeat is all of them together (every display it shows, the worst round trip).
   */
  heartbeat(sessionId: number | null, caller: Caller, sent: NodeHeartbeat): void {
    if (!caller.nodeId) return;
    // Its times on the host's clock, as the console compares them with the host's now.
    const hb = onHostClock(sent, this.now());
    const s = sessionId !== null ? this.sessions.get(sessionId) : undefined;
    if (s) s.heartbeat = hb;
    const all = [...this.sessions.values()].filter((x) => x.caller.nodeId === caller.nodeId && x.heartbeat).map((x) => x.heartbeat!);
    if (all.length === 0) all.push(hb);
    const merged: NodeHeartbeat = {
      ...hb,
      displays: uniqueBy(all.flatMap((h) => h.displays), (d) => d.id),
      showing: [...new Set(all.flatMap((h) => h.showing))].sort(),
      rendererCrashes: all.reduce((n, h) => n + h.rendererCrashes, 0),
      lastPaintAt: all.map((h) => h.lastPaintAt).filter((x): x is string => !!x).sort().at(-1) ?? null,
      rttMs: Math.max(...all.map((h) => h.rttMs ?? 0)),
    };
    this.nodes.heartbeat(caller.nodeId, merged);
    this.changed();
  }

  /** Sends a command to every session of the node; returns how many were reached. */
  command(nodeId: string, command: NodeCommand, requestId: string = randomUUID()): number {
    const n = this.connections(nodeId);
    if (n > 0) this.emit('node.command', { nodeId, command, requestId });
    return n;
  }

  /** Asks the node for a thumbnail of each display and waits for its answer. */
  screenshot(nodeId: string, timeoutMs = 10_000): Promise<{ displays: DisplayShot[] }> {
    const requestId = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.settle(requestId, new NodeUnreachableError('no answer in time')), timeoutMs);
      timer.unref?.();
      this.waiting.set(requestId, { nodeId, resolve, reject, timer });
      if (this.command(nodeId, 'screenshot', requestId) === 0) this.settle(requestId, new NodeUnreachableError('node not connected'));
    });
  }

  /** A node's answer; only the node that was asked can answer. */
  reply(caller: Caller, requestId: string, answer: { displays?: DisplayShot[]; error?: string }): void {
    const w = this.waiting.get(requestId);
    if (!w || w.nodeId !== caller.nodeId) return;
    if (answer.error !== undefined) this.settle(requestId, new NodeUnreachableError(answer.error));
    else this.settle(requestId, null, { displays: answer.displays ?? [] });
  }

  dispose(): void {
    for (const rid of [...this.waiting.keys()]) this.settle(rid, new NodeUnreachableError('host closing'));
    if (this.changedTimer) clearTimeout(this.changedTimer);
    if (this.watchTimer) clearInterval(this.watchTimer);
    this.sessions.clear();
  }

  private settle(requestId: string, err: Error | null, value?: { displays: DisplayShot[] }): void {
    const w = this.waiting.get(requestId);
    if (!w) return;
    this.waiting.delete(requestId);
    clearTimeout(w.timer);
    if (err) w.reject(err);
    else w.resolve(value!);
  }

  /**
   * Consoles re-query the node list on 'nodes.changed'. With many nodes beating every 10 s,
   * at most one event a second is enough for a list that shows "last seen".
   */
  private changed(): void {
    if (this.changedTimer) return;
    // At most a second: after the clock stepped back, the last event looks ahead of now, and the
    // consoles would hear nothing of the room for the length of the step.
    const wait = Math.min(1000, Math.max(0, 1000 - (this.now().getTime() - this.lastChangedAt)));
    const fire = () => {
      this.changedTimer = null;
      this.lastChangedAt = this.now().getTime();
      this.emit('nodes.changed', { at: this.now().toISOString() });
    };
    if (wait === 0) fire();
    else {
      this.changedTimer = setTimeout(fire, wait);
      this.changedTimer.unref?.();
    }
  }
}

function uniqueBy<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const i of items) if (!seen.has(key(i))) seen.set(key(i), i);
  return [...seen.values()];
}
