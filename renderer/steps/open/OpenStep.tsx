import { DropZone } from './DropZone';
import { RecentList } from './RecentList';
import './open.css';

export function OpenStep() {
  return (
    <div className="open-step">
      <div className="step-intro">
        <h1>Open a model</h1>
        <p className="lead">Inspect an ONNX model's contract, weights and operators before you package it.</p>
      </div>
      <DropZone />
      <RecentList />
    </div>
  );
}
