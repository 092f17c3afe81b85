/**
 * "Nhận diện": a display's id and its node's name in huge type over everything, until `until`
 * (epoch ms, 10 s after the operator pressed it) — how installers check which cable goes where.
 * Presentational: desktop windows get it from main (DesktopIdentify), browser pages from the
 * node.command event.
 */
import { useEffect, useState } from 'react';

export interface IdentifyProps {
  displayId: string;
  nodeName: string;
  /** When to disappear, ms since epoch. */
  until: number;
  now?: () => number;
}

export function IdentifyOverlay({ displayId, nodeName, until, now = Date.now }: IdentifyProps) {
  const [visible, setVisible] = useState(() => now() < until);
  useEffect(() => {
    const left = until - now();
    setVisible(left > 0);
    if (left <= 0) return;
    const t = setTimeout(() => setVisible(false), left);
    return () => clearTimeout(t);
  }, [until, now]);
  if (!visible) return null;
  return (
    <div className="identify-overlay" role="status" data-identify={displayId}>
      <div className="identify-overlay__id">{displayId}</div>
      <div className="identify-overlay__name">{nodeName}</div>
    </div>
  );
}
