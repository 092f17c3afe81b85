/**
 * The transport seam between HostClient and a channel (Electron bridge or WebSocket). Types
 * only and DOM-free, so HostClient can be unit-tested in Node with a fake transport.
 */
import type { ClientMessage, ServerMessage } from '../contract';

export type ConnState = 'connecting' | 'up' | 'down';

/** What comes with a state: when the next try is, and whether the host refused this credential. */
export interface ConnInfo {
  retryInMs?: number;
  /**
   * The host says this credential is revoked or unknown (a browser node asks it over HTTP after
   * failed handshakes, renderer/client/access-check.ts): the page says so and retries slowly.
   */
  refused?: boolean;
}

export interface Transport {
  send(msg: ClientMessage): void;
  onMessage(cb: (msg: ServerMessage) => void): void;
  /** 'up' again after 'down' means a new connection: subscriptions must be sent again. */
  onState(cb: (state: ConnState, info: ConnInfo) => void): void;
  start(): void;
  close(): void;
  /**
   * The largest message (UTF-8 bytes of its JSON) the other end accepts; absent = no limit.
   * The host drops a WebSocket whose message is larger, and a request re-sent on every
   * reconnect would drop it again forever.
   */
  maxMessageBytes?: number;
}

/** What electron/preload exposes through contextBridge as `window.iocHost`. */
export interface IocHostBridge {
  send(msg: ClientMessage): void;
  onMessage(cb: (msg: ServerMessage) => void): () => void;
  role: string;
  displayId: string | null;
  /**
   * The host connection's state as main sees it (a remote host can go down); the listener is
   * called at once with the last known state. Absent in an older preload: always up.
   */
  onState?(cb: (state: ConnState, info: { retryInMs?: number }) => void): () => void;
  /** Main asks the page to show who it is (node.command identify). */
  onIdentify?(cb: (msg: IdentifyMessage) => void): () => void;
  /** The first-run enrollment screen hands its code to main; the credential stays in main. */
  enroll?(code: string): Promise<EnrollAnswer>;
}

/** Shown in huge type until `until` (epoch ms). */
export interface IdentifyMessage {
  displayId: string;
  nodeName: string;
  until: number;
}

export type EnrollAnswer = { ok: true; role: string; name: string } | { ok: false; message: string };
