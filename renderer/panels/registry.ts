/**
 * Panel registry: tile kind → panel component. Every `renderer/panels/<kind>/index.tsx` is
 * picked up at build time (Vite glob), so adding a panel is adding its folder; the kind must be
 * a PanelKind of layouts/model.ts. Panels are loaded lazily so a wall loads only what it shows.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { PanelKind } from '../../layouts/model';
import { loadModule } from '../components/useModule';
import type { PanelProps } from './types';

export type PanelLoader = () => Promise<{ default: ComponentType<PanelProps> }>;
type Loader = PanelLoader;

const loaders: Record<string, Loader> = {};
for (const [path, load] of Object.entries(import.meta.glob<{ default: ComponentType<PanelProps> }>('./*/index.tsx'))) {
  const kind = /^\.\/([^/]+)\/index\.tsx$/.exec(path)?.[1];
  if (kind) loaders[kind] = load;
}

const cache = new Map<string, LazyExoticComponent<ComponentType<PanelProps>>>();

/** The panel for a tile kind, or null when no panel is built for it yet. */
export function panelFor(kind: PanelKind | string): LazyExoticComponent<ComponentType<PanelProps>> | null {
  const load = loaders[kind];
  if (!load) return null;
  let c = cache.get(kind);
  if (!c) {
    c = lazy(load);
    cache.set(kind, c);
  }
  return c;
}

export function registeredPanels(): string[] {
  return Object.keys(loaders).sort();
}

/**
 * The chunk loader of a panel kind (stable per kind), for useModule: the wall mounts panels
 * without Suspense, whose 300 ms reveal throttle delayed every panel's first query.
 */
export function panelLoader(kind: PanelKind | string): Loader | undefined {
  return loaders[kind];
}

/** Start loading the panels of a layout before mounting it (layout switch without a gap). */
export function preloadPanels(kinds: Iterable<string>): Promise<unknown> {
  return Promise.all(
    [...new Set(kinds)].map((k) => {
      const load = loaders[k];
      return load ? loadModule(load) : undefined;
    }),
  );
}
