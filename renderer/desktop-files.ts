/**
 * Files in the desktop app: the sandboxed page cannot download (main refuses downloads), so the
 * preload exposes `window.iocFiles` — a native save dialog for a text file and an open dialog for
 * a bundle (electron/file-dialogs.ts). In a browser these fall back to a download and to typing a
 * path on the host machine.
 */

export type SaveOutcome = { saved: true; path: string | null } | { saved: false; reason: 'cancelled' | 'refused' | 'failed'; message?: string };

interface IocFiles {
  saveText(name: string, text: string): Promise<SaveOutcome>;
  chooseBundle(): Promise<string | null>;
}

declare global {
  interface Window {
    iocFiles?: IocFiles;
  }
}

export const inDesktopApp = () => typeof window !== 'undefined' && !!window.iocFiles;

/** Saves `text` as `name`: a save dialog in the app, a download in a browser. */
export async function saveTextFile(name: string, text: string, type = 'application/json'): Promise<SaveOutcome> {
  if (window.iocFiles) return window.iocFiles.saveText(name, text);
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  return { saved: true, path: null };
}

/** The app's open dialog; null when cancelled or in a browser (where a path is typed instead). */
export async function chooseBundleFile(): Promise<string | null> {
  return window.iocFiles ? window.iocFiles.chooseBundle() : null;
}
