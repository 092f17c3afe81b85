/**
 * In the desktop app, main tells each window to identify itself (node.command identify reaches
 * main, which knows which wall display each window shows). Nothing in a browser.
 */
import { useEffect, useState } from 'react';
import type { IdentifyMessage } from '../../host/api/client/transport';
import { IdentifyOverlay } from './IdentifyOverlay';

export function DesktopIdentify() {
  const [shown, setShown] = useState<IdentifyMessage | null>(null);
  useEffect(() => window.iocHost?.onIdentify?.((m) => setShown({ ...m })), []);
  return shown ? <IdentifyOverlay key={shown.until} {...shown} /> : null;
}
