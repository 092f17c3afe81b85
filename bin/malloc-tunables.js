// glibc's malloc, as the long-running host wants it (Linux only; other C libraries ignore it).
//
// glibc raises its mmap threshold each time a block it had mmapped is freed (up to 32 MB), and
// from then on carves blocks of that size out of its per-thread arenas, whose free space it does
// not hand back. The host frees such blocks all the time (a sync run's page, a worker thread's
// isolate, a view's answer), so its RSS floor stepped up for its first hours and stayed there: in
// bench/soak/host-rss.ts the arenas held 60–75 MB. With the thresholds fixed at 128 KB (glibc's
// own starting value) they held 11–17 MB, the floor was 30–70 MB lower, and the CPU the same.
export const HOST_MALLOC_TUNABLES = 'glibc.malloc.mmap_threshold=131072:glibc.malloc.trim_threshold=131072';

/** `env` with the tunables added to any GLIBC_TUNABLES it has (a threshold it already sets is kept). */
export function withHostMallocTunables(env) {
  const had = env.GLIBC_TUNABLES ?? '';
  if (/glibc\.malloc\.mmap_threshold/.test(had) || env.MALLOC_MMAP_THRESHOLD_ !== undefined) return env;
  return { ...env, GLIBC_TUNABLES: had ? `${had}:${HOST_MALLOC_TUNABLES}` : HOST_MALLOC_TUNABLES };
}
