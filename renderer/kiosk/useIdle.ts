import { useEffect, useRef } from 'react';

/**
 * Calls onIdle once after `seconds` without a touch, click or key, then again after the next
 * idle spell. Electron main has its own backstop (system idle time); this one also works in a
 * browser kiosk.
 */
export function useIdle(seconds: number, onIdle: () => void): void {
  const cb = useRef(onIdle);
  cb.current = onIdle;
  useEffect(() => {
    let timer = 0;
    const arm = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => cb.current(), seconds * 1000);
    };
    const events = ['pointerdown', 'touchstart', 'keydown', 'wheel'] as const;
    for (const e of events) window.addEventListener(e, arm, { passive: true, capture: true });
    arm();
    return () => {
      window.clearTimeout(timer);
      for (const e of events) window.removeEventListener(e, arm, { capture: true });
    };
  }, [seconds]);
}

