/**
 * Console tab "Cảnh báo": the operator's alert inbox. Open / acknowledged / closed alerts from
 * 'alerts.list' (re-queried on 'alerts.changed'); for the selected one: acknowledge or resolve
 * with a note, answer a rule that asks before switching the wall, and open the alert's panel
 * drilled to its district right here. A sound on new alerts is available and off by default.
 * Text from rules and CAP senders is rendered as React text only, never as HTML.
 */
import type { TFunction } from 'i18next';
import { Suspense, useEffect, useMemo, useRef, useState } from 'react';
import type { Alert } from '../../../domains/alerts';
import type { Tile } from '../../../layouts/model';
import { SEVERITY_LOOK, useAlerts } from '../../alerts/hooks';
import '../../alerts/alerts.css';
import { useCommand } from '../../client/commands';
import { useHost } from '../../client/hooks';
import { useNow } from '../../components/hooks';
import { formatDateTime, formatRelativeAge } from '../../format';
import { useLang, useTranslation } from '../../i18n';
import { panelFor } from '../../panels/registry';
import { RulesEditor } from './RulesEditor';
import { raisedOfRule } from './by-rule';
import { newRaised } from './new-raised';

type Filter = 'open' | 'acknowledged' | 'closed';
const FILTERS: Filter[] = ['open', 'acknowledged', 'closed'];
const STATES: Record<Filter, Alert['state'][]> = {
  open: ['raised', 'acknowledged'],
  acknowledged: ['acknowledged'],
  closed: ['cleared', 'resolved'],
};

/** A short beep through Web Audio: no sound file to ship, nothing plays unless switched on. */
function beep(): void {
  try {
    const ctx = new AudioContext();
    const o = ctx.createOscillator();
    const g = ctx.createGain();
    o.frequency.value = 880;
    g.gain.value = 0.2;
    o.connect(g).connect(ctx.destination);
    o.start();
    o.stop(ctx.currentTime + 0.35);
    o.onended = () => void ctx.close();
  } catch {
    // No audio device: the inbox still shows the alert.
  }
}

function detailLines(a: Alert, t: TFunction): string[] {
  const d = a.detail as Record<string, unknown>;
  const out: string[] = [];
  for (const s of (d.stations as { name: string; aqi: number; time: string }[] | undefined) ?? []) out.push(`${s.name}: VN_AQI ${s.aqi} (${formatDateTime(s.time)})`);
  for (const g of (d.groups as Record<string, unknown>[] | undefined) ?? []) out.push(Object.entries(g).map(([k, v]) => `${k}: ${String(v)}`).join(', '));
  for (const f of (d.feeds as { name: string; minutes: number }[] | undefined) ?? []) out.push(`${f.name}: ${f.minutes} ph`);
  for (const m of (d.messages as { headline: string; severity: string; expires: string | null }[] | undefined) ?? [])
    out.push(`${m.severity}: ${m.headline}${m.expires ? ` (→ ${formatDateTime(m.expires)})` : ''}`);
  for (const c of (d.cameras as { name: string; minutes: number }[] | undefined) ?? []) out.push(`${c.name}: ${c.minutes} ph`);
  if (typeof d.count === 'number') out.push(`${d.count}`);
  // The host lists at most 50 of each (host/alerts/evaluate.ts MAX_DETAIL_ITEMS) and counts the rest.
  for (const key of ['stations', 'groups', 'feeds', 'messages', 'cameras']) {
    const more = d[`${key}More`];
    if (typeof more === 'number' && more > 0) out.push(t('alertsUi.inbox.more', { count: more }));
  }
  return out;
}

function JumpPanel({ alert, onClose }: { alert: Alert; onClose(): void }) {
  const { t } = useTranslation();
  const Panel = alert.panel ? panelFor(alert.panel) : null;
  if (!Panel) return null;
  const areaId = alert.area === '70' ? undefined : alert.area;
  const tile: Tile = { id: `jump-${alert.id}`, panel: alert.panel as Tile['panel'], view: '', options: areaId ? { areaId } : {}, rect: { x: 0, y: 0, w: 1200, h: 700 } };
  return (
    <div className="inbox__jump" data-jump-panel={alert.panel} data-jump-area={alert.area}>
      <div className="inbox__actions">
        <button type="button" onClick={onClose}>
          {t('alertsUi.inbox.closeJump')}
        </button>
      </div>
      <Suspense fallback={null}>
        <Panel tile={tile} size="large" areaId={areaId} onPainted={() => undefined} />
      </Suspense>
    </div>
  );
}

export default function AlertInbox() {
  const { t } = useTranslation();
  const { lang } = useLang();
  const now = useNow(30_000);
  const closeAlert = useCommand((client, a: { what: 'ack' | 'resolve'; id: number; note: string }) =>
    client.call(a.what === 'ack' ? 'alerts.acknowledge' : 'alerts.resolve', { id: a.id, note: a.note }), ['alerts.list']);
  const confirmWall = useCommand('alerts.confirmWall', ['alerts.list']);
  const ackRule = useCommand('alerts.acknowledgeRule', ['alerts.list']);
  const [filter, setFilter] = useState<Filter>('open');
  const list = useAlerts(STATES[filter]);
  const presets = useHost('preset.list', {});
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [form, setForm] = useState<'ack' | 'ackRule' | 'resolve' | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [jump, setJump] = useState(false);
  const [sound, setSound] = useState(false);

  const rows = useMemo(() => list.data?.alerts ?? [], [list.data]);
  const selected = rows.find((a) => a.id === selectedId) ?? rows[0] ?? null;
  const ofRule = raisedOfRule(rows, selected);
  useEffect(() => {
    setForm(null);
    setNote('');
    setError(null);
    setJump(false);
  }, [selected?.id]);

  // Sound cue: only when switched on, and only for alerts raised after the inbox opened.
  const seen = useRef<Set<number> | null>(null);
  useEffect(() => {
    const r = newRaised(seen.current, rows);
    if (r.fresh && sound) beep();
    seen.current = r.seen;
  }, [rows, sound]);

  const presetName = (id: string | null) => presets.data?.find((p) => p.id === id)?.name ?? id ?? '';
  const name = (a: Alert) => (lang === 'en' ? a.ruleNameEn : a.ruleName);

  async function act(what: 'ack' | 'ackRule' | 'resolve' | 'wallYes' | 'wallNo') {
    if (!selected) return;
    setError(null);
    try {
      if (what === 'ack' || what === 'ackRule' || what === 'resolve') {
        if (!note.trim()) {
          setError(t('alertsUi.inbox.noteRequired'));
          return;
        }
        if (what === 'ackRule') await ackRule.mutateAsync({ rule: selected.rule, note: note.trim() });
        else await closeAlert.mutateAsync({ what, id: selected.id, note: note.trim() });
        setForm(null);
        setNote('');
      } else {
        await confirmWall.mutateAsync({ id: selected.id, accept: what === 'wallYes' });
      }
    } catch (e) {
      setError(t('alertsUi.inbox.failed', { msg: e instanceof Error ? e.message : String(e) }));
    }
  }

  return (
    <div className="inbox" data-inbox>
      <section className="inbox__list" aria-label={t('alertsUi.inbox.title')}>
        <div className="inbox__filters">
          {FILTERS.map((f) => (
            <button key={f} type="button" aria-pressed={filter === f} data-filter={f} onClick={() => setFilter(f)}>
              {t(`alertsUi.${f}`)}
            </button>
          ))}
          <label>
            <input type="checkbox" checked={sound} onChange={(e) => setSound(e.target.checked)} data-sound /> {t('alertsUi.inbox.sound')}
          </label>
        </div>
        <RulesEditor />
        {rows.length === 0 ? <p>{t('alertsUi.none')}</p> : null}
        {list.data && list.data.total > rows.length ? <p data-inbox-more>{t('alertsUi.inbox.shownOf', { shown: rows.length, total: list.data.total })}</p> : null}
        {rows.map((a) => {
          const look = SEVERITY_LOOK[a.severity];
          return (
            <button
              key={a.id}
              type="button"
              className="inbox__row"
              style={{ ['--sev' as string]: look.color }}
              aria-selected={selected?.id === a.id}
              data-inbox-row={a.id}
              data-state={a.state}
              data-rule={a.rule}
              data-area={a.area}
              data-takeover={a.takeover}
              onClick={() => setSelectedId(a.id)}
            >
              <strong>
                {look.symbol} {t(`alertsUi.severity.${a.severity}`)}
              </strong>
              <span>
                {name(a)} — {a.areaName}
              </span>
              <span>{t(`alertsUi.state.${a.state}`)}</span>
              <span style={{ gridColumn: '2 / 4' }}>
                {t('alertsUi.age', { age: formatRelativeAge(a.raisedAt, now) })}
                {a.takeover === 'pending' ? ' · ⏸ ' + t('alertsUi.inbox.wallYes') + '?' : ''}
              </span>
            </button>
          );
        })}
      </section>

      {selected ? (
        <section className="inbox__detail" data-inbox-detail={selected.id}>
          <h2>
            {SEVERITY_LOOK[selected.severity].symbol} {t(`alertsUi.severity.${selected.severity}`)} · {name(selected)}
          </h2>
          <div>
            {selected.areaName} · {t(`alertsUi.state.${selected.state}`)} · {t('alertsUi.inbox.raisedAt')} {formatDateTime(selected.raisedAt)}
            {selected.value !== null ? ` · ${t('alertsUi.inbox.value')}: ${selected.value}` : ''}
          </div>
          <pre>{detailLines(selected, t).join('\n')}</pre>
          {selected.acknowledgedAt ? (
            <div>
              ✓ {t('alertsUi.state.acknowledged')}: {t('alertsUi.inbox.by', { who: selected.acknowledgedBy, at: formatDateTime(selected.acknowledgedAt) })} — {selected.note}
            </div>
          ) : null}
          {selected.closedAt ? (
            <div>
              {t(`alertsUi.state.${selected.state}`)}: {t('alertsUi.inbox.by', { who: selected.closedBy, at: formatDateTime(selected.closedAt) })}
              {selected.closeNote ? ` — ${selected.closeNote}` : ''}
            </div>
          ) : null}

          {selected.takeover === 'pending' ? (
            <div className="inbox__ask" data-wall-ask={selected.id}>
              <span>{t('alertsUi.inbox.wallAsk', { preset: presetName(selected.takeoverPresetId), area: selected.areaName })}</span>
              <div className="inbox__actions">
                <button type="button" data-action="wall-yes" onClick={() => void act('wallYes')}>
                  {t('alertsUi.inbox.wallYes')}
                </button>
                <button type="button" data-action="wall-no" onClick={() => void act('wallNo')}>
                  {t('alertsUi.inbox.wallNo')}
                </button>
              </div>
            </div>
          ) : null}
          {selected.takeover === 'active' ? <div data-wall-active>{t('alertsUi.inbox.wallActive', { preset: presetName(selected.takeoverPresetId) })}</div> : null}

          <div className="inbox__actions">
            {selected.state === 'raised' ? (
              <button type="button" data-action="ack" onClick={() => setForm('ack')}>
                {t('alertsUi.inbox.ack')}
              </button>
            ) : null}
            {ofRule ? (
              <button type="button" data-action="ack-rule" onClick={() => setForm('ackRule')}>
                {t('alertsUi.inbox.ackRule', { count: ofRule.count })}
              </button>
            ) : null}
            {selected.state === 'raised' || selected.state === 'acknowledged' ? (
              <button type="button" data-action="resolve" onClick={() => setForm('resolve')}>
                {t('alertsUi.inbox.resolve')}
              </button>
            ) : null}
            {selected.panel ? (
              <button type="button" data-action="jump" onClick={() => setJump(true)}>
                {t('alertsUi.inbox.jump', { area: selected.areaName })}
              </button>
            ) : null}
          </div>
          {form ? (
            <form
              className="inbox__form"
              onSubmit={(e) => {
                e.preventDefault();
                void act(form);
              }}
            >
              <label>
                {t('alertsUi.inbox.note')}
                <textarea name="note" value={note} placeholder={t('alertsUi.inbox.notePlaceholder')} onChange={(e) => setNote(e.target.value)} autoFocus />
              </label>
              <div className="inbox__actions">
                <button type="submit" data-action="save">
                  {t('alertsUi.inbox.save')}
                </button>
                <button type="button" onClick={() => setForm(null)}>
                  {t('alertsUi.inbox.cancel')}
                </button>
              </div>
            </form>
          ) : null}
          {error ? (
            <div className="inbox__error" role="alert">
              {error}
            </div>
          ) : null}
          {jump ? <JumpPanel alert={selected} onClose={() => setJump(false)} /> : null}
        </section>
      ) : null}
    </div>
  );
}
