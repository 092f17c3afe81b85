// What a heap snapshot taken through the inspector (what the soak's InspectorProbe does to the
// host) costs a Node process's RSS: `npx tsx bench/soak/snapshot-rss.ts [MB of objects]`.
// A child node holding that many MB of small objects (the host holds ~25) is snapshotted three
// times from here; its RSS by kind (/proc/PID/status) and its V8 heap are printed before and
// after, then its largest mappings (/proc/PID/smaps): the memory the snapshot used is freed
// (the V8 heap is unchanged) but stays resident in glibc's main heap ([heap]).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { InspectorProbe, residentMb } from './probes';

const mb = Number(process.argv[2] ?? 25);
const child = spawn(
  process.execPath,
  [
    '--inspect=127.0.0.1:0',
    '-e',
    `globalThis.keep = Array.from({ length: ${Math.round(mb * 5200)} }, (_, i) => ({ id: 'x' + i, a: [i, i + 1], s: { v: i } })); setInterval(() => {}, 1000); console.error('ready');`,
  ],
  { stdio: ['ignore', 'ignore', 'pipe'] },
);
let out = '';
await new Promise<void>((ok) =>
  child.stderr!.on('data', (b: Buffer) => {
    out += String(b);
    if (out.includes('ready')) ok();
  }),
);
const probe = await InspectorProbe.connect(out);
const line = async (what: string) => {
  const h = await probe.sample();
  const r = residentMb(child.pid!)!;
  console.log(`${what.padEnd(22)} rss ${r.rss.toFixed(1).padStart(6)}  anon ${r.anon.toFixed(1).padStart(6)}  file ${r.file.toFixed(1).padStart(5)}  V8 heap ${h.heapMb.toFixed(1)} MB`);
};
try {
  await line('before');
  for (let k = 1; k <= 3; k++) {
    const text = await probe.heapSnapshot();
    await line(`after snapshot ${k} (${(text.length / 2 ** 20).toFixed(0)} MB)`);
  }
  const maps = readFileSync(`/proc/${child.pid}/smaps`, 'utf8').split(/\n(?=[0-9a-f]+-[0-9a-f]+ )/);
  const top = maps
    .map((b) => ({ name: b.split('\n')[0]!.split(/\s+/).slice(5).join(' ') || '(anonymous)', rss: Number(/^Rss:\s+(\d+)/m.exec(b)?.[1] ?? 0) / 1024 }))
    .sort((a, b) => b.rss - a.rss)
    .slice(0, 4);
  console.log('largest mappings: ' + top.map((m) => `${m.name} ${m.rss.toFixed(1)} MB`).join(', '));
} finally {
  probe.close();
  child.kill();
}
