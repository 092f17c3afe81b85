/**
 * The selected tile's settings: panel, view (from the domain catalog), area, period, the text
 * of an announcement, and its exact rectangle. Text fields apply on blur or Enter, so typing
 * is one undo step, not one per key.
 */
import { useEffect, useState } from 'react';
import { isDomainId } from '../../../domains/ids';
import { checkLayout } from '../../../layouts/geometry';
import { PANEL_KINDS, type Layout, type PanelKind, type Tile, type Wall } from '../../../layouts/model';
import { useHost } from '../../client/hooks';
import { useLang, useTranslation } from '../../i18n';
import { tileView, tileViewChoices } from '../../panels/views';
import { panelLabel } from './WallEditor';
import { CameraOptions } from './CameraOptions';

function Field({ label, value, onCommit, multiline, placeholder, type = 'text', name }: {
  label: string;
  value: string;
  onCommit(v: string): void;
  multiline?: boolean;
  placeholder?: string;
  type?: string;
  name: string;
}) {
  const [v, setV] = useState(value);
  useEffect(() => setV(value), [value]);
  const commit = () => v !== value && onCommit(v);
  const common = {
    value: v,
    name,
    placeholder,
    onChange: (e: { target: { value: string } }) => setV(e.target.value),
    onBlur: commit,
  };
  return (
    <label className="le-field">
      <span>{label}</span>
      {multiline ? (
        <textarea rows={3} {...common} />
      ) : (
        <input type={type} {...common} onKeyDown={(e) => e.key === 'Enter' && commit()} />
      )}
    </label>
  );
}

export function Inspector({ wall, layout, tile, onCommit, onMessage, onRemove }: {
  wall: Wall;
  layout: Layout;
  tile: Tile | null;
  onCommit(layout: Layout): void;
  onMessage(msg: string): void;
  onRemove(): void;
}) {
  const { t } = useTranslation();
  const { lang, lt } = useLang();
  const areas = useHost('areas.list', { withGeometry: false });
  if (!tile) {
    return (
      <aside className="le-inspector">
        <h3>{t('layoutEditor.inspector')}</h3>
        <p className="le-hint">{t('layoutEditor.noSelection')}</p>
      </aside>
    );
  }
  const update = (patch: Partial<Tile>) => {
    const next = { ...layout, tiles: layout.tiles.map((x) => (x.id === tile.id ? { ...x, ...patch } : x)) };
    const problems = checkLayout(wall, next).filter((p) => p.code !== 'wrong-wall');
    if (problems.length) return onMessage(problems.map((p) => p.message).join('; '));
    onCommit(next);
  };
  const setOption = (k: 'areaId' | 'period' | 'text', v: string) => {
    const options = { ...tile.options };
    if (v.trim()) options[k] = v;
    else delete options[k];
    update({ options });
  };
  // Only the views the panel can show (renderer/panels/views.ts); the overview is the default.
  const views = tileViewChoices(tile.panel);
  const districtAreas = (areas.data ?? []).filter((a) => a.level !== 'commune');
  const num = (k: 'x' | 'y' | 'w' | 'h') => (v: string) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) return onMessage(t('layoutEditor.failed', { message: `${k} = ${v}` }));
    update({ rect: { ...tile.rect, [k]: n } });
  };
  return (
    <aside className="le-inspector" data-inspector-tile={tile.id}>
      <h3>{t('layoutEditor.inspector')}</h3>
      <label className="le-field">
        <span>{t('layoutEditor.panel')}</span>
        <select name="panel" value={tile.panel} onChange={(e) => update({ panel: e.target.value as PanelKind, view: '' })}>
          {PANEL_KINDS.map((k) => (
            <option key={k} value={k}>
              {panelLabel(k, lang, t)}
            </option>
          ))}
        </select>
      </label>
      {views.length ? (
        <label className="le-field">
          <span>{t('layoutEditor.view')}</span>
          <select name="view" value={tileView(tile.panel, tile.view)} onChange={(e) => update({ view: e.target.value })}>
            <option value="">{t('layoutEditor.defaultView')}</option>
            {views.map((v) => (
              <option key={v.id} value={v.id}>
                {lt(v.name)}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {isDomainId(tile.panel) ? (
        <>
          <label className="le-field">
            <span>{t('layoutEditor.area')}</span>
            <select name="areaId" value={tile.options.areaId ?? ''} onChange={(e) => setOption('areaId', e.target.value)}>
              <option value="">{t('layoutEditor.allAreas')}</option>
              {districtAreas
                .filter((a) => a.level !== 'province')
                .map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
            </select>
          </label>
          <Field name="period" label={t('layoutEditor.period')} placeholder={t('layoutEditor.periodHint')} value={tile.options.period ?? ''} onCommit={(v) => setOption('period', v)} />
        </>
      ) : null}
      {tile.panel === 'text' ? (
        <Field name="text" multiline label={t('layoutEditor.text')} value={tile.options.text ?? ''} onCommit={(v) => setOption('text', v)} />
      ) : null}
      {tile.panel === 'camera' || tile.panel === 'cameraGrid' || tile.panel === 'cameraTour' ? (
        <CameraOptions tile={tile} onOptions={(options) => update({ options })} />
      ) : null}
      <fieldset className="le-rect">
        <legend>{t('layoutEditor.rect')}</legend>
        {(['x', 'y', 'w', 'h'] as const).map((k) => (
          <Field key={k} name={`rect-${k}`} type="number" label={k} value={String(tile.rect[k])} onCommit={num(k)} />
        ))}
      </fieldset>
      <button type="button" className="le-btn le-btn--danger" onClick={onRemove}>
        {t('layoutEditor.removeTile')}
      </button>
    </aside>
  );
}
