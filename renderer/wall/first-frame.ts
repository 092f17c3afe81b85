/**
 * The first frame the host drew into a wall page (host/server/first-frame.ts: #first-frame, in
 * front of the app's root). It stands in for the page's own canvas while the app loads, and goes
 * as soon as that canvas has painted. It is a picture of one moment, never updated: if the page
 * has not painted within 15 s it is hidden by its stylesheet alone (theme.css, .first-frame),
 * which needs no script to run.
 */
const ID = 'first-frame';

/** Removes the host's frame, if the page has one still. */
export function dropFirstFrame(doc: Document = document): void {
  doc.getElementById(ID)?.remove();
}

/**
 * The longest the app waits for the frame's paint. A page that is not being painted runs no
 * frame callback at all (a hidden tab; a window minimised, covered or on a locked screen, which
 * Chromium may count as visible still): its app must start all the same — its heartbeat and the
 * console's commands run in it, and its own wall is ready for when it is shown.
 */
export const PAINT_WAIT_MS = 1000;

/**
 * Settles once the host's frame has been painted (at once when the page has none, or is
 * hidden), PAINT_WAIT_MS at the latest: the app's code, compiled and run, holds the main thread
 * for hundreds of ms, and run before the first paint it would keep the frame off the screen for
 * as long. A requestAnimationFrame callback runs just before the frame it belongs to is painted;
 * a task queued from it runs after that paint.
 */
export function firstFramePainted(doc: Document = document): Promise<void> {
  if (!doc.getElementById(ID) || doc.visibilityState === 'hidden') return Promise.resolve();
  return new Promise((done) => {
    const latest = setTimeout(done, PAINT_WAIT_MS);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(latest);
        done();
      }, 0),
    );
  });
}
