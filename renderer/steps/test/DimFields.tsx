import { useMemo } from 'react';
import type { ValueInfo } from '../../../shared/model-summary';
import { useStudio } from '../../store';
import { dimFields } from './input-model';
import { NumField } from './NumField';

/** A size for every symbolic or unknown dim; a name shared by several inputs is one field. */
export function DimFields({ inputs }: { inputs: readonly ValueInfo[] }) {
  const fields = useMemo(() => dimFields(inputs), [inputs]);
  const dims = useStudio((s) => s.dims);
  const setDim = useStudio((s) => s.setDim);
  if (fields.length === 0) return null;
  return (
    <section className="dim-fields" aria-labelledby="dims-title">
      <h2 id="dims-title" className="sub-title">
        Sizes
      </h2>
      <div className="dim-list">
        {fields.map((f, i) => (
          <div key={f.key} className="dim-field" data-dim={f.key}>
            <label
              htmlFor={`dim-${i}`}
              className={f.symbolic ? 'dim dim-symbolic' : 'dim dim-unknown'}
              title={f.symbolic ? `Symbolic dimension, used by ${f.inputs.join(', ')}` : 'Unknown size'}
            >
              {f.label}
            </label>
            <NumField
              id={`dim-${i}`}
              value={dims[f.key] ?? 1}
              min={1}
              step={1}
              integer
              className="input input-num input-dim"
              onCommit={(n) => setDim(f.key, n)}
            />
          </div>
        ))}
      </div>
      <p className="muted small">Grids, templates and generated values take these sizes; JSON and files bring their own shapes.</p>
    </section>
  );
}
