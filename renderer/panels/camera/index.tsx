/** One live camera (tile option `cameras[0]`); see renderer/cameras. */
import { CameraGridTile } from '../../cameras/CameraTile';
import type { PanelProps } from '../types';

export default function CameraPanel({ tile, onPainted }: PanelProps) {
  return <CameraGridTile tile={tile} onPainted={onPainted} />;
}
