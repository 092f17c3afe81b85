/**
 * Main-thread time of Chromium renderers by kind, from a trace (devtools.timeline categories):
 * self time of each slice, so a forced layout inside a script counts as layout, not script.
 * Used by switch-profile.ts --trace (all six wall pages over a series of switches); its
 * TraceEvent also by wall-trace.ts.
 */
export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { data?: { url?: string; frame?: string }; name?: string; fileName?: string };
}

export const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'blink', '__metadata'];

const KINDS: [RegExp, string][] = [
  [/^(MinorGC|MajorGC|V8\.GC|BlinkGC|GCEvent|V8\.GCScavenger|V8\.GCFinalizeMC|ThreadState::|BlinkGC\.)/, 'gc'],
  [/^(UpdateLayoutTree|RecalculateStyles|ParseAuthorStyleSheet|StyleRecalc)/, 'style'],
  [/^(Layout|UpdateLayerTree|IntersectionObserverController|ResizeObserverController)/, 'layout'],
  [/^(Paint|PaintImage|Rasterize|CompositeLayers|PrePaint|Layerize|Commit|UpdateLayer)/, 'paint'],
  [/^(v8\.compile|V8\.CompileCode|V8\.CompileLazy|v8\.compileModule|V8\.ParseProgram|v8\.parseOnBackground)/, 'compile'],
  [/^(EvaluateScript|v8\.run|v8\.execute|FunctionCall|TimerFire|FireAnimationFrame|EventDispatch|RunMicrotasks|v8\.evaluateModule|V8\.Execute)/, 'script'],
];

/** Self time (ms) per kind and per slice name on every CrRendererMain thread, between t0 and t1 (µs). */
export function mainThreadBreakdown(events: TraceEvent[], t0 = -Infinity, t1 = Infinity) {
  const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const k = `${e.pid}:${e.tid}`;
    if (e.ph !== 'X' || !mains.has(k) || e.ts < t0 || e.ts > t1 || !(e.dur! > 0)) continue;
    let l = byThread.get(k);
    if (!l) byThread.set(k, (l = []));
    l.push(e);
  }
  const byKind: Record<string, number> = {};
  const byName: Record<string, number> = {};
  let busy = 0;
  for (const slices of byThread.values()) {
    slices.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
    const stack: { e: TraceEvent; end: number; kind: string; child: number }[] = [];
    const close = (upTo: number) => {
      while (stack.length && stack[stack.length - 1]!.end <= upTo) {
        const top = stack.pop()!;
        const self = (top.e.dur! - top.child) / 1000;
        byKind[top.kind] = (byKind[top.kind] ?? 0) + self;
        byName[top.e.name] = (byName[top.e.name] ?? 0) + self;
        if (stack.length) stack[stack.length - 1]!.child += top.e.dur!;
      }
    };
    for (const e of slices) {
      close(e.ts);
      if (stack.length === 0) busy += e.dur! / 1000;
      const kind = KINDS.find(([re]) => re.test(e.name))?.[1] ?? (stack.length ? stack[stack.length - 1]!.kind : 'other');
      stack.push({ e, end: e.ts + e.dur!, kind, child: 0 });
    }
    close(Infinity);
  }
  return { byKind, byName, busy };
}
