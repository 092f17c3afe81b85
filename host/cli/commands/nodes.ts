import type { NodeInfo } from '../../api/contract/room';
import { NODE_ROLES, type NodeRole } from '../../api/contract/room';
import { openDatabase } from '../../db/open';
import { NodeNotFoundError, NodeRevokedError, NodeStore } from '../../room/nodes';
import { VERSION } from '../../version';
import { parseDataFolderArgs } from '../data-folder-args';
import { configFromArgs } from '../options';
import { registerCommand, type Io } from '../registry';
import { textTable } from '../table';

const USAGE = `Usage:
  ioc-wall nodes add --role wall|console|kiosk --name NAME [--json]
  ioc-wall nodes code ID [--json]
  ioc-wall nodes list [--json]
  ioc-wall nodes revoke ID

Manages the machines (nodes) that follow this host. Run it on the host machine, with the same
--config / --data-dir as \`ioc-wall serve\`; it works while the host runs.

  add     creates a node and prints its one-time enrollment code (valid 15 minutes, single use),
          to be typed on the node: the app's "Nhập mã đăng ký" screen, or
          \`ioc-wall enroll --host URL --code CODE\`. --json prints {"id","role","name","code","expiresAt"}.
  code    a new code for an existing node (a replaced PC); enrolling replaces its credential.
  list    every node: state (online / offline / pending / revoked), version, last seen.
  revoke  the node's open connections close within 2 s and its credential is refused from then on.

Options:
  --config FILE     JSON config file (also IOC_WALL_CONFIG)
  --data-dir DIR    the host's data folder
  --json            machine-readable output`;

const isRole = (r: string | undefined): r is NodeRole => (NODE_ROLES as readonly string[]).includes(r ?? '');

function table(nodes: NodeInfo[]): string[] {
  const head = ['id', 'tên/name', 'vai trò/role', 'trạng thái/state', 'phiên bản/version', 'lần cuối/last seen'];
  const rows = nodes.map((n) => [
    n.id,
    n.name,
    n.role,
    n.state + (n.state === 'pending' && n.codeExpiresAt ? ` (code until ${n.codeExpiresAt})` : ''),
    (n.heartbeat?.version ?? '—') + (n.versionDiffers ? ' ≠ host' : ''),
    n.lastSeenAt ?? '—',
  ]);
  return textTable(head, rows);
}

registerCommand({
  name: 'nodes',
  summary: 'máy trạm: thêm, liệt kê, thu hồi / enrolled machines: add, list, revoke',
  usage: USAGE,
  async run(argv: string[], io: Io) {
    const { values, positionals } = parseDataFolderArgs(argv, {
      role: { type: 'string' },
      name: { type: 'string' },
      json: { type: 'boolean' },
    });
    const [sub, id] = positionals;
    if (!sub || !['add', 'code', 'list', 'revoke'].includes(sub)) {
      io.err(USAGE);
      return 2;
    }
    if (sub === 'add' && (!isRole(values.role) || !values.name?.trim())) {
      io.err(`nodes add cần --role (${NODE_ROLES.join(' | ')}) và --name / needs --role (${NODE_ROLES.join(' | ')}) and --name.`);
      return 2;
    }
    if ((sub === 'code' || sub === 'revoke') && !id) {
      io.err(`nodes ${sub} cần mã máy trạm / needs a node id (see \`ioc-wall nodes list\`).`);
      return 2;
    }
    const loaded = configFromArgs({ config: values.config, 'data-dir': values['data-dir'] }, io);
    if (!loaded) return 2;
    const { db } = openDatabase(loaded.dataDir);
    try {
      const store = new NodeStore(db);
      switch (sub) {
        case 'add': {
          const node = store.add(values.role as NodeRole, values.name!.trim().slice(0, 64), 'cli');
          if (values.json) io.out(JSON.stringify(node));
          else {
            io.out(`Đã thêm máy trạm / node added: ${node.id} (${node.role}, "${node.name}")`);
            io.out(`  Mã đăng ký / enrollment code: ${node.code}`);
            io.out(`  Hết hạn / expires: ${node.expiresAt} (15 phút / minutes, dùng một lần / single use)`);
          }
          return 0;
        }
        case 'code': {
          const out = store.issueCode(id!);
          io.out(values.json ? JSON.stringify({ id, ...out }) : `Mã đăng ký mới / new enrollment code for ${id}: ${out.code} (hết hạn / expires ${out.expiresAt})`);
          return 0;
        }
        case 'list': {
          const nodes = store.list(VERSION, () => 0);
          if (values.json) io.out(JSON.stringify(nodes));
          else if (nodes.length === 0) io.out('Chưa có máy trạm / no nodes yet: `ioc-wall nodes add --role wall --name "Tường 1"`.');
          else table(nodes).forEach((l) => io.out(l));
          return 0;
        }
        default: {
          if (!store.get(id!)) throw new NodeNotFoundError(id!);
          const done = store.revoke(id!, 'cli');
          io.out(
            done
              ? `Đã thu hồi / revoked ${id}: a running host closes its connections within 2 s.`
              : `${id} đã bị thu hồi từ trước / was already revoked.`,
          );
          return 0;
        }
      }
    } catch (err) {
      if (err instanceof NodeNotFoundError || err instanceof NodeRevokedError) {
        io.err(err.message);
        return 1;
      }
      throw err;
    } finally {
      db.close();
    }
  },
});
