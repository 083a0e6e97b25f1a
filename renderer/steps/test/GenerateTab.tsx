import { FILLS, type Fill } from '../../../shared/generate-inputs';
import { elementCount } from '../../../shared/tensor-json';
import { countOf } from '../../format/numbers';
import { useStudio } from '../../store';
import type { InputDraft } from '../../store/test-types';

const FILL_LABELS: Record<Fill, string> = { zeros: 'Zeros', ones: 'Ones', random: 'Random' };

/** Values made from the signature at Run time (the same generator as the CLI's, seeded). */
export function GenerateTab({ name, draft, shape, type }: { name: string; draft: InputDraft; shape: number[]; type: string }) {
  const updateDraft = useStudio((s) => s.updateDraft);
  const g = draft.generate;
  const set = (patch: Partial<InputDraft['generate']>) => updateDraft(name, { generate: { ...g, ...patch } });
  const id = `gen-${name.replace(/[^\w-]/g, '_')}`;
  return (
    <div className="generate">
      <fieldset className="segmented">
        <legend className="field-label">Fill</legend>
        {FILLS.map((f) => (
          <label key={f} className={g.fill === f ? 'segment segment-on' : 'segment'}>
            <input type="radio" name={`${id}-fill`} value={f} checked={g.fill === f} onChange={() => set({ fill: f })} />
            {FILL_LABELS[f]}
          </label>
        ))}
      </fieldset>
      {g.fill === 'random' ? (
        <div className="field">
          <label className="field-label" htmlFor={`${id}-seed`}>
            Seed
          </label>
          <input
            id={`${id}-seed`}
            className="input input-num"
            type="number"
            min={0}
            max={4294967295}
            step={1}
            value={g.seed}
            onChange={(e) => set({ seed: Math.max(0, Math.min(4294967295, Math.floor(Number(e.currentTarget.value) || 0))) })}
          />
        </div>
      ) : null}
      <p className="muted small generate-note">
        {type} [{shape.join(', ')}] · {countOf(elementCount(shape), 'value')}, made at Run.
        {g.fill === 'random'
          ? ' Floats uniform in [0, 1); uint8 in 0–255; other integers 0–9. The same seed gives the same values in the CLI.'
          : ''}
      </p>
    </div>
  );
}
