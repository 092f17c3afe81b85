/**
 * The console's tabs. To add one: put `renderer/console/<folder>/index.tsx` (default export
 * a component with no props) and add ONE line below. A listed tab whose folder does not
 * exist yet shows "đang được xây dựng" instead of breaking the build.
 * Labels are i18n keys (renderer/i18n/vi.ts + en.ts).
 */
export interface ConsoleTab {
  id: string;
  /** i18n key of the tab's label. */
  label: string;
  /** Folder under renderer/console/. */
  folder: string;
}

export const CONSOLE_TABS: ConsoleTab[] = [
  { id: 'layouts', label: 'console.tabs.layouts', folder: 'layout-editor' },
  { id: 'feeds', label: 'console.tabs.feeds', folder: 'feeds' },
  { id: 'hotline', label: 'console.tabs.hotline', folder: 'hotline' },
  { id: 'alerts', label: 'console.tabs.alerts', folder: 'alerts' },
  { id: 'cameras', label: 'console.tabs.cameras', folder: 'cameras' },
  { id: 'preview', label: 'console.tabs.preview', folder: 'preview' },
  { id: 'requests', label: 'console.tabs.requests', folder: 'requests' },
  { id: 'nodes', label: 'console.tabs.nodes', folder: 'nodes' },
  { id: 'updates', label: 'console.tabs.updates', folder: 'updates' },
  { id: 'about', label: 'console.tabs.about', folder: 'about' },
];
