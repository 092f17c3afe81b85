/**
 * The console's camera list: every camera with its health (state, last frame, error), a search,
 * checks on demand, a live view of the chosen camera, and (admin) adding one.
 */
import { useState, type FormEvent } from 'react';
import type { CameraView } from '../../../host/api/contract/cameras';
import { CameraPicture } from '../../cameras/CameraPicture';
import { useCameras } from '../../cameras/useCameras';
import { failureText, useCommand } from '../../client/commands';
import { useHost } from '../../client/hooks';
import { cameraTargets, putCamera } from '../../../layouts/cameras';
import type { Layout } from '../../../layouts/model';
import '../../cameras/strings';
import './cameras.css';
import { searchMatcher } from '../../../base/search-text';
import { useTranslation } from '../../i18n';
import { formatDate, formatTimeSeconds } from '../../format';

/** In the province's zone (format.ts), whatever the console PC's zone. */
const when = (iso: string | null) => (iso ? `${formatDate(iso)} ${formatTimeSeconds(iso)}` : '—');

function AddCamera() {
  const { t } = useTranslation();
  const addCamera = useCommand('cameras.add', ['cameras.list']);
  const [msg, setMsg] = useState<string | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    // React clears currentTarget once the handler returns: keep the form for after the await.
    const form = e.currentTarget;
    const f = new FormData(form);
    const s = (k: string) => String(f.get(k) ?? '').trim();
    try {
      const cam = await addCamera.mutateAsync({
        id: s('id'),
        name: s('name'),
        lat: Number(s('lat')),
        lon: Number(s('lon')),
        streams: [{ role: 'main', protocol: s('protocol') as 'hls' | 'mjpeg', url: s('url'), ...(s('credentials') ? { credentials: s('credentials') } : {}) }],
      });
      setMsg(t('camera.saved', { id: cam.id }));
      form.reset();
    } catch (err) {
      setMsg(failureText(t, 'camera.failed', err));
    }
  };
  const field = (k: 'id' | 'name' | 'lat' | 'lon' | 'url' | 'credentials', type = 'text') => (
    <label className="cams-field">
      <span>{t(`camera.addFields.${k}`)}</span>
      <input name={k} type={type} step={type === 'number' ? 'any' : undefined} required={k !== 'credentials'} autoComplete="off" />
    </label>
  );
  return (
    <form className="cams-add" onSubmit={(e) => void submit(e)}>
      <h3>{t('camera.add')}</h3>
      {field('id')}
      {field('name')}
      {field('lat', 'number')}
      {field('lon', 'number')}
      <label className="cams-field">
        <span>{t('camera.addFields.protocol')}</span>
        <select name="protocol" defaultValue="hls">
          <option value="hls">HLS</option>
          <option value="mjpeg">MJPEG</option>
        </select>
      </label>
      {field('url', 'url')}
      {field('credentials', 'password')}
      <button type="submit" disabled={addCamera.isPending}>
        {t('camera.save')}
      </button>
      {msg && <p role="status">{msg}</p>}
    </form>
  );
}

/** "Đưa lên tường": the chosen camera into a camera tile (or grid cell) of the layout on the wall. */
function SendToWall({ cameraId }: { cameraId: string }) {
  const { t } = useTranslation();
  // Saved into the preset on the wall, then shown: one command, so a second click waits for it.
  const sendCamera = useCommand(
    async (client, next: Layout) => {
      await client.call('preset.save', { layout: next });
      return client.call('preset.activate', { id: next.id });
    },
    ['preset.list', 'layout.active'],
  );
  const active = useHost('layout.active', {});
  const layout = active.data?.layout ?? null;
  const targets = layout ? cameraTargets(layout) : [];
  const [choice, setChoice] = useState(0);
  const [msg, setMsg] = useState<string | null>(null);
  if (!layout || targets.length === 0) return <p className="le-hint">{t('camera.noTarget')}</p>;
  const target = targets[Math.min(choice, targets.length - 1)]!;
  const send = async () => {
    try {
      const next = putCamera(layout, target, cameraId);
      await sendCamera.mutateAsync(next);
      setMsg(t('camera.sent', { tile: target.tileId, cell: target.cell + 1 }));
    } catch (err) {
      setMsg(failureText(t, 'camera.failed', err));
    }
  };
  return (
    <div className="cams-send">
      <label>
        <span>{t('camera.target')} </span>
        <select name="cameraTarget" value={choice} onChange={(e) => setChoice(Number(e.target.value))}>
          {targets.map((x, i) => (
            <option key={`${x.tileId}:${x.cell}`} value={i}>
              {x.tileId} · {t('camera.cell', { n: x.cell + 1 })} {x.current ? `(${x.current})` : ''}
            </option>
          ))}
        </select>
      </label>
      <button type="button" disabled={sendCamera.isPending} onClick={() => void send()}>
        {t('camera.send')}
      </button>
      {msg && <span role="status"> {msg}</span>}
    </div>
  );
}

export default function CamerasTab() {
  const { t } = useTranslation();
  const { list, signalLostSec, byId } = useCameras();
  const [q, setQ] = useState('');
  // One check at a time; `variables` says which row is busy ('*' for all).
  const checkCams = useCommand('cameras.check', ['cameras.list']);
  const checking = checkCams.isPending ? (checkCams.variables.id ?? '*') : null;
  const [chosen, setChosen] = useState<string | null>(null);
  const matches = searchMatcher(q);
  const shown = list.filter((c) => matches(c.name, c.id));
  const check = (id?: string) => checkCams.mutate(id ? { id } : {});
  const row = (c: CameraView) => (
    <tr key={c.id} data-camera-row={c.id} data-state={c.state} aria-selected={chosen === c.id} onClick={() => setChosen(c.id)}>
      <td>{c.name}</td>
      <td className="cams-id">{c.id}</td>
      <td>
        <span className={`cams-state cams-state--${c.state}`}>{t(`camera.state.${c.state}`)}</span>
      </td>
      <td>{when(c.lastFrameAt)}</td>
      <td className="cams-error">{c.error ?? ''}</td>
      <td>{c.source}</td>
      <td>
        <button type="button" disabled={checking !== null} onClick={(e) => (e.stopPropagation(), check(c.id))}>
          {checking === c.id ? t('camera.checking') : t('camera.checkOne')}
        </button>
      </td>
    </tr>
  );
  const cam = chosen ? byId.get(chosen) : undefined;
  return (
    <div className="cams">
      <div className="cams-bar">
        <input type="search" name="cameraSearch" aria-label={t('camera.search')} placeholder={t('camera.search')} value={q} onChange={(e) => setQ(e.target.value)} />
        <button type="button" disabled={checking !== null} onClick={() => check()}>
          {checking === '*' ? t('camera.checking') : t('camera.checkAll')}
        </button>
        {checkCams.error ? <span role="alert">{t('camera.failed', { message: checkCams.error.message })}</span> : null}
        <span className="cams-count">{t('camera.count', { shown: shown.length, total: list.length, down: list.filter((c) => c.state === 'down').length })}</span>
      </div>
      {list.length === 0 ? (
        <p>{t('camera.none')}</p>
      ) : (
        <table className="cams-table">
          <thead>
            <tr>
              {(['name', 'id', 'state', 'lastFrame', 'error', 'source'] as const).map((k) => (
                <th key={k}>{t(`camera.cols.${k}`)}</th>
              ))}
              <th />
            </tr>
          </thead>
          <tbody>{shown.map(row)}</tbody>
        </table>
      )}
      {cam && (
        <section className="cams-preview" aria-label={t('camera.preview')}>
          <h3>
            {t('camera.preview')}: {cam.name}
          </h3>
          <SendToWall cameraId={cam.id} />
          <div className="cams-preview__pic">
            <CameraPicture cameraId={cam.id} camera={cam} role="sub" active signalLostSec={signalLostSec} />
          </div>
        </section>
      )}
      <AddCamera />
    </div>
  );
}
