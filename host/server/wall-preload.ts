/**
 * The wall's shell with its code announced up front. A cold wall page loaded its JavaScript in
 * three rounds: the entry (index.html's script), then the wall route's chunks once the entry
 * had run and rendered (WallPage, the shared chart and map code), then the panels' chunks once
 * the layout was known. Each round waited for the one before (fetch, compile, run). For /wall
 * the host now serves index.html with `<link rel="modulepreload">` for the app's and the wall
 * route's chunks, from Vite's manifest (dist/renderer/.vite/manifest.json), so Chromium
 * fetches and compiles them beside the small entry, which meanwhile asks the host for the
 * layout and starts the chunks of that display's panels. Other routes (console, kiosk) get
 * index.html as built. Without a manifest (an older build) the shell is served unchanged.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface ManifestChunk {
  file: string;
  name?: string;
  imports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

/**
 * The wall's own modules, by their source path under renderer/ (Vite's manifest keys): the app
 * the small entry imports once it has started the page (boot/mount.tsx), and the wall route.
 * Not the panels' own chunks: the page's start asks for the layout first thing and loads only
 * the panels its display shows (renderer/wall/prefetch.ts). A build that puts the wall in one
 * chunk (below) has the panels in it.
 */
const WALL_ROOTS = [/^boot\/mount\.tsx$/, /^wall\/WallPage\.tsx$/];
/**
 * The chunk the build puts all of those in (tools/build/wall-chunk.ts, WALL_CHUNK): the modules
 * above are then no longer keys of the manifest of their own, the chunk is, under this name.
 */
const WALL_CHUNK_NAME = 'wall';

/** Files (under the renderer root) a wall page will load: the roots above and what they import statically. */
export function wallChunks(manifest: Manifest): { js: string[]; css: string[] } {
  const js = new Set<string>();
  const css = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const c = manifest[key];
    if (!c) return;
    if (c.file.endsWith('.js')) js.add(c.file);
    for (const f of c.css ?? []) css.add(f);
    for (const i of c.imports ?? []) visit(i);
  };
  // The app first (needed first), then the wall route; or the one chunk holding both.
  const keys = Object.keys(manifest).sort();
  for (const re of WALL_ROOTS) for (const key of keys) if (re.test(key)) visit(key);
  for (const key of keys) if (manifest[key]!.name === WALL_CHUNK_NAME && manifest[key]!.file.endsWith('.js')) visit(key);
  return { js: [...js], css: [...css] };
}

/** index.html with the wall's chunks preloaded (already in the page's head: left as they are). */
export function withWallPreloads(html: string, chunks: { js: string[]; css: string[] }): string {
  const links = [
    ...chunks.js.filter((f) => !html.includes(`/${f}"`)).map((f) => `<link rel="modulepreload" crossorigin href="/${f}">`),
    ...chunks.css.filter((f) => !html.includes(`/${f}"`)).map((f) => `<link rel="preload" as="style" crossorigin href="/${f}">`),
  ];
  if (links.length === 0 || !/<\/head>/.test(html)) return html;
  return html.replace(/\s*<\/head>/, `\n    ${links.join('\n    ')}\n  </head>`);
}

let cached: { root: string; stamp: string; body: Buffer; css: string[]; cssText?: string | null } | null = null;

/**
 * The wall's index.html for the renderer in `root`, built once per build (keyed by the
 * shell's and the manifest's modification times, so a rebuild while serving is picked up).
 */
export function wallShell(root: string): Buffer | null {
  const index = join(root, 'index.html');
  const manifestFile = join(root, '.vite', 'manifest.json');
  let stamp: string;
  try {
    stamp = `${statSync(index).mtimeMs}|${statSync(manifestFile, { throwIfNoEntry: false })?.mtimeMs ?? 'none'}`;
  } catch {
    return null;
  }
  if (cached?.root === root && cached.stamp === stamp) return cached.body;
  let html: string;
  try {
    html = readFileSync(index, 'utf8');
  } catch {
    return null;
  }
  let body = html;
  let css: string[] = [];
  try {
    const chunks = wallChunks(JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest);
    body = withWallPreloads(html, chunks);
    css = chunks.css;
  } catch {
    // No manifest, or an unreadable one: the shell as built still works, one round at a time.
  }
  cached = { root, stamp, body: Buffer.from(body), css };
  return cached.body;
}

/** The wall's stylesheets' text, read once per build; null when one cannot be read. */
function wallCss(root: string): string | null {
  if (!cached || cached.root !== root) return null;
  if (cached.cssText === undefined) {
    try {
      cached.cssText = cached.css.length === 0 ? null : cached.css.map((f) => readFileSync(join(root, f), 'utf8')).join('\n');
    } catch {
      cached.cssText = null;
    }
  }
  return cached.cssText;
}

/**
 * The wall's shell with a first frame the host drew (./first-frame.ts) in front of the app's
 * root, with the wall's stylesheets in it: as files they would wait for their turn behind the
 * app's code the shell preloads, and the frame would not paint before them. They leave with the
 * frame; the app has loaded the same files by then. Null when the shell or its stylesheets
 * cannot be read: a frame without its styles is no frame.
 */
export function wallShellWithFrame(root: string, frame: string): Buffer | null {
  const shell = wallShell(root);
  const css = shell ? wallCss(root) : null;
  if (!shell || css === null) return null;
  const html = shell.toString('utf8');
  const at = html.indexOf('<div id="root">');
  if (at < 0) return null;
  // The page takes the frame away once its own canvas has painted (renderer/wall/first-frame.ts).
  // '</' cannot end the style element early: the stylesheets are our own build's.
  const wrapped = `<div id="first-frame" class="first-frame" data-frame-live="true" aria-hidden="true"><style>${css}</style>${frame}</div>\n    `;
  return Buffer.from(html.slice(0, at) + wrapped + html.slice(at));
}
