/** A VN_AQI value with its band: colour AND symbol AND the level's name (never colour alone). */
import { aqiBand } from '../../../domains/vn-aqi';
import { formatNumber } from '../../format';
import { useLang } from '../../i18n';

export function AqiBadge({ aqi, big }: { aqi: number | null; big?: boolean }) {
  const { lt } = useLang();
  if (aqi === null) return <span data-aqi="">–</span>;
  const band = aqiBand(aqi);
  return (
    <span
      data-aqi={aqi}
      data-aqi-level={band.level}
      style={{
        display: 'inline-flex',
        alignItems: 'center',
        gap: big ? 12 : 8,
        background: band.color,
        color: band.textColor,
        borderRadius: 6,
        padding: big ? '4px 14px' : '2px 10px',
        fontWeight: 800,
        fontSize: big ? 40 : 20,
        whiteSpace: 'nowrap',
        border: '2px solid rgba(0,0,0,0.35)',
      }}
    >
      <span aria-hidden="true">{band.symbol}</span>
      <span>{formatNumber(aqi, 0)}</span>
      <span style={{ fontWeight: 700, fontSize: big ? 28 : 18 }}>{lt(band.name)}</span>
    </span>
  );
}
