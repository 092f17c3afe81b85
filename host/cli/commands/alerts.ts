import { ALERT_STATES, type Alert } from '../../../domains/alerts';
import { openDatabase } from '../../db/open';
import { AlertError } from '../../alerts/errors';
import { acknowledge, listAlerts } from '../../alerts/lifecycle';
import { effectiveRules } from '../../alerts/rules';
import { parseDataFolderArgs } from '../data-folder-args';
import { configFromArgs } from '../options';
import { registerCommand, type Io } from '../registry';
import { textTable } from '../table';

const USAGE = `Usage: ioc-wall alerts [--data-dir DIR] [--config FILE] [--all] [--json]
       ioc-wall alerts ack ID --note TEXT [--data-dir DIR] [--config FILE]

Lists the open alerts (raised and acknowledged), most urgent first; --all adds the cleared and
resolved ones. "ack" acknowledges one alert with a note (recorded in the audit log as "cli").
Both work while a host runs on the same data folder: the running wall and consoles see an
acknowledgement within seconds.

Options:
  --data-dir DIR    where ioc-wall.db lives
  --config FILE     JSON config file (for the data folder and the rules' names)
  --all             also cleared and resolved alerts
  --json            an array of {id, rule, area, state, raisedAt, …}
  --note TEXT       (ack) what was done or who is on it; required`;

const STATE_WORDS: Record<Alert['state'], string> = {
  raised: 'MỚI/raised',
  acknowledged: 'Đã nhận/acknowledged',
  cleared: 'Hết/cleared',
  resolved: 'Đã xử lý/resolved',
};

function table(alerts: Alert[], now: Date): string[] {
  if (alerts.length === 0) return ['Không có cảnh báo / No alerts.'];
  const age = (iso: string) => {
    const m = Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 60_000));
    return m < 60 ? `${m} ph` : m < 1440 ? `${Math.floor(m / 60)} h ${m % 60} ph` : `${Math.floor(m / 1440)} ngày`;
  };
  const head = ['id', 'mức/severity', 'trạng thái/state', 'địa bàn/area', 'quy tắc/rule', 'giá trị/value', 'tuổi/age'];
  const rows = alerts.map((a) => [
    String(a.id),
    a.severity === 'severe' ? '⛔ NGHIÊM TRỌNG' : a.severity === 'warning' ? '⚠ cảnh báo' : 'ℹ thông tin',
    STATE_WORDS[a.state],
    `${a.areaName} (${a.area})`,
    a.ruleName,
    a.value === null ? '' : String(a.value),
    age(a.raisedAt),
  ]);
  return textTable(head, rows);
}

const asJson = (a: Alert) => ({
  id: a.id,
  rule: a.rule,
  ruleName: a.ruleName,
  area: a.area,
  areaName: a.areaName,
  state: a.state,
  severity: a.severity,
  value: a.value,
  raisedAt: a.raisedAt,
  acknowledgedAt: a.acknowledgedAt,
  acknowledgedBy: a.acknowledgedBy,
  note: a.note,
  closedAt: a.closedAt,
  detail: a.detail,
});

registerCommand({
  name: 'alerts',
  summary: 'liệt kê / xác nhận cảnh báo / list or acknowledge alerts (works beside a running host)',
  usage: USAGE,
  async run(argv: string[], io: Io) {
    const { values, positionals } = parseDataFolderArgs(argv, {
      all: { type: 'boolean' },
      json: { type: 'boolean' },
      note: { type: 'string' },
    });
    const loaded = configFromArgs({ config: values.config, 'data-dir': values['data-dir'] }, io);
    if (!loaded) return 2;
    const [sub, idText, ...rest] = positionals;
    if (sub !== undefined && sub !== 'ack') {
      io.err(`Không rõ lệnh con "${sub}" / unknown subcommand "${sub}".\n\n${USAGE}`);
      return 2;
    }
    if (rest.length) {
      io.err(`Thừa tham số / unexpected arguments: ${rest.join(' ')}`);
      return 2;
    }
    const { db } = openDatabase(loaded.dataDir);
    try {
      const rules = effectiveRules(db, loaded.config).map((e) => e.rule);
      if (sub === 'ack') {
        const id = Number(idText);
        if (!idText || !Number.isInteger(id) || id <= 0) {
          io.err('Cần số cảnh báo / an alert ID is required: ioc-wall alerts ack ID --note TEXT');
          return 2;
        }
        const note = values.note?.trim();
        if (!note) {
          io.err('Cần ghi chú / a note is required: --note "đã cử tổ kiểm tra"');
          return 2;
        }
        try {
          const a = acknowledge(db, id, note, 'cli', new Date(), (r) => rules.find((x) => x.id === r)?.wall?.until === 'acknowledged');
          if (values.json) io.out(JSON.stringify(asJson(a)));
          else io.out(`Đã xác nhận cảnh báo ${a.id} (${a.ruleName}, ${a.areaName}) / acknowledged alert ${a.id}.`);
          return 0;
        } catch (err) {
          if (err instanceof AlertError) {
            io.err(err.message);
            return 1;
          }
          throw err;
        }
      }
      const alerts = listAlerts(db, { states: values.all ? ALERT_STATES : undefined, limit: 2000, rules });
      if (values.json) io.out(JSON.stringify(alerts.map(asJson), null, 2));
      else for (const line of table(alerts, new Date())) io.out(line);
      return 0;
    } finally {
      db.close();
    }
  },
});
