// Runs every bench/*.bench.ts (or those whose name contains an argument: `npm run bench -- cold`),
// prints one table, and writes bench/results/latest.json. Benchmarks print figures; they never
// pass or fail on timing.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { VALUE_OPTIONS } from './load';
import type { Bench, BenchRow } from './types';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
// `--load 6`: the 6 belongs to the option, it is not a benchmark name.
const filters = args.filter((a, i) => !a.startsWith('-') && !VALUE_OPTIONS.some((o) => args[i - 1] === `--${o}`));

const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((q) => f.includes(q)))
  .sort();

if (files.length === 0) {
  console.error(`No benchmark matches ${filters.join(', ') || '(none found)'} in bench/.`);
  process.exit(1);
}

interface FileResult {
  file: string;
  ms: number;
  rows: BenchRow[];
  error?: string;
}

const results: FileResult[] = [];
for (const file of files) {
  const t0 = performance.now();
  process.stderr.write(`▶ ${file}\n`);
  try {
    const mod = (await import(pathToFileURL(join(here, file)).href)) as { default: Bench };
    const rows = await mod.default();
    results.push({ file, ms: performance.now() - t0, rows });
    process.stderr.write(`✓ ${file} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  } catch (err) {
    // One broken benchmark must not hide the others' figures.
    results.push({ file, ms: performance.now() - t0, rows: [], error: (err as Error).stack ?? String(err) });
    process.stderr.write(`✗ ${file}: ${(err as Error).message}\n`);
  }
}

// Two significant digits at least: a 0.00027 ms baseline must not print as 0.00.
const fmt = (v: number) => {
  const a = Math.abs(v);
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 0.1 || a === 0) return v.toFixed(2);
  return v.toPrecision(2);
};
const table = results.flatMap((r) =>
  r.error
    ? [[r.file, 'FAILED', '', '', '', r.error.split('\n')[0]!]]
    : r.rows.map((row) => [
        row.name,
        fmt(row.value),
        row.unit,
        row.baseline ? `${row.baseline.name} ${fmt(row.baseline.value)}` : '',
        row.ratio !== undefined ? `×${fmt(row.ratio)}` : '',
        row.note ?? '',
      ]),
);
const head = ['benchmark', 'value', 'unit', 'baseline (same run)', 'ratio', 'note'];
const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => (i === 1 || i === 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
console.log(line(head));
console.log(widths.map((w) => '─'.repeat(w)).join('  '));
for (const row of table) console.log(line(row));

const out = join(here, 'results');
mkdirSync(out, { recursive: true });
writeFileSync(
  join(out, 'latest.json'),
  JSON.stringify(
    {
      at: new Date().toISOString(),
      node: process.versions.node,
      platform: `${process.platform} ${process.arch}`,
      cpus: cpus().length,
      results,
    },
    null,
    2,
  ) + '\n',
);
console.log(`\n→ bench/results/latest.json`);
if (results.some((r) => r.error)) process.exitCode = 1;
