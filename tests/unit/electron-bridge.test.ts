import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { IpcMain } from 'electron';
import { installBridge, type ConnectFn } from '../../electron/bridge';
import type { Caller } from '../../host/room/caller';
import { linkToHost } from '../../electron/host-link';
import { IPC_ENROLL, IPC_FROM_HOST, IPC_HELLO, IPC_IDENTIFY, IPC_STATE, IPC_TO_HOST } from '../../electron/ipc-channels';
import { FakeIpcMain, FakeWebContents } from './electron-fake';

/** A stand-in for host.connect: an echo host that records sessions and what they received. */
function echoHost() {
  const sessions: { actor?: string | Caller; received: unknown[]; closed: boolean; send: (m: unknown) => void }[] = [];
  const connect: ConnectFn = (send, actor) => {
    const s = { actor, received: [] as unknown[], closed: false, send };
    sessions.push(s);
    return {
      receive(m) {
        s.received.push(m);
        const r = m as { type: string; id: number; method: string };
        if (r.type === 'request') send({ type: 'response', id: r.id, result: { echo: r.method } });
      },
      close() {
        s.closed = true;
      },
    };
  };
  return { connect, sessions };
}

const APP = 'app://ioc/wall?display=d1';

describe('IPC bridge (main side)', () => {
  it('gives each page its own host session and routes replies back to that page only', () => {
    const ipc = new FakeIpcMain();
    const host = echoHost();
    installBridge(ipc as unknown as IpcMain, host.connect, { actorOf: (wc) => `ipc:test${wc.id}` });
    const a = new FakeWebContents();
    const b = new FakeWebContents();
    ipc.deliver(IPC_HELLO, a, APP);
    ipc.deliver(IPC_HELLO, b, 'app://ioc/console');
    ipc.deliver(IPC_TO_HOST, a, APP, { type: 'request', id: 1, method: 'host.info', params: {} });
    expect(host.sessions).toHaveLength(2);
    expect(host.sessions[0].actor).toBe(`ipc:test${a.id}`);
    expect(a.sent).toEqual([
      // An in-process host is up from the start: the page's HostClient may send at once.
      { channel: IPC_STATE, message: { state: 'up', retryInMs: undefined } },
      { channel: IPC_FROM_HOST, message: { type: 'response', id: 1, result: { echo: 'host.info' } } },
    ]);
    expect(b.sent).toEqual([{ channel: IPC_STATE, message: { state: 'up', retryInMs: undefined } }]);
  });

  it('drops messages from untrusted senders before they reach the host', () => {
    const ipc = new FakeIpcMain();
    const host = echoHost();
    const logs: string[] = [];
    installBridge(ipc as unknown as IpcMain, host.connect, { log: (l) => logs.push(l) });
    const wc = new FakeWebContents();
    ipc.deliver(IPC_TO_HOST, wc, 'https://evil.example/', { type: 'request', id: 1, method: 'host.info', params: {} });
    ipc.deliver(IPC_TO_HOST, wc, 'file:///tmp/x.html', { type: 'request', id: 2, method: 'host.info', params: {} });
    ipc.deliver(IPC_TO_HOST, wc, APP, { type: 'request', id: 3, method: 'host.info', params: {} }, { url: APP });
    ipc.deliver(IPC_HELLO, wc, 'https://evil.example/');
    expect(host.sessions).toHaveLength(0);
    expect(wc.sent).toEqual([]);
    expect(logs).toHaveLength(4);
    expect(logs[0]).toContain('untrusted');
  });

  it('a reload (hello again) closes the old session so old subscriptions stop', () => {
    const ipc = new FakeIpcMain();
    const host = echoHost();
    const bridge = installBridge(ipc as unknown as IpcMain, host.connect);
    const wc = new FakeWebContents();
    ipc.deliver(IPC_HELLO, wc, APP);
    ipc.deliver(IPC_HELLO, wc, APP);
    expect(host.sessions.map((s) => s.closed)).toEqual([true, false]);
    expect(bridge.sessions.size).toBe(1);
  });

  it('a destroyed page closes its session and nothing is sent to it any more', () => {
    const ipc = new FakeIpcMain();
    const host = echoHost();
    const bridge = installBridge(ipc as unknown as IpcMain, host.connect);
    const wc = new FakeWebContents();
    ipc.deliver(IPC_HELLO, wc, APP);
    wc.destroy();
    expect(host.sessions[0].closed).toBe(true);
    expect(bridge.sessions.size).toBe(0);
    const before = wc.sent.length;
    host.sessions[0].send({ type: 'event', event: 'changed', data: {} });
    expect(wc.sent.length).toBe(before);
  });

  it('dispose removes the IPC listeners and closes every session', () => {
    const ipc = new FakeIpcMain();
    const host = echoHost();
    const bridge = installBridge(ipc as unknown as IpcMain, host.connect);
    ipc.deliver(IPC_HELLO, new FakeWebContents(), APP);
    bridge.dispose();
    expect(ipc.listenerCount(IPC_TO_HOST)).toBe(0);
    expect(ipc.listenerCount(IPC_HELLO)).toBe(0);
    expect(host.sessions[0].closed).toBe(true);
  });
});

describe('main process link to the host', () => {
  it('requests by id, rejects host errors, subscribes once per event', async () => {
    let session!: { send: (m: unknown) => void; received: unknown[] };
    const link = linkToHost((send) => {
      session = { send, received: [] };
      return {
        receive(m) {
          session.received.push(m);
          const r = m as { type: string; id: number; method: string };
          if (r.type !== 'request') return;
          if (r.method === 'wall.get') send({ type: 'response', id: r.id, result: { id: 'w' } });
          else send({ type: 'error', id: r.id, error: { code: 'not_implemented', message: 'no' } });
        },
        close() {},
      };
    });
    await expect(link.call('wall.get', {})).resolves.toEqual({ id: 'w' });
    await expect(link.call('nope' as never, {} as never)).rejects.toMatchObject({ code: 'not_implemented' });
    const seen: unknown[] = [];
    const off1 = link.on('layout.changed', (d) => seen.push(d));
    const off2 = link.on('layout.changed', (d) => seen.push(['second', d]));
    session.send({ type: 'event', event: 'layout.changed', data: 1 });
    expect(seen).toEqual([1, ['second', 1]]);
    off1();
    off2();
    expect(session.received.filter((m) => (m as { type: string }).type !== 'request')).toEqual([
      { type: 'subscribe', event: 'layout.changed' },
      { type: 'unsubscribe', event: 'layout.changed' },
    ]);
  });
});

describe('preload (sandboxed, with a fake electron module)', () => {
  it('exposes window.iocHost with send, onMessage, role and displayId, and says hello', async () => {
    const exposed: Record<string, any> = {};
    const ipcRenderer = Object.assign(new EventEmitter(), {
      sent: [] as unknown[][],
      invoked: [] as unknown[][],
      send(...a: unknown[]) {
        this.sent.push(a);
      },
      invoke(...a: unknown[]) {
        this.invoked.push(a);
        return Promise.resolve({ ok: false, message: 'x' });
      },
    });
    vi.resetModules();
    vi.doMock('electron', () => ({
      contextBridge: { exposeInMainWorld: (k: string, v: unknown) => (exposed[k] = v) },
      ipcRenderer,
    }));
    const argv = process.argv;
    process.argv = [...argv, '--ioc-role=wall', '--ioc-display=r1c2'];
    try {
      await import('../../electron/preload');
    } finally {
      process.argv = argv;
      vi.doUnmock('electron');
    }
    const api = exposed.iocHost;
    expect(Object.keys(api).sort()).toEqual(['displayId', 'enroll', 'onIdentify', 'onMessage', 'onState', 'role', 'send']);
    expect(api.role).toBe('wall');
    expect(api.displayId).toBe('r1c2');
    expect(ipcRenderer.sent).toEqual([[IPC_HELLO]]);

    api.send({ type: 'subscribe', event: 'changed' });
    expect(ipcRenderer.sent[1]).toEqual([IPC_TO_HOST, { type: 'subscribe', event: 'changed' }]);

    const got: unknown[] = [];
    const off = api.onMessage((m: unknown) => got.push(m));
    ipcRenderer.emit(IPC_FROM_HOST, {}, { type: 'event', event: 'changed', data: { domains: ['health'] } });
    off();
    ipcRenderer.emit(IPC_FROM_HOST, {}, { type: 'event', event: 'changed', data: { domains: ['land'] } });
    expect(got).toEqual([{ type: 'event', event: 'changed', data: { domains: ['health'] } }]);
    expect(() => api.onMessage('not a function')).toThrow(TypeError);

    // The state main sent before the page listened is replayed to a late listener, then followed.
    ipcRenderer.emit(IPC_STATE, {}, { state: 'down', retryInMs: 800 });
    const states: unknown[] = [];
    const offState = api.onState((s: string, info: unknown) => states.push([s, info]));
    ipcRenderer.emit(IPC_STATE, {}, { state: 'up' });
    offState();
    ipcRenderer.emit(IPC_STATE, {}, { state: 'down' });
    expect(states).toEqual([
      ['down', { retryInMs: 800 }],
      ['up', { retryInMs: undefined }],
    ]);

    const shown: unknown[] = [];
    api.onIdentify((m: unknown) => shown.push(m));
    ipcRenderer.emit(IPC_IDENTIFY, {}, { displayId: 'd1', nodeName: 'Tường A', until: 1 });
    expect(shown).toEqual([{ displayId: 'd1', nodeName: 'Tường A', until: 1 }]);

    // The enrollment code goes to main by invoke on its own channel, as text, bounded.
    await api.enroll('k7qm-2xpa');
    await api.enroll('X'.repeat(500));
    expect(ipcRenderer.invoked).toEqual([
      [IPC_ENROLL, 'k7qm-2xpa'],
      [IPC_ENROLL, 'X'.repeat(64)],
    ]);
  });
});
