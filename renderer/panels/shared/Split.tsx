import type { ReactNode } from 'react';

/**
 * The figures (`side`) and the map or charts (`children`): stacked in a normal tile, side by
 * side in a wide one (PanelFrame `wide`), so a band across the wall keeps a large map.
 */
export function Split({ side, children }: { side: ReactNode; children?: ReactNode }) {
  return (
    <div className="split">
      <div className="split__side">{side}</div>
      {children ? <div className="split__main">{children}</div> : null}
    </div>
  );
}
