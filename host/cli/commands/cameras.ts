import { parseArgs } from 'node:util';
import { CameraService } from '../../cameras/service';
import { openDatabase } from '../../db/open';
import { FileSecretStore } from '../../sync/file-secrets';
import { DATA_FOLDER_OPTIONS, configFromArgs } from '../options';
import { registerCommand, type Io } from '../registry';
import { textTable } from '../table';

const USAGE = `Usage:
  ioc-wall cameras [--config FILE] [--data-dir DIR] [--json]

Checks every camera's streams now (reachable, frames arriving) and lists them: id, name,
state (ok | down | unknown), time of the last frame seen, and the error. Run it on the host
machine with the same --config / --data-dir as \`ioc-wall serve\`; it works while the host runs.
--json prints [{"id","name","state","lastFrameAt","error"}]. Exit code 1 when a camera is down.`;

registerCommand({
  name: 'cameras',
  summary: 'camera: kiểm tra luồng hình / cameras: check their streams',
  usage: USAGE,
  async run(argv: string[], io: Io) {
    const { values } = parseArgs({
      args: argv,
      options: { ...DATA_FOLDER_OPTIONS, json: { type: 'boolean' } },
      allowPositionals: false,
      strict: true,
    });
    const loaded = configFromArgs({ config: values.config, 'data-dir': values['data-dir'] }, io);
    if (!loaded) return 2;
    const { db } = openDatabase(loaded.dataDir);
    try {
      const service = new CameraService(db, FileSecretStore.inDataDir(loaded.dataDir), loaded.config.camera);
      await service.store.applyConfig(loaded.config.cameras);
      await service.checkAll();
      const rows = service.list().map((c) => ({ id: c.id, name: c.name, state: c.state, lastFrameAt: c.lastFrameAt, error: c.error }));
      const exit = rows.some((r) => r.state === 'down') ? 1 : 0;
      if (values.json) {
        io.out(JSON.stringify(rows));
        return exit;
      }
      if (rows.length === 0) {
        io.out('Chưa có camera / no cameras: add "cameras" to the config (README "Cameras").');
        return 0;
      }
      const head = ['id', 'tên/name', 'trạng thái/state', 'khung cuối/last frame', 'lỗi/error'];
      const cells = rows.map((r) => [r.id, r.name, r.state, r.lastFrameAt ?? '—', r.error ?? '']);
      textTable(head, cells).forEach((l) => io.out(l));
      return exit;
    } finally {
      db.close();
    }
  },
});
