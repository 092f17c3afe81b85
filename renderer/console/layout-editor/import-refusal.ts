/**
 * Whether the host refused an import only because the file carries a wall that this console may
 * not change (a console node: only an administrator may change the wall's displays). The file's
 * presets and schedule can then still come in with its wall left out (`layouts.import` with
 * `wall: false`), so the editor offers that instead of a list of problems to fix.
 */
export function refusedForItsWall(err: unknown): boolean {
  const e = err as { code?: unknown; issues?: { path?: unknown }[] } | null | undefined;
  return e?.code === 'forbidden' && Array.isArray(e.issues) && e.issues.some((i) => i?.path === 'wall');
}
