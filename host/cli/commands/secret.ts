import { openDatabase } from '../../db/open';
import { FileSecretStore } from '../../sync/file-secrets';
import { deleteSecret, listSecrets, setSecret } from '../../sync/secrets-admin';
import { parseDataFolderArgs } from '../data-folder-args';
import { configFromArgs } from '../options';
import { registerCommand, type Io } from '../registry';

const USAGE = `Usage:
  ioc-wall secret set NAME [--origin URL]... [--config FILE] [--data-dir DIR]   (value from standard input)
  ioc-wall secret list [--config FILE] [--data-dir DIR] [--json]
  ioc-wall secret delete NAME [--config FILE] [--data-dir DIR]

Keeps feed passwords, API keys and OAuth client secrets out of the config file: a feed's auth
value written "secret:NAME" is read from the secret store of the data folder at run time.

  set      reads the value from standard input (never from the command line, which other users
           and the shell history can see): printf %s "$KEY" | ioc-wall secret set hotline.apiKey
           --origin URL (repeatable) lets the secret go to that server too; the servers the config
           file's own feeds send it to are always allowed, any other is refused.
  list     names, where each may go and which feeds use it — never the values
  delete   removes the value and its listed origins`;

const NAME = /^[A-Za-z0-9_.-]{1,200}$/;

async function readAll(io: Io): Promise<string> {
  if (io.readStdin) return io.readStdin();
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

registerCommand({
  name: 'secret',
  summary: 'đặt, liệt kê, xoá bí mật của nguồn dữ liệu / set, list, delete feed secrets (value from stdin)',
  usage: USAGE,
  async run(argv: string[], io: Io) {
    const { values, positionals } = parseDataFolderArgs(argv, {
      origin: { type: 'string', multiple: true },
      json: { type: 'boolean' },
    });
    const [action, name, ...extra] = positionals;
    if (!action || !['set', 'list', 'delete'].includes(action) || extra.length || (action !== 'list' && !name)) {
      io.err(USAGE);
      return 2;
    }
    if (name !== undefined && !NAME.test(name)) {
      io.err(`Tên bí mật không hợp lệ / invalid secret name "${name}": letters, digits, _ . - only.`);
      return 2;
    }
    const origins = values.origin ?? [];
    for (const o of origins) {
      if (!/^https?:\/\/[^/]/.test(o) || !URL.canParse(o)) {
        io.err(`--origin "${o}": cần một địa chỉ http(s) đầy đủ / must be a full http(s) URL such as https://data.binhphuoc.gov.vn`);
        return 2;
      }
    }
    const loaded = configFromArgs({ config: values.config, 'data-dir': values['data-dir'] }, io);
    if (!loaded) return 2;
    const { config, dataDir } = loaded;
    const store = FileSecretStore.inDataDir(dataDir);
    const { db } = openDatabase(dataDir);
    try {
      if (action === 'list') {
        const list = await listSecrets(db, config, store);
        if (values.json) io.out(JSON.stringify(list, null, 2));
        else if (list.length === 0) io.out('Chưa có bí mật nào / no secrets.');
        else
          for (const s of list) {
            const where = [...s.configOrigins, ...s.origins];
            io.out(
              `${s.name}  ${s.stored ? 'đã đặt/set' : 'CHƯA ĐẶT/NOT SET'}  → ${where.join(', ') || '(chưa có máy chủ nào / no server yet)'}${s.usedBy.length ? `  (${s.usedBy.join(', ')})` : ''}`,
            );
          }
        return 0;
      }
      if (action === 'delete') {
        const had = await deleteSecret(db, store, name!, 'cli');
        io.out(had ? `Đã xoá bí mật / deleted secret "${name}".` : `Không có bí mật / no secret "${name}" (nothing to delete).`);
        return 0;
      }
      const value = (await readAll(io)).replace(/\r?\n$/, '');
      if (value === '') {
        io.err('Không nhận được giá trị trên đầu vào chuẩn / no value on standard input: printf %s "$VALUE" | ioc-wall secret set NAME');
        return 2;
      }
      await setSecret(db, store, name!, value, origins, 'cli');
      io.out(`Đã lưu bí mật / stored secret "${name}"${origins.length ? ` (also for ${origins.map((o) => new URL(o).origin).join(', ')})` : ''}; dùng trong cấu hình / use it as "secret:${name}".`);
      return 0;
    } finally {
      db.close();
    }
  },
});
