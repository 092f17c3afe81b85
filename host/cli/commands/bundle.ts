import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { applyBundle, bundleStanding, lastAppliedIn, type BundleStanding } from '../../bundle/apply';
import { createBundle, DEFAULT_INCLUDE } from '../../bundle/create';
import { BundleError, PART_KINDS, verifyBundle, type PartKind } from '../../bundle/format';
import { backupsDir } from '../../db/backup';
import { openDatabase } from '../../db/open';
import { generateKeys, loadPrivateKey, signDetached, trustedKeys, TrustError } from '../../trust/keys';
import { DATA_FOLDER_OPTIONS, configFromArgs } from '../options';
import { registerCommand, type Io } from '../registry';
import { humanBytes } from '../size';

const KEYS_USAGE = `Usage: ioc-wall keys generate --out DIR
       ioc-wall keys sign --key PRIVATE FILE...

generate  makes an Ed25519 key pair: DIR/bundle-key.pem (private, mode 0600: keep it offline)
          and DIR/bundle-key.pub.pem (public: give it to the machines, or build it in through
          build/keys/). An existing key is never overwritten.
sign      writes FILE.sig, the detached Ed25519 signature (base64) of each FILE — used for the
          Linux update metadata (latest-linux.yml) before it is uploaded.`;

const BUNDLE_USAGE = `Usage: ioc-wall bundle create --out FILE --key PRIVATE [--include ${PART_KINDS.join(',')}] [--update DIR] [--config FILE] [--data-dir DIR]
       ioc-wall bundle verify FILE [--trust PUBFILE]... [--json] [--config FILE]
       ioc-wall bundle apply FILE [--trust PUBFILE]... [--allow-older] [--config FILE] [--data-dir DIR]

An offline bundle carries configuration, layouts, boundaries, a database snapshot and an update
installer to a machine without internet, in one file signed with an Ed25519 key.

create   --include picks the parts (default ${DEFAULT_INCLUDE.join(',')}):
           config      the feeds in force (secrets stay behind: only their names travel)
           layouts     wall, presets, playlists and schedule
           boundaries  the administrative boundaries (GeoJSON)
           data        a consistent snapshot of the database
           update      the installers and latest*.yml (+ .sig) from --update DIR
verify   checks the signature and every part's sha256, and lists the parts; exit 1 on any problem.
         Shows the bundle's age and whether it is older than the last bundle applied here.
apply    verifies, backs the database up, then applies (IOC Wall must be stopped on the data folder;
         in the running app use "Nhập gói cập nhật" in the console). A bundle made before the
         last one applied here (a rollback), or that same one again, is refused unless
         --allow-older is given. A config part holding secret values (not secret:NAME) is refused.

Trusted keys: those built into this release, config trust.bundleKeys, and each --trust PUBFILE.`;

function trusted(io: Io, values: { config?: string; 'data-dir'?: string; trust?: string[] }) {
  const loaded = configFromArgs({ config: values.config, 'data-dir': values['data-dir'] }, io);
  if (!loaded) return null;
  return { ...loaded, keys: trustedKeys({ config: loaded.config.trust.bundleKeys, files: values.trust ?? [] }) };
}

const age = (s: BundleStanding) => (s.ageDays === null ? 'ngày không đọc được / date unreadable' : `${s.ageDays} ngày trước / ${s.ageDays} days ago`);

/** Where the bundle stands against the last one applied to this data folder, if any. */
function standingLine(s: BundleStanding): string | null {
  const last = s.lastApplied;
  if (!last) return '  Chưa áp dụng gói nào ở đây / no bundle applied here yet.';
  if (s.same) return `  ! Chính gói này đã được áp dụng lúc ${last.appliedAt} / this very bundle was already applied at ${last.appliedAt} (apply refuses it without --allow-older).`;
  if (s.older) {
    return `  ! CŨ HƠN gói đã áp dụng gần nhất (tạo ${last.createdAt}) / older than the last applied bundle (made ${last.createdAt}, applied at ${last.appliedAt}): apply refuses it without --allow-older.`;
  }
  return `  Mới hơn gói đã áp dụng gần nhất / newer than the last applied bundle (made ${last.createdAt}).`;
}

function report(io: Io, err: unknown): number {
  if (err instanceof BundleError) {
    io.err(`✗ ${err.vi}`);
    io.err(`  ${err.en}`);
    return 1;
  }
  if (err instanceof TrustError) {
    io.err(`✗ ${err.message}`);
    return 1;
  }
  throw err;
}

registerCommand({
  name: 'keys',
  summary: 'tạo / dùng khoá ký gói / make and use the Ed25519 signing keys (generate, sign)',
  usage: KEYS_USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const { values, positionals } = parseArgs({
      args: rest,
      options: { out: { type: 'string' }, key: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    try {
      if (sub === 'generate' && values.out && positionals.length === 0) {
        const k = generateKeys(values.out);
        io.out(`✓ Khoá bí mật / private key: ${k.privateFile} (0600 — giữ ngoại tuyến / keep it offline)`);
        io.out(`✓ Khoá công khai / public key: ${k.publicFile} (id ${k.id})`);
        return 0;
      }
      if (sub === 'sign' && values.key && positionals.length > 0) {
        const key = loadPrivateKey(values.key);
        for (const f of positionals) {
          writeFileSync(`${f}.sig`, `${signDetached(key, readFileSync(f)).toString('base64')}\n`);
          io.out(`✓ ${f}.sig`);
        }
        return 0;
      }
    } catch (err) {
      return report(io, err);
    }
    io.err(KEYS_USAGE);
    return 2;
  },
});

registerCommand({
  name: 'bundle',
  summary: 'gói cập nhật ngoại tuyến / offline bundle (create, verify, apply)',
  usage: BUNDLE_USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const { values, positionals } = parseArgs({
      args: rest,
      options: {
        out: { type: 'string' },
        key: { type: 'string' },
        include: { type: 'string' },
        update: { type: 'string' },
        trust: { type: 'string', multiple: true },
        json: { type: 'boolean' },
        'allow-older': { type: 'boolean' },
        ...DATA_FOLDER_OPTIONS,
      },
      allowPositionals: true,
      strict: true,
    });
    try {
      if (sub === 'create' && values.out && values.key && positionals.length === 0) {
        const include = (values.include ?? DEFAULT_INCLUDE.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
        const unknown = include.filter((k) => !(PART_KINDS as readonly string[]).includes(k));
        if (unknown.length > 0 || include.length === 0) {
          io.err(`Phần không có / unknown part(s): ${unknown.join(', ') || '(none given)'} — choose from ${PART_KINDS.join(', ')}`);
          return 2;
        }
        const key = loadPrivateKey(values.key);
        const loaded = configFromArgs({ config: values.config, 'data-dir': values['data-dir'] }, io);
        if (!loaded) return 2;
        const { db } = openDatabase(loaded.dataDir);
        try {
          const r = await createBundle({ db, config: loaded.config, out: values.out, key, include: include as PartKind[], updateDir: values.update });
          io.out(`✓ Đã tạo gói / Bundle written: ${r.file}`);
          for (const p of r.manifest.parts) io.out(`  ${p.path}  ${humanBytes(p.size)}  sha256 ${p.sha256.slice(0, 16)}…`);
          return 0;
        } finally {
          db.close();
        }
      }
      if ((sub === 'verify' || sub === 'apply') && positionals.length === 1) {
        const t = trusted(io, values);
        if (!t) return 2;
        const file = positionals[0]!;
        if (sub === 'verify') {
          const v = await verifyBundle(file, t.keys);
          const s = bundleStanding(v, lastAppliedIn(t.dataDir));
          if (values.json) {
            io.out(
              JSON.stringify(
                { ok: true, file, signer: { id: v.signer.id, origin: v.signer.origin }, ...v.manifest, id: v.id, ageDays: s.ageDays, lastApplied: s.lastApplied, olderThanLastApplied: s.older, alreadyApplied: s.same },
                null,
                2,
              ),
            );
          } else {
            io.out(`✓ Gói hợp lệ / Bundle verified: ${file}`);
            io.out(`  ký bởi / signed by ${v.signer.id} (${v.signer.origin}); tạo / made ${v.manifest.createdAt} (${age(s)}) by ${v.manifest.by}, IOC Wall ${v.manifest.version}`);
            for (const p of v.manifest.parts) io.out(`  ${p.kind.padEnd(10)} ${p.path}  ${humanBytes(p.size)}`);
            const standing = standingLine(s);
            if (standing) io.out(standing);
          }
          return 0;
        }
        const r = await applyBundle({ file, trusted: t.keys, dataDir: t.dataDir, actor: 'cli', backupsDir: backupsDir(t.dataDir, t.config.backups), allowOlder: values['allow-older'] });
        io.out(`✓ Đã áp dụng gói / Bundle applied: ${r.applied.join(', ')}`);
        if (r.backup) io.out(`  Bản sao lưu trước khi áp dụng / Backup before applying: ${r.backup}`);
        if (r.update) io.out(`  Bản cài đặt chờ cập nhật / Installer waiting for the updater: ${r.update.dir} (${r.update.files.join(', ')})`);
        return 0;
      }
    } catch (err) {
      if (values.json && err instanceof BundleError) {
        io.out(JSON.stringify({ ok: false, code: err.code, vi: err.vi, en: err.en }, null, 2));
        return 1;
      }
      return report(io, err);
    }
    io.err(BUNDLE_USAGE);
    return 2;
  },
});
