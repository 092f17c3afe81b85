/**
 * "Nhận diện": the display's id and the node's name in huge type over the whole screen for a
 * while (10 s), with a thick frame on the screen's edges, so an installer walking the wall sees
 * which cable goes to which display. Used by browser pages that run as nodes and by the desktop
 * app's windows; it hides itself once `until` (epoch ms) has passed, at most IDENTIFY_FOR_MS after it came.
 */
import { useEffect, useState } from 'react';
import { i18n, useTranslation } from '../i18n';
import './identify-overlay.css';

i18n.addResourceBundle('vi', 'translation', { identify: { title: 'Nhận diện màn hình' } }, true, true);
i18n.addResourceBundle('en', 'translation', { identify: { title: 'Identify display' } }, true, true);

export const IDENTIFY_FOR_MS = 10_000;

export interface IdentifyOverlayProps {
  /** The wall display id this screen shows (d1, d2, …), or what the page is (kiosk, console). */
  displayId: string;
  nodeName: string;
  /** Epoch milliseconds (Date.now() clock) until which the overlay shows. */
  until: number;
}

export function IdentifyOverlay({ displayId, nodeName, until }: IdentifyOverlayProps) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(() => until > Date.now());
  useEffect(() => {
    // Hidden by its timer, not by comparing the clock when the timer fires: a clock stepped back
    // meanwhile (NTP) made "now" still before `until`, and the overlay stayed over the wall until
    // the next identify. Never longer than IDENTIFY_FOR_MS, whatever `until` says.
    const left = Math.min(until - Date.now(), IDENTIFY_FOR_MS);
    setShown(left > 0);
    if (left <= 0) return;
    const timer = window.setTimeout(() => setShown(false), left);
    return () => window.clearTimeout(timer);
  }, [until]);
  if (!shown) return null;
  return (
    <div className="identify" role="status" aria-live="assertive" data-identify={displayId}>
      <div className="identify__label">{t('identify.title')}</div>
      <div className="identify__display">{displayId}</div>
      <div className="identify__node">{nodeName}</div>
    </div>
  );
}
