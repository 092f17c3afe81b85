/**
 * "Bố cục tường" — the operator's layout editor: the wall to scale with the preset being edited,
 * a palette of panels, the tile inspector, preset commands (save, save as, rename, duplicate,
 * delete, import/export JSON, show on wall), the wall's displays, the schedule and playlists,
 * and what is live now and what comes next.
 */
import './i18n';
import { saveTextFile } from '../../desktop-files';
import './editor.css';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ActiveLayout, PresetRecord } from '../../../host/api/contract';
import type { Layout, Wall } from '../../../layouts/model';
import type { ScheduleConfig } from '../../../layouts/schedule';
import { HostError } from '../../../host/api/client/HostClient';
import { failureText, useCommand, type Refreshes } from '../../client/commands';
import { WS_MAX_MESSAGE_BYTES } from '../../client/transport';
import { hostKey, useHost } from '../../client/hooks';
import { newId } from '../../../base/random-id';
import { formatLanguage, locale, sameProvinceDay, TIME_ZONE } from '../../format';
import { hostNow } from '../../client/host-clock';
import { initHistory, pushHistory, redo, undo, type History } from './history';
import { Inspector } from './Inspector';
import { ScheduleEditor } from './ScheduleEditor';
import { WallEditor } from './WallEditor';
import { WallSettings } from './WallSettings';
import { fileText } from './file-text';
import { refusedForItsWall } from './import-refusal';
import { useTranslation } from '../../i18n';

const stripRecord = ({ bundled: _b, updatedAt: _u, ...l }: PresetRecord): Layout => l;

/** Width of an element that may mount later (after data loads): a callback ref, not a ref object. */
function useWidth<T extends HTMLElement>() {
  const [el, setEl] = useState<T | null>(null);
  const [w, setW] = useState(900);
  useEffect(() => {
    if (!el) return;
    const ro = new ResizeObserver(([e]) => setW(Math.max(320, e!.contentRect.width)));
    ro.observe(el);
    return () => ro.disconnect();
  }, [el]);
  return [setEl, w] as const;
}

function when(iso: string): string {
  const d = new Date(iso);
  const sameDay = sameProvinceDay(d, hostNow());
  return new Intl.DateTimeFormat(locale(formatLanguage()), {
    timeZone: TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    ...(sameDay ? {} : { weekday: 'short', day: '2-digit', month: '2-digit' }),
  }).format(d);
}

/** What an edit of presets, the wall or the schedule may change on the host. */
const EDITED: Refreshes = ['preset.list', 'wall.get', 'schedule.get', 'layout.active'];

type Message = {
  kind: 'ok' | 'error';
  text: string;
  issues?: { path: string; message: string }[];
  /** A way out offered with the message (e.g. import the file again without its wall). */
  action?: { id: string; label: string; run(): void };
};

export default function LayoutEditor() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  // The displays take the active layout from 'layout.changed' (and activate's answer below).
  const { mutate: cue } = useCommand('preset.cue');
  const savePreset = useCommand('preset.save', EDITED);
  const activate = useCommand('preset.activate');
  const duplicatePreset = useCommand('preset.duplicate', EDITED);
  const deletePreset = useCommand('preset.delete', EDITED);
  const exportLayouts = useCommand('layouts.export');
  const importLayouts = useCommand('layouts.import', EDITED);
  const saveWallCmd = useCommand('wall.save', EDITED);
  const saveScheduleCmd = useCommand('schedule.save', EDITED);
  const playlist = useCommand('playlist.start');
  const releaseCmd = useCommand('layout.release');
  const wallQ = useHost('wall.get', {});
  const presetsQ = useHost('preset.list', {});
  const activeQ = useHost('layout.active', {});
  const scheduleQ = useHost('schedule.get', {});
  const [stageRef, stageWidth] = useWidth<HTMLDivElement>();

  const [presetId, setPresetId] = useState<string | null>(null);
  const [hist, setHist] = useState<History<Layout> | null>(null);
  const [savedJson, setSavedJson] = useState<string>('');
  const [selected, setSelected] = useState<string | null>(null);
  const [msg, setMsg] = useState<Message | null>(null);
  const [naming, setNaming] = useState<{ mode: 'saveAs' | 'rename'; name: string } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const wall = wallQ.data;
  const presets = presetsQ.data ?? [];
  const active = activeQ.data;

  const open = useCallback((rec: PresetRecord | Layout) => {
    const layout = 'bundled' in rec ? stripRecord(rec) : rec;
    // Let the displays prepare it while the operator looks at it (preview, then take).
    // A hint only: a refused cue costs a slower take, nothing to tell the operator.
    if ('bundled' in rec) cue({ id: rec.id });
    setPresetId(layout.id);
    setHist(initHistory(layout));
    setSavedJson(JSON.stringify(layout));
    setSelected(null);
  }, [cue]);

  // Start on what the wall shows now.
  useEffect(() => {
    if (presetId || !presetsQ.data || !activeQ.data) return;
    const first = presetsQ.data.find((p) => p.id === activeQ.data?.layout?.id) ?? presetsQ.data[0];
    if (first) open(first);
  }, [presetId, presetsQ.data, activeQ.data, open]);

  // A wall change on the host refits every preset: reload the one open if it has no edits.
  const draft = hist?.present ?? null;
  const dirty = !!draft && JSON.stringify(draft) !== savedJson;
  useEffect(() => {
    if (!presetId || dirty) return;
    const rec = presets.find((p) => p.id === presetId);
    if (rec && JSON.stringify(stripRecord(rec)) !== savedJson) open(rec);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new preset list from the host reloads; an edit or a save (savedJson) must not
  }, [presetsQ.data]);

  const fail = (err: unknown) => {
    const e = err as HostError;
    setMsg({ kind: 'error', text: failureText(t, 'layoutEditor.failed', e), issues: e.issues });
  };
  const ok = (text: string) => setMsg({ kind: 'ok', text });
  const commit = (layout: Layout) => setHist((h) => (h ? pushHistory(h, layout) : h));

  async function save(layout: Layout = draft!): Promise<PresetRecord | null> {
    try {
      const rec = await savePreset.mutateAsync({ layout });
      // Keep the undo history across a save: the saved state becomes the present.
      const saved = stripRecord(rec);
      setPresetId(saved.id);
      setSavedJson(JSON.stringify(saved));
      setHist((h) => (h ? pushHistory(h, saved) : initHistory(saved)));
      ok(t('layoutEditor.saved', { name: rec.name }));
      return rec;
    } catch (err) {
      fail(err);
      return null;
    }
  }

  async function showOnWall() {
    if (!draft) return;
    let id = draft.id;
    if (dirty || !presets.some((p) => p.id === id)) {
      const rec = await save();
      if (!rec) return;
      id = rec.id;
    }
    try {
      const res = await activate.mutateAsync({ id });
      qc.setQueryData(hostKey('layout.active', {}), res);
      ok(t('layoutEditor.shown', { name: res.layout?.name ?? id }));
    } catch (err) {
      fail(err);
    }
  }

  async function finishNaming() {
    if (!naming || !draft) return;
    const name = naming.name.trim();
    if (!name) return;
    setNaming(null);
    if (naming.mode === 'saveAs') await save({ ...draft, id: newId('p'), name });
    else await save({ ...draft, name });
  }

  async function duplicate() {
    if (!draft) return;
    try {
      const rec = await duplicatePreset.mutateAsync({ id: draft.id, name: t('layoutEditor.copyOf', { name: draft.name }) });
      open(rec);
      ok(t('layoutEditor.saved', { name: rec.name }));
    } catch (err) {
      fail(err);
    }
  }

  async function remove() {
    if (!draft) return;
    if (!confirmDelete) return setConfirmDelete(true);
    setConfirmDelete(false);
    try {
      await deletePreset.mutateAsync({ id: draft.id });
      ok(t('layoutEditor.deleted', { name: draft.name }));
      setPresetId(null);
      setHist(null);
    } catch (err) {
      fail(err);
    }
  }

  function newPreset() {
    if (!wall) return;
    const layout: Layout = { id: newId('p'), name: t('layoutEditor.newName'), wallId: wall.id, tiles: [] };
    setPresetId(layout.id);
    setHist(initHistory(layout));
    setSavedJson('');
    setSelected(null);
  }

  async function exportJson() {
    try {
      const file = await exportLayouts.mutateAsync({});
      // A save dialog in the desktop app (downloads are refused there), a download in a browser.
      const r = await saveTextFile(`ioc-wall-layouts-${new Date().toISOString().slice(0, 10)}.json`, JSON.stringify(file, null, 2));
      if (r.saved && r.path) ok(t('layoutEditor.exported', { path: r.path }));
      else if (!r.saved && r.reason !== 'cancelled') fail(new Error(r.message ?? r.reason));
    } catch (err) {
      fail(err);
    }
  }

  async function importJson(f: File) {
    let parsed: unknown;
    // Reading and parsing a file of hundreds of MB could take the console (and the unsaved
    // draft) down; the host would refuse it anyway.
    if (f.size > WS_MAX_MESSAGE_BYTES) {
      const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
      return setMsg({ kind: 'error', text: t('layoutEditor.importRefused'), issues: [{ path: '(root)', message: t('layoutEditor.importTooLarge', { size: mb(f.size), max: mb(WS_MAX_MESSAGE_BYTES) }) }] });
    }
    const read = fileText(new Uint8Array(await f.arrayBuffer()));
    if (!read.ok) return setMsg({ kind: 'error', text: t('layoutEditor.importRefused'), issues: [{ path: '(root)', message: t('layoutEditor.importNotUtf8') }] });
    try {
      parsed = JSON.parse(read.text);
    } catch (err) {
      return setMsg({ kind: 'error', text: t('layoutEditor.importRefused'), issues: [{ path: '(root)', message: (err as Error).message }] });
    }
    await sendImport(parsed, true);
  }

  /** `withWall: false` leaves the file's wall out: its presets and schedule, on the wall as it is. */
  async function sendImport(parsed: unknown, withWall: boolean) {
    try {
      const s = await importLayouts.mutateAsync({ file: parsed, wall: withWall });
      setPresetId(null);
      setHist(null);
      ok(
        t('layoutEditor.imported', {
          presets: s.presets,
          wall: s.wall ? t('layoutEditor.importedWall') : '',
          schedule: s.schedule ? t('layoutEditor.importedSchedule') : '',
        }) + (withWall ? '' : ` ${t('layoutEditor.importedWallKept')}`),
      );
    } catch (err) {
      const e = err as HostError;
      if (withWall && refusedForItsWall(e)) {
        // Not a problem to fix in the file: say who may do it, and offer what this desk may do.
        return setMsg({
          kind: 'error',
          text: t('layoutEditor.importWallForbidden'),
          action: { id: 'import-without-wall', label: t('layoutEditor.importWithoutWall'), run: () => void sendImport(parsed, false) },
        });
      }
      setMsg({ kind: 'error', text: t('layoutEditor.importRefused'), issues: e.issues?.length ? e.issues : [{ path: '(root)', message: e.message }] });
    }
  }

  async function saveWall(next: Wall) {
    try {
      await saveWallCmd.mutateAsync({ wall: next });
      ok(t('layoutEditor.wall.saved', { cols: next.cols, rows: next.rows }));
    } catch (err) {
      fail(err);
    }
  }

  async function saveSchedule(cfg: ScheduleConfig) {
    try {
      await saveScheduleCmd.mutateAsync(cfg);
      ok(t('layoutEditor.schedule.saved'));
    } catch (err) {
      fail(err);
    }
  }

  async function startPlaylist(id: string) {
    try {
      await playlist.mutateAsync({ id });
    } catch (err) {
      fail(err);
    }
  }

  async function release() {
    try {
      await releaseCmd.mutateAsync({});
    } catch (err) {
      fail(err);
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const tag = (e.target as HTMLElement).tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return;
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key.toLowerCase() === 'z' && !e.shiftKey) {
      e.preventDefault();
      setHist((h) => (h ? undo(h) : h));
    } else if (mod && (e.key.toLowerCase() === 'y' || (e.key.toLowerCase() === 'z' && e.shiftKey))) {
      e.preventDefault();
      setHist((h) => (h ? redo(h) : h));
    }
  }

  if (!wall || !presetsQ.data) return <p>{t('panel.loading')}</p>;
  const selectedTile = draft?.tiles.find((x) => x.id === selected) ?? null;
  const isStored = !!draft && presets.some((p) => p.id === draft.id);
  // A second click while a preset command runs would save or delete twice.
  const busy = savePreset.isPending || activate.isPending || duplicatePreset.isPending || deletePreset.isPending;

  return (
    <div className="le" onKeyDown={onKeyDown} data-editing-preset={draft?.id} data-dirty={dirty ? 'true' : undefined}>
      <LiveLine active={active} presets={presets} onRelease={release} />

      <div className="le-toolbar" role="toolbar">
        <label className="le-field le-field--inline">
          <span>{t('layoutEditor.preset')}</span>
          <select
            name="preset"
            value={draft?.id ?? ''}
            onChange={(e) => {
              const rec = presets.find((p) => p.id === e.target.value);
              if (rec) open(rec);
            }}
          >
            {!isStored && draft ? <option value={draft.id}>{draft.name} ({t('layoutEditor.unsaved')})</option> : null}
            {presets.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
                {p.bundled ? ` (${t('layoutEditor.bundled')})` : ''}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="le-btn" data-action="new" onClick={newPreset}>
          {t('layoutEditor.newPreset')}
        </button>
        <button type="button" className="le-btn" data-action="save" disabled={busy || !draft || (!dirty && isStored)} onClick={() => void save()}>
          {t('layoutEditor.save')}
        </button>
        <button type="button" className="le-btn" data-action="save-as" disabled={!draft} onClick={() => setNaming({ mode: 'saveAs', name: draft ? t('layoutEditor.copyOf', { name: draft.name }) : '' })}>
          {t('layoutEditor.saveAs')}
        </button>
        <button type="button" className="le-btn" data-action="rename" disabled={!draft} onClick={() => setNaming({ mode: 'rename', name: draft?.name ?? '' })}>
          {t('layoutEditor.rename')}
        </button>
        <button type="button" className="le-btn" data-action="duplicate" disabled={busy || !isStored} onClick={() => void duplicate()}>
          {t('layoutEditor.duplicate')}
        </button>
        <button type="button" className="le-btn le-btn--danger" data-action="delete" disabled={busy || !isStored} onClick={() => void remove()} onBlur={() => setConfirmDelete(false)}>
          {confirmDelete && draft ? t('layoutEditor.confirmDelete', { name: draft.name }) : t('layoutEditor.delete')}
        </button>
        <span className="le-sep" />
        <button type="button" className="le-btn" data-action="undo" disabled={!hist?.past.length} onClick={() => setHist((h) => (h ? undo(h) : h))} title="Ctrl+Z">
          {t('layoutEditor.undo')}
        </button>
        <button type="button" className="le-btn" data-action="redo" disabled={!hist?.future.length} onClick={() => setHist((h) => (h ? redo(h) : h))} title="Ctrl+Y">
          {t('layoutEditor.redo')}
        </button>
        <span className="le-sep" />
        <button type="button" className="le-btn" data-action="import" onClick={() => fileInput.current?.click()}>
          {t('layoutEditor.import')}
        </button>
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          hidden
          data-action="import-file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void importJson(f);
            e.target.value = '';
          }}
        />
        <button type="button" className="le-btn" data-action="export" onClick={() => void exportJson()}>
          {t('layoutEditor.export')}
        </button>
        <span className="le-sep" />
        <button type="button" className="le-btn le-btn--primary" data-action="show" disabled={busy || !draft} onClick={() => void showOnWall()}>
          {t('layoutEditor.show')}
        </button>
      </div>

      {naming ? (
        <form
          className="le-naming"
          onSubmit={(e) => {
            e.preventDefault();
            void finishNaming();
          }}
        >
          <label className="le-field le-field--inline">
            <span>{t('layoutEditor.name')}</span>
            <input name="preset-name" autoFocus maxLength={120} value={naming.name} onChange={(e) => setNaming({ ...naming, name: e.target.value })} />
          </label>
          <button type="submit" className="le-btn le-btn--primary" data-action="naming-ok">
            {t('layoutEditor.ok')}
          </button>
          <button type="button" className="le-btn" onClick={() => setNaming(null)}>
            {t('layoutEditor.cancel')}
          </button>
        </form>
      ) : null}

      {msg ? (
        <div className={`le-msg le-msg--${msg.kind}`} role={msg.kind === 'error' ? 'alert' : 'status'}>
          <p>{msg.text}</p>
          {msg.issues?.length ? (
            <ul>
              {msg.issues.map((i, k) => (
                <li key={k}>
                  <code>{i.path}</code>: {i.message}
                </li>
              ))}
            </ul>
          ) : null}
          {msg.action ? (
            <button type="button" className="le-btn" data-action={msg.action.id} disabled={importLayouts.isPending} onClick={msg.action.run}>
              {msg.action.label}
            </button>
          ) : null}
        </div>
      ) : null}

      <div className="le-body">
        <div ref={stageRef} className="le-body__stage">
          {draft ? (
            <WallEditor
              wall={wall}
              layout={draft}
              width={Math.max(320, stageWidth - 230)}
              selectedId={selected}
              onSelect={setSelected}
              onCommit={commit}
              onMessage={(text) => setMsg({ kind: 'error', text })}
            />
          ) : null}
        </div>
        {draft ? (
          <Inspector
            wall={wall}
            layout={draft}
            tile={selectedTile}
            onCommit={commit}
            onMessage={(text) => setMsg({ kind: 'error', text })}
            onRemove={() => {
              commit({ ...draft, tiles: draft.tiles.filter((x) => x.id !== selected) });
              setSelected(null);
            }}
          />
        ) : null}
      </div>

      <WallSettings wall={wall} onSave={(w) => void saveWall(w)} />
      {scheduleQ.data ? <ScheduleEditor schedule={scheduleQ.data} presets={presets} onSave={(c) => void saveSchedule(c)} onStartPlaylist={(id) => void startPlaylist(id)} /> : null}
    </div>
  );
}

function LiveLine({ active, presets, onRelease }: { active: ActiveLayout | undefined; presets: PresetRecord[]; onRelease(): void }) {
  const { t } = useTranslation();
  if (!active) return null;
  const r = active.resolution;
  const name = (id: string | null) => presets.find((p) => p.id === id)?.name ?? id ?? '—';
  return (
    <div className="le-live" data-live-preset={r.presetId ?? ''} data-live-reason={r.reason}>
      <span>
        <strong>{t('layoutEditor.liveNow')}:</strong> {name(r.presetId)} · {t(`layoutEditor.reason.${r.reason}`)}
        {r.playlist ? ` · ${t('layoutEditor.playlistStep', { n: r.playlist.index + 1 })}` : ''}
        {r.since ? ` · ${t('layoutEditor.since', { when: when(r.since) })}` : ''}
      </span>
      <span data-next-preset={r.next?.presetId ?? ''}>
        <strong>{t('layoutEditor.next')}:</strong>{' '}
        {r.next ? `${name(r.next.presetId)} · ${t('layoutEditor.at', { when: when(r.next.at) })}` : t('layoutEditor.nothingNext')}
      </span>
      {r.reason === 'manual' ? (
        <button type="button" className="le-btn le-btn--small" data-action="release" onClick={onRelease}>
          {t('layoutEditor.release')}
        </button>
      ) : null}
    </div>
  );
}
