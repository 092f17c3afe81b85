import { parseArgs } from 'node:util';
import { holidaysOf } from '../../../layouts/holidays';
import { configFromArgs } from '../options';
import { registerCommand, type Io } from '../registry';

const USAGE = `Usage: ioc-wall holidays YEAR [--json] [--config FILE]

Prints Vietnam's public holidays of YEAR as the schedule sees them: the solar ones, Tết Nguyên
đán and Giỗ Tổ Hùng Vương computed by the Vietnamese lunar calendar (UTC+7), and the extra days
off listed under "holidays.extra" in the config.

Options:
  --json            an array of {"date": "YYYY-MM-DD", "name", "lunar": true|false}
  --config FILE     JSON config file (its extra days off)`;

registerCommand({
  name: 'holidays',
  summary: 'ngày lễ của một năm (cả âm lịch) / public holidays of a year, lunar ones included',
  usage: USAGE,
  async run(argv: string[], io: Io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { json: { type: 'boolean' }, config: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    const year = Number(positionals[0]);
    if (positionals.length !== 1 || !Number.isInteger(year) || year < 1901 || year > 2199) {
      io.err(`Cần một năm từ 1901 đến 2199 / a year from 1901 to 2199 is required.\n\n${USAGE}`);
      return 2;
    }
    const loaded = configFromArgs({ config: values.config }, io);
    if (!loaded) return 2;
    const list = holidaysOf(year, loaded.config.holidays.extra);
    if (values.json) {
      io.out(JSON.stringify(list, null, 2));
      return 0;
    }
    const fmt = new Intl.DateTimeFormat('vi-VN', { weekday: 'long', day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' });
    for (const h of list) io.out(`${h.date}  ${fmt.format(new Date(`${h.date}T00:00:00Z`)).padEnd(24)}  ${h.name}${h.lunar ? '  (âm lịch / lunar)' : ''}`);
    return 0;
  },
});
