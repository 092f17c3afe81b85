import type { NativeImage } from 'electron';
import type { HostClient } from '../host/api/client/HostClient';
import type { DisplayShot, HostEvents } from '../host/api/contract';
import { IPC_IDENTIFY } from './ipc-channels';
import type { Managed } from './windows';

/**
 * What the console can ask of a desktop node (node.command, addressed to this node only):
 * identify its displays, reload its windows, or send a thumbnail of each display.
 */

export const IDENTIFY_MS = 10_000;
export const THUMB_MAX_WIDTH = 480;
/** host/server/ws.ts takes 1 MiB per message: leave room for the rest of node.reply. */
const REPLY_BUDGET_CHARS = 900_000;
const CAPTURE_TIMEOUT_MS = 5_000;

export interface CommandTarget {
  list(): Managed[];
  reloadAll(): number;
}

/** The name a window goes by in identify and screenshots: its wall display, or its role. */
const displayIdOf = (m: Managed) => m.plan.displayId ?? m.plan.kind;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

function encode(img: NativeImage, quality: number): string {
  // JPEG: a 480 px PNG of a map panel is ~300 KB, six of them would not fit one message.
  return `data:image/jpeg;base64,${img.toJPEG(quality).toString('base64')}`;
}

/** A thumbnail (≤ 480 px wide) of every window's page, as it is on screen now. */
export async function captureDisplays(windows: Managed[]): Promise<DisplayShot[]> {
  const images: { displayId: string; img: NativeImage }[] = [];
  for (const m of windows) {
    if (m.win.isDestroyed()) continue;
    const full = await withTimeout(m.win.webContents.capturePage(), CAPTURE_TIMEOUT_MS, `capture of ${m.plan.key}`);
    if (full.isEmpty()) continue;
    const img = full.getSize().width > THUMB_MAX_WIDTH ? full.resize({ width: THUMB_MAX_WIDTH, quality: 'good' }) : full;
    images.push({ displayId: displayIdOf(m), img });
  }
  for (const quality of [80, 60, 40]) {
    const shots = images.map(({ displayId, img }) => ({ displayId, ...img.getSize(), dataUrl: encode(img, quality) }));
    if (shots.reduce((n, s) => n + s.dataUrl.length, 0) <= REPLY_BUDGET_CHARS || quality === 40) return shots;
  }
  return [];
}

export interface NodeCommandOptions {
  nodeId: string;
  nodeName: string;
  now?: () => number;
  log?: (msg: string) => void;
  /** Identify is on screen for this many ms from now (the memory guard waits for it to end). */
  onIdentify?: (ms: number) => void;
}

/** Follows node.command for this node; returns the unsubscribe. */
export function handleNodeCommands(client: HostClient, windows: CommandTarget, opts: NodeCommandOptions): () => void {
  const log = opts.log ?? console.warn;
  const now = opts.now ?? Date.now;
  return client.on('node.command', (cmd: HostEvents['node.command']) => {
    if (cmd.nodeId !== opts.nodeId) return;
    switch (cmd.command) {
      case 'identify': {
        const until = now() + IDENTIFY_MS;
        for (const m of windows.list()) {
          if (!m.win.webContents.isDestroyed()) m.win.webContents.send(IPC_IDENTIFY, { displayId: displayIdOf(m), nodeName: opts.nodeName, until });
        }
        opts.onIdentify?.(IDENTIFY_MS);
        log(`[electron] identify: ${windows.list().length} window(s) show their display id`);
        return;
      }
      case 'reload':
        log(`[electron] reload asked by the console: ${windows.reloadAll()} window(s)`);
        return;
      case 'screenshot':
        captureDisplays(windows.list()).then(
          (displays) => client.call('node.reply', { requestId: cmd.requestId, displays }),
          (err: unknown) =>
            client.call('node.reply', {
              requestId: cmd.requestId,
              error: `Không chụp được màn hình / capture failed: ${err instanceof Error ? err.message : String(err)}`.slice(0, 500),
            }),
        ).catch((err: unknown) => log(`[electron] screenshot reply failed: ${String(err)}`));
        return;
    }
  });
}
