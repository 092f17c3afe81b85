import { networkInterfaces } from 'node:os';
import type { HostService } from '../../service';
import { startHost } from '../../service';
import { VERSION } from '../../version';
import { configFromArgs, HOST_OPTIONS_USAGE, parseHostArgs } from '../options';
import { registerCommand, type Io } from '../registry';

const USAGE = `Usage: ioc-wall serve [options]

Starts the host alone in Node: the database, the HostApi over WebSocket, and the wall, console
and kiosk pages for a browser (Chromium in kiosk mode on a display node, for instance).

Options:
${HOST_OPTIONS_USAGE}
  --start-empty     start on a new, empty database although ioc-wall.db is missing or empty and
                    backups are there (without it, such a start is refused with the restore command)`;

const SERVE_OPTIONS = { 'start-empty': { type: 'boolean' } } as const;

/** The active wall's display ids from the layouts engineer's 'wall.get', or the bundled 2x1 wall. */
export async function displayIds(host: Pick<HostService, 'dispatcher'>): Promise<string[]> {
  if (host.dispatcher.methods.includes('wall.get')) {
    try {
      const wall = (await host.dispatcher.call('wall.get', {}, 'cli')) as { displays?: { id: string }[] } | null;
      const ids = wall?.displays?.map((d) => d.id) ?? [];
      if (ids.length > 0) return ids;
    } catch {
      // Fall through: the URLs of the default wall are still useful.
    }
  }
  return ['d1', 'd2'];
}

/** IPv4 addresses of this machine's network cards, when the host listens on all of them. */
export function lanAddresses(bind: string, nets = networkInterfaces()): string[] {
  if (bind !== '0.0.0.0' && bind !== '::') return [];
  return Object.values(nets)
    .flat()
    .filter((n) => n && n.family === 'IPv4' && !n.internal)
    .map((n) => n!.address);
}

export function urlsOf(url: string, token: string, displays: string[]) {
  const t = encodeURIComponent(token);
  return {
    walls: displays.map((id) => ({ id, url: `${url}/wall?display=${encodeURIComponent(id)}&token=${t}` })),
    console: `${url}/console?token=${t}`,
    kiosk: `${url}/kiosk?token=${t}`,
    health: `${url}/healthz`,
  };
}

async function banner(host: HostService, io: Io): Promise<void> {
  const urls = urlsOf(host.url!, host.token, await displayIds(host));
  const s = host.startup;
  const data = s.seeded
    ? `dữ liệu mẫu vừa tạo / demo data seeded in ${Math.round(s.seedMs!)} ms`
    : s.createdDatabase
      ? 'cơ sở dữ liệu mới / new database'
      : 'cơ sở dữ liệu có sẵn / existing database';
  io.out(`IOC Wall ${VERSION} — máy chủ đang chạy / host is running (role ${host.config.role})`);
  io.out(`  Dữ liệu / Data: ${host.dataDir} (schema ${host.schema}; ${data})`);
  urls.walls.forEach((w, i) => io.out(`  ${i === 0 ? 'Màn hình tường / Wall:' : '                      '} ${w.url}`));
  io.out(`  Bàn điều khiển / Console: ${urls.console}`);
  io.out(`  Kiosk: ${urls.kiosk}`);
  io.out(`  Tình trạng / Health: ${urls.health}`);
  const lan = lanAddresses(host.config.server.host);
  if (lan.length > 0) {
    // Bound to every interface: nodes on the LAN need this machine's address, and each its own
    // credential — the token above is the administrator's and stays on this machine.
    const port = new URL(host.url!).port;
    const scheme = host.config.server.tls ? 'https' : 'http';
    io.out(`  Từ máy khác / From other machines: ${lan.map((a) => `${scheme}://${a}:${port}`).join(', ')}`);
    io.out('    Mỗi máy trạm cần mã đăng ký riêng / each node enrolls with its own code: `ioc-wall nodes add --role wall --name "Tường 1"`');
    if (!host.config.server.tls) {
      io.out('    Cảnh báo: chưa bật TLS (server.tls), thông tin xác thực đi qua mạng không mã hoá / warning: no server.tls, credentials cross the LAN in clear.');
    }
  }
  if (host.config.server.token === undefined) {
    io.out('  Mã truy cập được tạo mới mỗi lần chạy / The token is new at each start (set --token or IOC_WALL_TOKEN to keep one).');
  }
  io.out('Nhấn Ctrl+C để dừng / Press Ctrl+C to stop.');
}

registerCommand({
  name: 'serve',
  summary: 'chạy máy chủ và trang tường trong trình duyệt / run the host and the browser wall',
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseHostArgs(argv, SERVE_OPTIONS);
    const loaded = configFromArgs(values, io);
    if (!loaded) return 2;
    let host: HostService;
    try {
      host = await startHost({
        config: loaded.config,
        dataDir: loaded.dataDir,
        configFile: loaded.file,
        startEmpty: (values as { 'start-empty'?: boolean })['start-empty'] === true ? true : undefined,
      });
    } catch (err) {
      io.err(`Không khởi động được / Could not start: ${(err as Error).message}`);
      return 1;
    }
    // Stay up until asked to stop; close the database cleanly so the WAL is checkpointed. Listening
    // before the banner says "Ctrl+C": a supervisor that stops the host as soon as it reads the
    // banner found the handler not yet there, and the host died by the signal with the WAL open.
    const stopped = new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        io.out('Đang dừng / Stopping…');
        void host.close().then(resolve);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await banner(host, io);
    await stopped;
    return 0;
  },
});
