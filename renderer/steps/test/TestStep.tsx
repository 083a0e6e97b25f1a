import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Card } from '../../components/Card';
import { useStudio } from '../../store';
import { DimFields } from './DimFields';
import { GoldenSamples } from './GoldenSamples';
import { InputEditor } from './InputEditor';
import { OutputsPanel } from './OutputsPanel';
import { ProfilePanel } from './ProfilePanel';
import { RunBar } from './RunBar';
import { runPrediction } from './test-commands';
import './test.css';
import './test-parts.css';
import './test-results.css';

/** Ctrl+Enter (Cmd+Enter on macOS) runs from anywhere in the step, the JSON editor included. */
function useRunShortcut(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key === 'Enter') {
        e.preventDefault();
        void runPrediction();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function TestStep() {
  const { model, ready, state } = useStudio(
    useShallow((s) => ({ model: s.model, ready: s.model !== null && s.testModelId === s.model.modelId, state: s.run.state })),
  );
  useRunShortcut();
  if (!model || !ready) return null;
  const inputs = model.summary.graph.inputs;
  return (
    <div className="test-step" data-test-state={state}>
      <div className="step-intro">
        <h1>Test</h1>
        <p className="lead">
          Run <span className="mono">{model.fileName}</span> on inputs of your own: typed, pasted as JSON, from .npy / .pb files, from a
          picture, or generated.
        </p>
      </div>
      <div className="test-columns">
        <div className="test-main">
          <section className="inputs" aria-labelledby="inputs-title">
            <h2 id="inputs-title" className="section-title">
              Inputs <span className="count">{inputs.length}</span>
            </h2>
            <DimFields inputs={inputs} />
            {inputs.length === 0 ? (
              <Card id="no-inputs" title="No inputs">
                <p className="empty">This model takes no inputs: Run computes its outputs from its weights alone.</p>
              </Card>
            ) : (
              inputs.map((input, i) => <InputEditor key={input.name} input={input} index={i} />)
            )}
            <RunBar />
          </section>
          <OutputsPanel />
        </div>
        <div className="test-side">
          <ProfilePanel />
          <GoldenSamples />
        </div>
      </div>
    </div>
  );
}
