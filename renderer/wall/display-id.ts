/** The display this wall page shows: ?display= in a browser, the window's own in the app. */
export function resolveDisplayId(fromUrl: string | null): string {
  return fromUrl ?? window.iocHost?.displayId ?? 'd1';
}
