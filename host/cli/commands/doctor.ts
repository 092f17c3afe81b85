import { parseArgs } from 'node:util';
import { runChecks, type Verdict } from '../doctor-checks';
import { DATA_FOLDER_OPTIONS } from '../options';
import { registerCommand } from '../registry';

const USAGE = `Usage: ioc-wall doctor [--config FILE] [--data-dir DIR] [--port N] [--host H]

Checks this machine without starting anything: Node version, configuration, data folder,
database (integrity and schema version), network port, renderer build, Electron binary.
Exits with 1 if any check fails.`;

const MARK: Record<Verdict, string> = { ok: '✓', fail: '✗', warn: '!' };

registerCommand({
  name: 'doctor',
  summary: 'kiểm tra máy này / check this machine (config, data, database, port, build)',
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        ...DATA_FOLDER_OPTIONS,
        port: { type: 'string' },
        host: { type: 'string' },
      },
      strict: true,
    });
    const results = await runChecks({
      file: values.config,
      env: process.env,
      flags: { dataDir: values['data-dir'], port: values.port, host: values.host },
    });
    for (const r of results) {
      const [first, ...more] = r.detail.split('\n');
      io.out(`${MARK[r.verdict]} ${r.label}: ${first}`);
      for (const line of more) io.out(`    ${line}`);
      if (r.fix) io.out(`    → ${r.fix}`);
    }
    const failed = results.filter((r) => r.verdict === 'fail').length;
    io.out(
      failed === 0
        ? 'Mọi kiểm tra đều đạt / All checks passed.'
        : `${failed} kiểm tra không đạt / ${failed} check(s) failed: see → above.`,
    );
    return failed === 0 ? 0 : 1;
  },
});
