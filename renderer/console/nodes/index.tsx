/**
 * "Máy trạm": every enrolled machine of the room — online, offline (no heartbeat for 30 s),
 * waiting to enroll or revoked; a version other than the host's; last seen; what each display
 * shows; uptime, memory (and a desktop node's memory guard), crashes, round trip, a waiting update. Live through 'nodes.changed',
 * and asked again on a timer so a node that falls silent turns offline without any event.
 * Per node: identify, reload, screenshot; for an admin also a new code and revoke.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { HostError } from '../../../host/api/client/HostClient';
import type { DisplayShot, NodeInfo } from '../../../host/api/contract';
import { useCommand } from '../../client/commands';
import { useHostClient } from '../../client/context';
import { hostKey } from '../../client/hooks';
import { useNow } from '../../components/hooks';
import { formatDateTime, formatTime } from '../../format';
import type { Lang } from '../../../domains/text';
import type { TFunction } from 'i18next';
import { useLang, useTranslation } from '../../i18n';
import { isAdmin, useWhoami } from '../whoami';
import { AddNode, CodeCard } from './AddNode';
import { BROWSER_CANNOT_SCREENSHOT } from '../../node/heartbeat';
import { clockOff, formatGuardWindow, formatMB, formatMemory, formatSeenAgo, formatUptime, nodeTimeOnHost } from './format';
import './i18n';
import './nodes.css';

/** The host decides online/offline by its own clock; asking again this often bounds the lag. */
const RELIST_EVERY_MS = 5_000;

/** An action's outcome stays this long, so it is not mistaken for the next action's. */
const NOTICE_FOR_MS = 10_000;

type Notice = { ok: boolean; text: string } | null;
type Shots = { nodeId: string; name: string } & ({ state: 'waiting' } | { state: 'done'; displays: DisplayShot[] } | { state: 'failed'; message: string });

function useNodes() {
  const client = useHostClient();
  const qc = useQueryClient();
  return useQuery({
    queryKey: hostKey('nodes.list', {}),
    queryFn: () => client.call('nodes.list', {}),
    refetchInterval: RELIST_EVERY_MS,
  });
}

/**
 * The host calls a node online while its last heartbeat is under 30 s old; a node whose every
 * connection has closed is gone now, so it is shown offline at once rather than 30 s later.
 */
export function shownState(node: Pick<NodeInfo, 'state' | 'connections'>): NodeInfo['state'] {
  return node.state === 'online' && node.connections === 0 ? 'offline' : node.state;
}

function StateBadge({ node }: { node: NodeInfo }) {
  const { t } = useTranslation();
  const state = shownState(node);
  return (
    <span className={`nv-badge nv-badge--${state}`} data-node-state={state}>
      {t(`nodesView.state.${state}`)}
    </span>
  );
}

function Displays({ node }: { node: NodeInfo }) {
  const { t } = useTranslation();
  const hb = node.heartbeat;
  if (!hb) return <span className="nv-sub">–</span>;
  return (
    <div>
      <ul className="nv-displays">
        {hb.displays.map((d) => (
          <li key={d.id}>
            <strong>{d.id}</strong> {d.width}×{d.height}
            {d.label && d.label !== `${d.width}×${d.height}` ? <span className="nv-sub"> · {d.label}</span> : null}
          </li>
        ))}
      </ul>
      <div className="nv-sub" data-showing={hb.showing.join(',')}>
        {hb.showing.length ? t('nodesView.showing', { ids: hb.showing.join(', ') }) : t('nodesView.showingNothing')}
      </div>
    </div>
  );
}

/** A PC whose clock is off the host's: its logs and OS times mislead, and NTP should be set. */
function ClockOff({ node, lang }: { node: NodeInfo; lang: Lang }) {
  const { t } = useTranslation();
  const off = node.state === 'revoked' ? null : clockOff(node.clockOffsetSec);
  if (!off) return null;
  return (
    <div className="nv-warn" data-clock-off={node.clockOffsetSec}>
      {t(off.ahead ? 'nodesView.clockAhead' : 'nodesView.clockBehind', { amount: formatUptime(off.sec, lang) })}
    </div>
  );
}

type Guard = NonNullable<NonNullable<NodeInfo['heartbeat']>['memoryGuard']>;

/** What the guard's state means for the app, in words: above the ceiling, what it waits for (the window by its hours). */
function guardState(g: Guard, t: TFunction): string {
  // A node waits for the window only when one is configured, and then reports it.
  if (g.state === 'waiting' && g.waitingFor === 'window' && g.window) {
    return t('nodesView.guard.state.window', { hours: formatGuardWindow(g.window) });
  }
  if (g.state === 'waiting' && g.waitingFor && g.waitingFor !== 'window') return t(`nodesView.guard.state.${g.waitingFor}`);
  return t(`nodesView.guard.state.${g.state}`);
}

/** Why the guard last restarted the app, worded from its figures. */
function guardRestartReason(r: NonNullable<Guard['lastRestart']>, t: TFunction): string {
  const figures = { total: formatMB(r.memoryMB), ceiling: formatMB(r.ceilingMB) };
  return r.topType
    ? t('nodesView.guard.reasonTop', { ...figures, type: r.topType.type, mb: formatMB(r.topType.mb) })
    : t('nodesView.guard.reason', figures);
}

/**
 * A desktop node's memory guard (electron/memory-guard.ts), in place of the plain memory line:
 * the memory against the ceiling and what the guard is doing; its last restart, a raised
 * ceiling and a state file it cannot write only when there are any.
 */
function MemoryGuardLines({ node, memoryMB, guard: g }: { node: NodeInfo; memoryMB: number; guard: Guard }) {
  const { t } = useTranslation();
  const state = guardState(g, t);
  const value = formatMB(memoryMB);
  const over = g.state === 'above' || g.state === 'waiting';
  const restart = g.lastRestart;
  const raised = g.raised;
  return (
    <>
      <li
        className={over ? 'nv-warn' : undefined}
        data-memory-guard={g.state}
        title={g.byType.length ? g.byType.map((p) => `${p.type} ${formatMB(p.mb)}`).join(' · ') : undefined}
      >
        {g.enabled && g.ceilingMB !== null && g.ceilingFrom !== null
          ? t('nodesView.guard.memory', { value, ceiling: formatMB(g.ceilingMB), from: t(`nodesView.guard.from.${g.ceilingFrom}`), state })
          : t('nodesView.guard.memoryNoCeiling', { value, state })}
      </li>
      {restart ? (
        <li data-memory-guard-restart>
          {t('nodesView.guard.restart', {
            time: formatDateTime(nodeTimeOnHost(restart.at, node.clockOffsetSec)),
            reason: guardRestartReason(restart, t),
          })}
        </li>
      ) : null}
      {raised ? (
        <li className="nv-warn" data-memory-guard-note="raised">
          {t('nodesView.guard.raised', {
            raised: formatMB(raised.ceilingMB),
            minutes: raised.afterMinutes,
            at: formatMB(raised.fromCeilingMB),
            level: formatMB(raised.memoryMB),
          })}
        </li>
      ) : null}
      {g.stateFileError ? (
        <li className="nv-warn" data-memory-guard-note="unwritable">
          {t('nodesView.guard.unwritable')}
        </li>
      ) : null}
    </>
  );
}

function Health({ node, now }: { node: NodeInfo; now: Date }) {
  const { t } = useTranslation();
  const { lang } = useLang();
  const hb = node.heartbeat;
  if (!hb) return <span className="nv-sub">–</span>;
  return (
    <ul className="nv-health">
      <li>
        {t(`nodesView.kind.${hb.kind}`)} · v{hb.version}
      </li>
      <li>{t('nodesView.uptime', { value: formatUptime(hb.uptimeSec, lang) })}</li>
      {hb.memoryGuard ? (
        <MemoryGuardLines node={node} memoryMB={hb.memoryMB} guard={hb.memoryGuard} />
      ) : (
        <li>{t('nodesView.memory', { value: formatMemory(hb.memoryMB) })}</li>
      )}
      <li className={hb.rendererCrashes > 0 ? 'nv-warn' : undefined}>{t('nodesView.crashes', { n: hb.rendererCrashes })}</li>
      {hb.rttMs !== null ? <li>{t('nodesView.rtt', { ms: hb.rttMs })}</li> : null}
      {hb.lastPaintAt ? <li>{t('nodesView.lastPaint', { ago: formatSeenAgo(hb.lastPaintAt, now, lang) })}</li> : null}
      {hb.pendingUpdate ? <li className="nv-warn">{t('nodesView.pendingUpdate', { version: hb.pendingUpdate })}</li> : null}
    </ul>
  );
}

function ShotsView({ shots, onClose }: { shots: Shots; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <section className="nv-card" data-screenshots={shots.nodeId}>
      <h3>{t('nodesView.shots.title', { name: shots.name })}</h3>
      {shots.state === 'waiting' ? <p>{t('nodesView.shots.waiting')}</p> : null}
      {shots.state === 'failed' ? (
        <p className="nv-error" role="alert" data-screenshot-error>
          {shots.message.includes(BROWSER_CANNOT_SCREENSHOT) ? t('nodesView.shots.browser') : t('nodesView.shots.failed', { message: shots.message })}
        </p>
      ) : null}
      {shots.state === 'done' ? (
        shots.displays.length ? (
          <ul className="nv-shots">
            {shots.displays.map((d) => (
              <li key={d.displayId}>
                <img src={d.dataUrl} alt={d.displayId} width={Math.min(480, d.width)} />
                <span>
                  {d.displayId} · {d.width}×{d.height}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('nodesView.shots.none')}</p>
        )
      ) : null}
      <button type="button" className="nv-btn" onClick={onClose}>
        {t('nodesView.actions.close')}
      </button>
    </section>
  );
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export default function NodesTab() {
  const { t } = useTranslation();
  const { lang } = useLang();
  const who = useWhoami();
  const admin = isAdmin(who);
  const nodes = useNodes();
  const now = useNow(1000);
  const [adding, setAdding] = useState<'desktop' | 'browser' | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [code, setCode] = useState<{ name: string; code: string; expiresAt: string } | null>(null);
  const [confirmRevoke, setConfirmRevoke] = useState<string | null>(null);
  const [shots, setShots] = useState<Shots | null>(null);
  const [forbidden, setForbidden] = useState(false);
  useEffect(() => {
    if (!notice) return;
    const timer = window.setTimeout(() => setNotice(null), NOTICE_FOR_MS);
    return () => window.clearTimeout(timer);
  }, [notice]);

  const fail = (err: unknown) => {
    // A console node that somehow shows admin controls (its role changed): hide them from now on.
    if (err instanceof HostError && err.code === 'forbidden') setForbidden(true);
    setNotice({ ok: false, text: err instanceof HostError && err.code === 'forbidden' ? t('nodesView.forbidden') : messageOf(err) });
  };
  const sendCommand = useCommand('node.command');
  const takeScreenshot = useCommand('node.screenshot');
  const issueCode = useCommand('nodes.code', ['nodes.list']);
  const revokeNode = useCommand('nodes.revoke', ['nodes.list']);

  const command = async (node: NodeInfo, cmd: 'identify' | 'reload') => {
    try {
      const { sent } = await sendCommand.mutateAsync({ id: node.id, command: cmd });
      setNotice(sent > 0 ? { ok: true, text: t(`nodesView.sent.${cmd}`, { n: sent, name: node.name }) } : { ok: false, text: t('nodesView.sent.none', { name: node.name }) });
    } catch (err) {
      fail(err);
    }
  };
  const screenshot = async (node: NodeInfo) => {
    setShots({ nodeId: node.id, name: node.name, state: 'waiting' });
    try {
      const { displays } = await takeScreenshot.mutateAsync({ id: node.id });
      setShots((s) => (s?.nodeId === node.id ? { nodeId: node.id, name: node.name, state: 'done', displays } : s));
    } catch (err) {
      setShots((s) => (s?.nodeId === node.id ? { nodeId: node.id, name: node.name, state: 'failed', message: messageOf(err) } : s));
    }
  };
  const newCode = async (node: NodeInfo) => {
    try {
      const c = await issueCode.mutateAsync({ id: node.id });
      setCode({ name: node.name, ...c });
    } catch (err) {
      fail(err);
    }
  };
  const revoke = async (node: NodeInfo) => {
    setConfirmRevoke(null);
    try {
      const { closed } = await revokeNode.mutateAsync({ id: node.id });
      setNotice({ ok: true, text: t('nodesView.sent.revoked', { name: node.name, closed }) });
    } catch (err) {
      fail(err);
    }
  };

  const list = nodes.data ?? [];
  const showAdmin = admin && !forbidden;
  const online = list.filter((n) => shownState(n) === 'online').length;
  return (
    <div className="nv" data-nodes-admin={showAdmin ? 'true' : 'false'}>
      <div className="nv-head">
        <h2>{t('nodesView.title')}</h2>
        <span className="nv-sub" data-nodes-summary>
          {t('nodesView.summary', { online, total: list.filter((n) => n.state !== 'revoked').length })}
        </span>
        {showAdmin ? (
          <>
            <button type="button" className="nv-btn nv-btn--primary" onClick={() => setAdding('desktop')} data-action="add-node">
              {t('nodesView.add.node')}
            </button>
            <button type="button" className="nv-btn nv-btn--primary" onClick={() => setAdding('browser')} data-action="add-browser">
              {t('nodesView.add.browser')}
            </button>
          </>
        ) : null}
      </div>
      {who && !showAdmin ? <p className="nv-sub">{t('nodesView.readOnly')}</p> : null}
      {notice ? (
        <p className={notice.ok ? 'nv-msg' : 'nv-msg nv-msg--error'} role={notice.ok ? 'status' : 'alert'} data-nodes-notice>
          {notice.text}
        </p>
      ) : null}
      {adding && showAdmin ? (
        <AddNode
          key={adding}
          browser={adding === 'browser'}
          onDone={() => setAdding(null)}
        />
      ) : null}
      {code ? <CodeCard {...code} onClose={() => setCode(null)} /> : null}
      {shots ? <ShotsView shots={shots} onClose={() => setShots(null)} /> : null}
      {nodes.error ? (
        <p className="nv-msg nv-msg--error" role="alert">
          {messageOf(nodes.error)}
        </p>
      ) : null}
      {nodes.isSuccess && list.length === 0 ? <p className="nv-msg">{t('nodesView.empty')}</p> : null}
      {list.length ? (
        <table>
          <thead>
            <tr>
              <th>{t('nodesView.col.node')}</th>
              <th>{t('nodesView.col.state')}</th>
              <th>{t('nodesView.col.seen')}</th>
              <th>{t('nodesView.col.displays')}</th>
              <th>{t('nodesView.col.health')}</th>
              <th>{t('nodesView.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((n) => {
              const live = shownState(n) === 'online';
              return (
                <tr key={n.id} data-node-id={n.id} data-node-name={n.name} className={n.state === 'revoked' ? 'nv-row--revoked' : undefined}>
                  <td>
                    <div className="nv-name">{n.name}</div>
                    <div className="nv-sub">
                      {t(`nodesView.role.${n.role}`)} · {n.id}
                    </div>
                  </td>
                  <td>
                    <StateBadge node={n} />
                    {n.versionDiffers && n.heartbeat ? (
                      <div className="nv-warn" data-version-differs>
                        {t('nodesView.versionDiffers', { version: n.heartbeat.version })}
                      </div>
                    ) : null}
                    <ClockOff node={n} lang={lang} />
                    {n.state !== 'revoked' && n.connections > 0 ? <div className="nv-sub">{t('nodesView.connections', { n: n.connections })}</div> : null}
                    {n.codeExpiresAt ? <div className="nv-sub">{t('nodesView.codeWaiting', { time: formatTime(n.codeExpiresAt) })}</div> : null}
                  </td>
                  <td title={n.lastSeenAt ? formatDateTime(n.lastSeenAt) : undefined} data-last-seen>
                    {n.lastSeenAt ? formatSeenAgo(n.lastSeenAt, now, lang) : <span className="nv-sub">{t('nodesView.never')}</span>}
                  </td>
                  <td>
                    <Displays node={n} />
                  </td>
                  <td>
                    <Health node={n} now={now} />
                  </td>
                  <td>
                    <div className="nv-actions">
                      {n.state !== 'revoked' ? (
                        <>
                          <button type="button" className="nv-btn" disabled={!live} onClick={() => void command(n, 'identify')} data-action="identify">
                            {t('nodesView.actions.identify')}
                          </button>
                          <button type="button" className="nv-btn" disabled={!live} onClick={() => void command(n, 'reload')} data-action="reload">
                            {t('nodesView.actions.reload')}
                          </button>
                          <button type="button" className="nv-btn" disabled={!live} onClick={() => void screenshot(n)} data-action="screenshot">
                            {t('nodesView.actions.screenshot')}
                          </button>
                        </>
                      ) : null}
                      {showAdmin && n.state !== 'revoked' ? (
                        <>
                          <button type="button" className="nv-btn" onClick={() => void newCode(n)} data-action="new-code">
                            {t('nodesView.actions.newCode')}
                          </button>
                          <button type="button" className="nv-btn nv-btn--danger" onClick={() => setConfirmRevoke(n.id)} data-action="revoke">
                            {t('nodesView.actions.revoke')}
                          </button>
                        </>
                      ) : null}
                    </div>
                    {confirmRevoke === n.id ? (
                      <div className="nv-confirm" role="alertdialog" aria-label={t('nodesView.actions.revoke')}>
                        <p>{t('nodesView.actions.revokeConfirm', { name: n.name })}</p>
                        <button type="button" className="nv-btn nv-btn--danger" onClick={() => void revoke(n)} data-action="revoke-confirm">
                          {t('nodesView.actions.revokeYes')}
                        </button>
                        <button type="button" className="nv-btn" onClick={() => setConfirmRevoke(null)}>
                          {t('nodesView.actions.cancel')}
                        </button>
                      </div>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
