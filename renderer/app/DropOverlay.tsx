import { Icon } from '../components/Icon';

export function DropOverlay() {
  return (
    <div className="drop-overlay" data-testid="drop-overlay">
      <div className="drop-overlay-box">
        <Icon name="upload" size={48} />
        <p className="drop-overlay-title">Drop your .onnx model (and its external-data files)</p>
        <p className="drop-overlay-sub">Everything is read locally by the Modelcrate host.</p>
      </div>
    </div>
  );
}
