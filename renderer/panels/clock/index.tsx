/** Wall clock in the province's time zone, with the date spelled out. */
import { useEffect } from 'react';
import { PanelFrame } from '../../components/PanelFrame';
import { useNow } from '../../components/hooks';
import { formatLongDate, formatTime, formatTimeSeconds } from '../../format';
import type { PanelProps } from '../types';
import { useTranslation } from '../../i18n';

export default function ClockPanel({ size, onPainted }: PanelProps) {
  const { t } = useTranslation();
  const now = useNow(1000);
  useEffect(() => onPainted(), [onPainted]);
  return (
    <PanelFrame title={t('clock.title')} icon="clock" color="#BBBBBB" size={size}>
      <div className="clock">
        <div className="clock__time" data-clock>{size === 'small' ? formatTime(now) : formatTimeSeconds(now)}</div>
        <div className="clock__date">{formatLongDate(now)}</div>
      </div>
    </PanelFrame>
  );
}
