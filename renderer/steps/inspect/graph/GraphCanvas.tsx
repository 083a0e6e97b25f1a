// The canvas, its minimap and the keyboard hint; the drawing and the input handling live in
// GraphViewController (plain TS), which this component creates once and hands to the panel.
import { useEffect, useRef } from 'react';
import { GraphViewController, type ViewCallbacks } from './view-controller';

export interface GraphCanvasProps extends ViewCallbacks {
  label: string;
  minimap: boolean;
  onController(c: GraphViewController | null): void;
}

export function GraphCanvas({ label, minimap, onController, ...callbacks }: GraphCanvasProps) {
  const container = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const mini = useRef<HTMLCanvasElement>(null);
  // The controller is created once; it calls back through the latest props.
  const latest = useRef(callbacks);
  latest.current = callbacks;
  const ctl = useRef<GraphViewController | null>(null);

  useEffect(() => {
    const c = new GraphViewController(container.current!, canvas.current!, mini.current!, {
      onSelect: (id) => latest.current.onSelect(id),
      onOpen: (id) => latest.current.onOpen(id),
      onEscape: () => latest.current.onEscape(),
    });
    c.setState('laying-out');
    ctl.current = c;
    onController(c);
    return () => {
      onController(null);
      c.dispose();
      ctl.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => ctl.current?.setMinimapVisible(minimap), [minimap]);

  return (
    <div ref={container} className="graph-view" data-testid="graph-view">
      <canvas ref={canvas} className="graph-canvas" tabIndex={0} role="img" aria-label={label} aria-describedby="graph-keys" />
      <canvas ref={mini} className="graph-minimap" hidden={!minimap} aria-hidden="true" data-testid="graph-minimap" />
      <p id="graph-keys" className="graph-keys">
        Drag or arrow keys to pan · wheel or +/− to zoom · 0 to fit · click a node for details · double-click If/Loop/Scan to open it
      </p>
    </div>
  );
}
