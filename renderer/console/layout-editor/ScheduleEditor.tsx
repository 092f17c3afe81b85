/**
 * The schedule (change points by weekday and Vietnam wall-clock time), the default preset and
 * the playlists. Edited as a whole and saved in one call; the host checks every reference.
 */
import { useEffect, useState } from 'react';
import type { PresetRecord } from '../../../host/api/contract';
import { newId } from '../../../base/random-id';
import { HOLIDAY_MODES, type Playlist, type ScheduleConfig, type ScheduleEntry } from '../../../layouts/schedule';
import { useTranslation } from '../../i18n';

export function ScheduleEditor({ schedule, presets, onSave, onStartPlaylist }: {
  schedule: ScheduleConfig;
  presets: PresetRecord[];
  onSave(cfg: ScheduleConfig): void;
  onStartPlaylist(id: string): void;
}) {
  const { t } = useTranslation();
  const [cfg, setCfg] = useState<ScheduleConfig>(schedule);
  useEffect(() => setCfg(schedule), [schedule]);
  const days = t('layoutEditor.schedule.weekdays', { returnObjects: true }) as string[];
  const setEntry = (i: number, patch: Partial<ScheduleEntry>) =>
    setCfg((c) => ({ ...c, entries: c.entries.map((e, j) => (j === i ? { ...e, ...patch } : e)) }));
  const setPlaylist = (i: number, patch: Partial<Playlist>) =>
    setCfg((c) => ({ ...c, playlists: c.playlists.map((p, j) => (j === i ? { ...p, ...patch } : p)) }));
  const firstPreset = presets[0]?.id ?? '';
  const targets = [
    ...presets.map((p) => ({ value: `preset:${p.id}`, label: p.name })),
    ...cfg.playlists.map((p) => ({ value: `playlist:${p.id}`, label: t('layoutEditor.schedule.playlistPrefix') + p.name })),
  ];

  return (
    <details className="le-section" data-section="schedule">
      <summary>{t('layoutEditor.schedule.title')}</summary>
      <div className="le-row">
        <label className="le-field le-field--inline">
          <input type="checkbox" name="schedule-enabled" checked={cfg.enabled} onChange={(e) => setCfg({ ...cfg, enabled: e.target.checked })} />
          <span>{t('layoutEditor.schedule.enabled')}</span>
        </label>
        <label className="le-field le-field--inline">
          <span>{t('layoutEditor.schedule.default')}</span>
          <select name="schedule-default" value={cfg.defaultPresetId ?? ''} onChange={(e) => setCfg({ ...cfg, defaultPresetId: e.target.value || null })}>
            <option value="">{t('layoutEditor.schedule.none')}</option>
            {presets.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      </div>

      <h4>{t('layoutEditor.schedule.entries')}</h4>
      <table className="le-table">
        <thead>
          <tr>
            <th>{t('layoutEditor.schedule.days')}</th>
            <th>{t('layoutEditor.schedule.time')}</th>
            <th>{t('layoutEditor.schedule.target')}</th>
            <th>{t('layoutEditor.schedule.holidays')}</th>
            <th>{t('layoutEditor.schedule.on')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {cfg.entries.map((e, i) => (
            <tr key={e.id} data-entry={e.id}>
              <td>
                {days.map((d, k) => (
                  <label key={d} className="le-day">
                    <input
                      type="checkbox"
                      checked={e.days.includes(k + 1)}
                      onChange={(ev) =>
                        setEntry(i, { days: ev.target.checked ? [...e.days, k + 1].sort() : e.days.filter((x) => x !== k + 1) })
                      }
                    />
                    {d}
                  </label>
                ))}
              </td>
              <td>
                <input type="time" value={e.at} onChange={(ev) => setEntry(i, { at: ev.target.value })} />
              </td>
              <td>
                <select
                  value={`${e.target.kind}:${e.target.id}`}
                  onChange={(ev) => {
                    const [kind, ...rest] = ev.target.value.split(':');
                    setEntry(i, { target: { kind: kind as 'preset' | 'playlist', id: rest.join(':') } });
                  }}
                >
                  {targets.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <select
                  name="entry-holidays"
                  value={e.holidays}
                  onChange={(ev) => setEntry(i, { holidays: ev.target.value as ScheduleEntry['holidays'] })}
                >
                  {HOLIDAY_MODES.map((m) => (
                    <option key={m} value={m}>
                      {t(`layoutEditor.schedule.holidayModes.${m}`)}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <input type="checkbox" checked={e.enabled} onChange={(ev) => setEntry(i, { enabled: ev.target.checked })} />
              </td>
              <td>
                <button type="button" className="le-btn le-btn--small" onClick={() => setCfg((c) => ({ ...c, entries: c.entries.filter((_, j) => j !== i) }))}>
                  {t('layoutEditor.schedule.remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        className="le-btn le-btn--small"
        disabled={!firstPreset}
        onClick={() =>
          setCfg((c) => ({
            ...c,
            entries: [...c.entries, { id: newId('e'), days: [1, 2, 3, 4, 5], at: '07:30', target: { kind: 'preset', id: firstPreset }, enabled: true, holidays: 'any' }],
          }))
        }
      >
        {t('layoutEditor.schedule.addEntry')}
      </button>

      <h4>{t('layoutEditor.schedule.playlists')}</h4>
      {cfg.playlists.map((p, i) => (
        <div key={p.id} className="le-playlist" data-playlist={p.id}>
          <div className="le-row">
            <label className="le-field le-field--inline">
              <span>{t('layoutEditor.schedule.playlistName')}</span>
              <input value={p.name} onChange={(e) => setPlaylist(i, { name: e.target.value })} />
            </label>
            <button type="button" className="le-btn le-btn--small" onClick={() => onStartPlaylist(p.id)}>
              {t('layoutEditor.schedule.start')}
            </button>
            <button type="button" className="le-btn le-btn--small" onClick={() => setCfg((c) => ({ ...c, playlists: c.playlists.filter((_, j) => j !== i) }))}>
              {t('layoutEditor.schedule.remove')}
            </button>
          </div>
          {p.items.map((it, j) => (
            <div key={j} className="le-row">
              <select
                value={it.presetId}
                onChange={(e) => setPlaylist(i, { items: p.items.map((x, k) => (k === j ? { ...x, presetId: e.target.value } : x)) })}
              >
                {presets.map((pr) => (
                  <option key={pr.id} value={pr.id}>
                    {pr.name}
                  </option>
                ))}
              </select>
              <label className="le-field le-field--inline">
                <span>{t('layoutEditor.schedule.dwell')}</span>
                <input
                  type="number"
                  min={5}
                  value={it.dwellSec}
                  onChange={(e) => setPlaylist(i, { items: p.items.map((x, k) => (k === j ? { ...x, dwellSec: Math.max(5, Math.round(Number(e.target.value) || 5)) } : x)) })}
                />
              </label>
              <button type="button" className="le-btn le-btn--small" disabled={p.items.length < 2} onClick={() => setPlaylist(i, { items: p.items.filter((_, k) => k !== j) })}>
                {t('layoutEditor.schedule.remove')}
              </button>
            </div>
          ))}
          <button type="button" className="le-btn le-btn--small" onClick={() => setPlaylist(i, { items: [...p.items, { presetId: firstPreset, dwellSec: 60 }] })}>
            {t('layoutEditor.schedule.addItem')}
          </button>
        </div>
      ))}
      <div className="le-row">
        <button
          type="button"
          className="le-btn le-btn--small"
          disabled={!firstPreset}
          onClick={() =>
            setCfg((c) => ({ ...c, playlists: [...c.playlists, { id: newId('pl'), name: `${t('layoutEditor.schedule.playlists')} ${c.playlists.length + 1}`, items: [{ presetId: firstPreset, dwellSec: 60 }] }] }))
          }
        >
          {t('layoutEditor.schedule.addPlaylist')}
        </button>
        <button type="button" className="le-btn" data-action="save-schedule" onClick={() => onSave(cfg)}>
          {t('layoutEditor.schedule.save')}
        </button>
      </div>
    </details>
  );
}
