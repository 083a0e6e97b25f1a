import { useState } from 'react';
import { Card } from '../../components/Card';
import { Icon } from '../../components/Icon';
import { useStudio } from '../../store';
import { downloadBlob } from './download';
import { fileNameFor } from './output-format';

/** Runs kept as golden samples: what every export will later be checked against. */
export function GoldenSamples() {
  const samples = useStudio((s) => s.samples);
  const canSave = useStudio((s) => s.run.state === 'done' && s.run.result !== null);
  const saveSample = useStudio((s) => s.saveSample);
  const removeSample = useStudio((s) => s.removeSample);
  const [name, setName] = useState('');
  const placeholder = `sample-${samples.length + 1}`;
  return (
    <Card
      id="samples"
      title="Golden samples"
      actions={<span className="badge badge-muted">{samples.length}</span>}
      className="samples-card"
    >
      <form
        className="sample-form"
        onSubmit={(e) => {
          e.preventDefault();
          saveSample(name);
          setName('');
        }}
      >
        <label className="visually-hidden" htmlFor="sample-name">
          Sample name
        </label>
        <input id="sample-name" className="input" placeholder={placeholder} value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <button type="submit" className="btn" disabled={!canSave} title={canSave ? undefined : 'Run the model first'}>
          <Icon name="bookmark" size={16} />
          Save as golden sample
        </button>
      </form>
      <p className="muted small sample-note">
        The inputs and outputs of the last run. Kept for this session; they are saved with the bundle once bundles exist.
      </p>
      {samples.length ? (
        <ul className="plain-list sample-list" aria-label="Saved samples">
          {samples.map((s) => (
            <li key={s.id} className="sample" data-sample-name={s.name}>
              <span className="sample-name mono">{s.name}</span>
              <span className="muted small">
                {Object.keys(s.inputs).length} in · {Object.keys(s.outputs).length} out · {new Date(s.savedAt).toLocaleTimeString()}
              </span>
              <span className="sample-actions">
                <button
                  type="button"
                  className="btn btn-ghost btn-icon"
                  aria-label={`Download ${s.name} as JSON`}
                  onClick={() =>
                    downloadBlob(
                      fileNameFor(s.name, 'json'),
                      JSON.stringify({ name: s.name, inputs: s.inputs, outputs: s.outputs }),
                      'application/json',
                    )
                  }
                >
                  <Icon name="download" size={16} />
                </button>
                <button type="button" className="btn btn-ghost btn-icon" aria-label={`Remove ${s.name}`} onClick={() => removeSample(s.id)}>
                  <Icon name="trash" size={16} />
                </button>
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </Card>
  );
}
