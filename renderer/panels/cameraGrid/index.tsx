/** A grid of 2×2, 3×3 or 4×4 live cameras (tile options `grid`, `cameras`). */
import { CameraGridTile } from '../../cameras/CameraTile';
import type { PanelProps } from '../types';

export default function CameraGridPanel({ tile, onPainted }: PanelProps) {
  return <CameraGridTile tile={tile} onPainted={onPainted} />;
}
