/** An operator's announcement on the wall (tile option `text`), shown as plain text. */
import { useEffect } from 'react';
import { PanelFrame } from '../../components/PanelFrame';
import type { PanelProps } from '../types';
import { useTranslation } from '../../i18n';

export default function TextPanel({ tile, size, onPainted }: PanelProps) {
  const { t } = useTranslation();
  useEffect(() => onPainted(), [onPainted]);
  return (
    <PanelFrame title={t('text.title')} icon="text" color="#BBBBBB" size={size}>
      <div className="textpanel">{tile.options.text ?? ''}</div>
    </PanelFrame>
  );
}
