/** A camera tour: `cameras` in turn, `dwellSec` seconds each. */
import { CameraTourTile } from '../../cameras/CameraTile';
import type { PanelProps } from '../types';

export default function CameraTourPanel({ tile, onPainted }: PanelProps) {
  return <CameraTourTile tile={tile} onPainted={onPainted} />;
}
