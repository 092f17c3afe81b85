/**
 * "Đưa lên tường": the view a leader is looking at becomes the wall's layout — one tile of that
 * domain (and district) over the whole canvas. The host builds it when a kiosk asks
 * (wallRequest.create), saves it as the kiosk's own preset once an operator approves, and
 * activates it until the next scheduled change, so the operator's presets are never overwritten
 * and the schedule takes the wall back by itself.
 */
import type { DomainId } from '../domains/ids';
import { canvasSize } from './geometry';
import type { Layout, Wall } from './model';

export const KIOSK_PRESET_ID = 'kiosk-request';

export function wallRequestLayout(wall: Wall, domain: DomainId, areaId: string | undefined, name: string): Layout {
  const { width, height } = canvasSize(wall);
  return {
    id: KIOSK_PRESET_ID,
    name: name.slice(0, 120),
    wallId: wall.id,
    tiles: [
      {
        id: `kiosk-${domain}`,
        panel: domain,
        view: '',
        options: areaId ? { areaId } : {},
        rect: { x: 0, y: 0, w: width, h: height },
      },
    ],
  };
}
