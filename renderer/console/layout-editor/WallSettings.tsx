/**
 * The wall's displays: grid size, resolution, bezels, and which cells hold a display (untick a
 * cell for an irregular wall). Existing displays keep their ids and OS matching when the grid
 * grows or shrinks; saving carries every preset over to the new wall on the host.
 */
import { useEffect, useState } from 'react';
import type { Wall, WallDisplay } from '../../../layouts/model';
import { useTranslation } from '../../i18n';

interface Form {
  cols: number;
  rows: number;
  width: number;
  height: number;
  bezel: number;
  cells: Set<string>;
}

const key = (c: number, r: number) => `${c},${r}`;

function fromWall(w: Wall): Form {
  const d = w.displays[0]!;
  return {
    cols: w.cols,
    rows: w.rows,
    width: d.width,
    height: d.height,
    bezel: d.bezel.left,
    cells: new Set(w.displays.map((x) => key(x.col, x.row))),
  };
}

export function buildWall(old: Wall, f: Form): Wall {
  const displays: WallDisplay[] = [];
  const used = new Set<string>();
  for (let row = 0; row < f.rows; row++) {
    for (let col = 0; col < f.cols; col++) {
      if (!f.cells.has(key(col, row))) continue;
      const prev = old.displays.find((d) => d.col === col && d.row === row);
      let id = prev?.id ?? `d${row * f.cols + col + 1}`;
      for (let n = 2; used.has(id); n++) id = `d${row * f.cols + col + 1}-${n}`;
      used.add(id);
      displays.push({
        ...(prev ?? { match: { label: `Màn hình ${row * f.cols + col + 1}` } }),
        id,
        col,
        row,
        width: f.width,
        height: f.height,
        bezel: { top: f.bezel, right: f.bezel, bottom: f.bezel, left: f.bezel },
      } as WallDisplay);
    }
  }
  return { ...old, cols: f.cols, rows: f.rows, displays };
}

export function WallSettings({ wall, onSave }: { wall: Wall; onSave(wall: Wall): void }) {
  const { t } = useTranslation();
  const [f, setF] = useState<Form>(() => fromWall(wall));
  useEffect(() => setF(fromWall(wall)), [wall]);
  const num = (k: 'cols' | 'rows' | 'width' | 'height' | 'bezel', min: number, max: number) => (
    <label className="le-field le-field--inline">
      <span>{t(`layoutEditor.wall.${k}`)}</span>
      <input
        type="number"
        name={`wall-${k}`}
        min={min}
        max={max}
        value={f[k]}
        onChange={(e) => {
          const v = Math.min(max, Math.max(min, Math.round(Number(e.target.value) || min)));
          setF((x) => {
            const next = { ...x, [k]: v };
            if (k === 'cols' || k === 'rows') {
              // New cells start with a display; cells outside the grid are dropped.
              const cells = new Set<string>();
              for (let r = 0; r < next.rows; r++) for (let c = 0; c < next.cols; c++) if (x.cells.has(key(c, r)) || c >= x.cols || r >= x.rows) cells.add(key(c, r));
              next.cells = cells;
            }
            return next;
          });
        }}
      />
    </label>
  );
  const grid = [];
  for (let r = 0; r < f.rows; r++) {
    for (let c = 0; c < f.cols; c++) {
      const k = key(c, r);
      grid.push(
        <label key={k} className="le-cell">
          <input
            type="checkbox"
            name={`cell-${k}`}
            checked={f.cells.has(k)}
            onChange={(e) =>
              setF((x) => {
                const cells = new Set(x.cells);
                if (e.target.checked) cells.add(k);
                else if (cells.size > 1) cells.delete(k);
                return { ...x, cells };
              })
            }
          />
          {r + 1}.{c + 1}
        </label>,
      );
    }
  }
  return (
    <details className="le-section" data-section="wall">
      <summary>{t('layoutEditor.wall.title')}</summary>
      <div className="le-row">
        {num('cols', 1, 32)}
        {num('rows', 1, 32)}
        {num('width', 320, 16384)}
        {num('height', 240, 16384)}
        {num('bezel', 0, 500)}
      </div>
      <p>{t('layoutEditor.wall.cells')}</p>
      <div className="le-cells" style={{ gridTemplateColumns: `repeat(${f.cols}, auto)` }}>
        {grid}
      </div>
      <button type="button" className="le-btn" data-action="save-wall" onClick={() => onSave(buildWall(wall, f))}>
        {t('layoutEditor.wall.save')}
      </button>
    </details>
  );
}
