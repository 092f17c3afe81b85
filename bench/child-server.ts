import { spawn } from 'node:child_process';

/**
 * Starts a bench file again as a child process in its server role (`env` set to '1'), and resolves
 * with the URL it prints ("listening http://…"): the figures then measure the sync side alone.
 */
export async function childServer(file: string, env: string): Promise<{ url: string; close(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', file], {
    env: { ...process.env, [env]: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = /listening (http:\/\/\S+)/.exec(out);
      if (m) ok(m[1]!);
    });
    child.on('exit', (c) => fail(new Error(`bench server exited ${c}`)));
  });
  return { url, close: () => void child.kill() };
}
