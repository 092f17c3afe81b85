/**
 * "Mất kết nối tới máy chủ — đang thử lại": shown while the host is unreachable. The page under
 * it keeps its last data; the banner is the only change.
 * Not shown during the very first connect (that is a loading state, not a loss).
 *
 * Where it goes: the app's providers draw one across the top of any page (ConnectionBanner).
 * A page with controls in its header puts a ConnectionBannerSlot where the banner belongs in
 * its own flow (under the kiosk's and the console's header, under the wall's severe-alert
 * band); while a slot is mounted the banner is drawn there and nowhere else, so it never
 * covers the header's controls (home, ‹ ›, language, Duyệt / Từ chối) or an alert's headline.
 */
import { useEffect, useLayoutEffect, useState, useSyncExternalStore, type CSSProperties } from 'react';
import { useHostClient } from '../client/context';
import { useTranslation } from '../i18n';

// How many slots are mounted: the banner of the providers stands aside while any is.
let slots = 0;
const listeners = new Set<() => void>();
const subscribe = (f: () => void) => {
  listeners.add(f);
  return () => listeners.delete(f);
};
const slotCount = () => slots;
const changeSlots = (by: number) => {
  slots += by;
  for (const f of listeners) f();
};

/** 'down', 'refused' (the host says this page's credential is revoked or unknown), or null while up. */
type Down = 'down' | 'refused' | null;
const downOf = (s: string, info: { refused?: boolean }): Down => (s !== 'down' ? null : info.refused ? 'refused' : 'down');

function useHostDown(): Down {
  const client = useHostClient();
  const [down, setDown] = useState<Down>(downOf(client.state, client.stateInfo));
  useEffect(() => client.onState((s, info) => setDown(downOf(s, info))), [client]);
  return down;
}

function Banner({ className, style, refused }: { className: string; style?: CSSProperties; refused: boolean }) {
  const { t } = useTranslation();
  const lost = t(refused ? 'conn.revoked' : 'conn.lost');
  const detail = t(refused ? 'conn.revokedDetail' : 'conn.lostDetail');
  const words = `${lost} ${detail}`;
  return (
    <div className={className} style={style} role="alert" data-conn={refused ? 'refused' : 'down'}>
      <svg viewBox="0 0 24 24" aria-hidden="true" className="conn-banner__icon">
        <path d="M12 3 1 21h22L12 3Zm0 5 7.5 11h-15L12 8Zm-1 3v4h2v-4h-2Zm0 5v2h2v-2h-2Z" fill="currentColor" />
      </svg>
      <strong className="conn-banner__lost" title={words}>{lost}</strong>
      <span className="conn-banner__detail">{detail}</span>
    </div>
  );
}

/** The banner across the top of the page, unless the page has a slot for it. */
export function ConnectionBanner() {
  const down = useHostDown();
  const placed = useSyncExternalStore(subscribe, slotCount, slotCount) > 0;
  if (!down || placed) return null;
  return <Banner className="conn-banner" refused={down === 'refused'} />;
}

/**
 * Where this page wants the banner: in its flow (`conn-banner conn-banner--inline`, styled by
 * the page), or, with `style`, placed by the page (the wall puts it under the alert band).
 */
export function ConnectionBannerSlot({ className = '', style }: { className?: string; style?: CSSProperties }) {
  const down = useHostDown();
  useLayoutEffect(() => {
    changeSlots(1);
    return () => changeSlots(-1);
  }, []);
  if (!down) return null;
  return <Banner className={`conn-banner conn-banner--inline ${className}`.trim()} style={style} refused={down === 'refused'} />;
}
