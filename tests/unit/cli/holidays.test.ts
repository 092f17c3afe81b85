import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import '../../../host/cli/commands';
import { getCommand } from '../../../host/cli/registry';

const dir = mkdtempSync(join(tmpdir(), 'ioc-holidays-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await getCommand('holidays')!.run(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('ioc-wall holidays YEAR', () => {
  it('--json: Tết 2027 (6 February) and Giỗ Tổ by the Vietnamese calendar, the solar days, and the config’s extra days', async () => {
    const config = join(dir, 'c.json');
    writeFileSync(config, JSON.stringify({ holidays: { extra: [{ date: '2027-09-03', name: 'Quốc khánh (ngày liền kề)' }] } }));
    const r = await run(['2027', '--json', '--config', config]);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.out) as { date: string; name: string; lunar: boolean }[];
    expect(list.find((h) => h.name === 'Tết Nguyên đán (mùng 1)')).toEqual({ date: '2027-02-06', name: 'Tết Nguyên đán (mùng 1)', lunar: true });
    expect(list.filter((h) => h.lunar).map((h) => h.date)).toEqual(['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-04-16']);
    expect(list.some((h) => h.date === '2027-09-03' && !h.lunar)).toBe(true);
    expect(list.map((h) => h.date)).toEqual([...list.map((h) => h.date)].sort());
  });

  it('prints a readable list, and refuses a missing or absurd year', async () => {
    const r = await run(['2026']);
    expect(r.out).toMatch(/2026-02-17 .*Tết Nguyên đán \(mùng 1\)\s+\(âm lịch \/ lunar\)/);
    expect((await run([])).code).toBe(2);
    expect((await run(['1800'])).err).toMatch(/1901/);
  });
});
