/** Idle time from the URL (`/kiosk?idle=SECONDS`, for installers and tests), default 3 minutes. */
export function idleSecondsFrom(search: string, fallback = 180): number {
  const raw = Number(new URLSearchParams(search).get('idle'));
  return Number.isFinite(raw) && raw >= 5 && raw <= 3600 ? raw : fallback;
}
