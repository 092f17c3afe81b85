/**
 * The three camera tile kinds on the wall. A tile counts as painted at once (its frame and
 * captions are up; pictures arrive when streams do), so a camera never holds a layout switch.
 */
import { useEffect, useState } from 'react';
import { cameraCells, DEFAULT_DWELL_SEC, streamRoleFor, tourAt } from '../../layouts/cameras';
import type { Tile } from '../../layouts/model';
import { useTileVisible } from '../wall/visibility';
import { CameraPicture } from './CameraPicture';
import { useCameras } from './useCameras';

const hasSub = (c: { streams: { role: string }[] } | undefined) => ({ sub: !!c?.streams.some((s) => s.role === 'sub') });

export function CameraGridTile({ tile, onPainted }: { tile: Tile; onPainted(): void }) {
  const { byId, signalLostSec } = useCameras();
  const visible = useTileVisible();
  useEffect(() => onPainted(), [onPainted]);
  const cells = cameraCells(tile);
  return (
    <div className="camgrid" data-camera-tile={tile.panel}>
      {cells.map((cell, i) => {
        const cam = cell.camera ? byId.get(cell.camera) : undefined;
        return (
          <div key={i} className="camgrid__cell" style={{ left: cell.rect.x, top: cell.rect.y, width: cell.rect.w, height: cell.rect.h }}>
            <CameraPicture
              cameraId={cell.camera}
              camera={cam}
              role={streamRoleFor(cell.rect.w, cell.rect.h, hasSub(cam))}
              active={visible && !!cam}
              signalLostSec={signalLostSec}
              compact={cell.rect.w < 640}
            />
          </div>
        );
      })}
    </div>
  );
}

/**
 * A tour: the current camera shown, the next one already playing unseen so the switch shows a
 * picture at once; no other decoder is open. Switch times count from the epoch, so every
 * display of a spanning tile switches together.
 */
export function CameraTourTile({ tile, onPainted, now = Date.now }: { tile: Tile; onPainted(): void; now?: () => number }) {
  const { byId, signalLostSec } = useCameras();
  const visible = useTileVisible();
  useEffect(() => onPainted(), [onPainted]);
  const cameras = (tile.options.cameras ?? []).filter((c) => c !== '');
  const dwell = tile.options.dwellSec ?? DEFAULT_DWELL_SEC;
  const [pos, setPos] = useState(() => tourAt(cameras, dwell, 0, now()));
  const key = cameras.join('\u0000');
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      const p = tourAt(cameras, dwell, 0, now());
      setPos(p);
      if (Number.isFinite(p.switchAtMs)) timer = setTimeout(tick, Math.max(50, p.switchAtMs - now()));
    };
    tick();
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for the camera list
  }, [key, dwell, now]);
  const role = (id: string | null) => streamRoleFor(tile.rect.w, tile.rect.h, hasSub(id ? byId.get(id) : undefined));
  // Keyed by camera id: when the next becomes current, its picture (already playing) stays.
  const slots = [pos.current, pos.next].filter((id, i, all): id is string => id !== null && all.indexOf(id) === i);
  return (
    <div className="camgrid" data-camera-tile="cameraTour" data-tour-index={pos.index}>
      {slots.length === 0 && <CameraPicture cameraId={null} camera={undefined} role="main" active={false} signalLostSec={signalLostSec} />}
      {slots.map((id) => (
        <div key={id} className="camgrid__cell" style={{ inset: 0 }} data-tour-slot={id === pos.current ? 'current' : 'next'}>
          <CameraPicture
            cameraId={id}
            camera={byId.get(id)}
            role={role(id)}
            active={visible && byId.has(id)}
            shown={id === pos.current}
            signalLostSec={signalLostSec}
          />
        </div>
      ))}
    </div>
  );
}
