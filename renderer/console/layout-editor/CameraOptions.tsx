/**
 * The inspector's part for camera tiles: which cameras (searchable list, in order), the grid
 * size of a camera grid, the dwell time of a tour.
 */
import { useState } from 'react';
import { picturesOf } from '../../../layouts/cameras';
import type { Tile } from '../../../layouts/model';
import { useCameras } from '../../cameras/useCameras';
import { searchMatcher } from '../../../base/search-text';
import { useTranslation } from '../../i18n';

export function CameraOptions({ tile, onOptions }: { tile: Tile; onOptions(o: Tile['options']): void }) {
  const { t } = useTranslation();
  const { list } = useCameras();
  const [q, setQ] = useState('');
  const chosen = (tile.options.cameras ?? []).filter((c) => c !== '');
  const max = tile.panel === 'cameraTour' ? 64 : picturesOf(tile);
  const toggle = (id: string) => {
    const next = chosen.includes(id) ? chosen.filter((c) => c !== id) : tile.panel === 'camera' ? [id] : [...chosen, id].slice(0, max);
    onOptions({ ...tile.options, cameras: next });
  };
  const matches = searchMatcher(q);
  const shown = list.filter((c) => matches(c.name, c.id));
  return (
    <fieldset className="le-cameras" data-camera-options={tile.panel}>
      <legend>
        {t('layoutEditor.cameras')} ({chosen.length}/{max})
      </legend>
      {tile.panel === 'cameraGrid' && (
        <label className="le-field">
          <span>{t('layoutEditor.grid')}</span>
          <select
            name="grid"
            value={tile.options.grid ?? 2}
            onChange={(e) => {
              const grid = Number(e.target.value) as 2 | 3 | 4;
              onOptions({ ...tile.options, grid, cameras: chosen.slice(0, grid * grid) });
            }}
          >
            {[2, 3, 4].map((n) => (
              <option key={n} value={n}>
                {n}×{n}
              </option>
            ))}
          </select>
        </label>
      )}
      {tile.panel === 'cameraTour' && (
        <label className="le-field">
          <span>{t('layoutEditor.dwell')}</span>
          <input
            name="dwellSec"
            type="number"
            min={5}
            max={3600}
            defaultValue={tile.options.dwellSec ?? 15}
            onBlur={(e) => {
              const n = Math.round(Number(e.target.value));
              if (Number.isFinite(n) && n >= 5 && n <= 3600) onOptions({ ...tile.options, dwellSec: n });
            }}
          />
        </label>
      )}
      <input name="cameraSearch" type="search" placeholder={t('layoutEditor.cameraSearch')} value={q} onChange={(e) => setQ(e.target.value)} />
      {list.length === 0 && <p className="le-hint">{t('layoutEditor.noCameras')}</p>}
      <ul className="le-camera-list">
        {shown.map((c) => (
          <li key={c.id}>
            <label>
              <input type="checkbox" checked={chosen.includes(c.id)} onChange={() => toggle(c.id)} data-camera-choice={c.id} />
              {chosen.includes(c.id) ? `${chosen.indexOf(c.id) + 1}. ` : ''}
              {c.name}
              <span className={`le-camera-state le-camera-state--${c.state}`}> · {c.state}</span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
