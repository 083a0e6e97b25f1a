// An image input's preprocessing in the Metadata step: the Test step's own form (resize, crop, channel
// order, layout, scale, mean/std with the ImageNet preset), so the card says exactly what the Test
// step runs. A spec the studio guessed is marked until confirmed, with why it was chosen.
import { imagenetInput } from '../../../shared/metadata/task-guess';
import { IMAGENET, type PreprocessingSpec } from '../../../shared/preprocessing';
import { useStudio } from '../../store';
import { PreprocessForm } from '../test/PreprocessForm';
import '../test/test-parts.css';
import { GuessNote } from './GuessNote';

const sameList = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => Math.abs(v - b[i]!) < 1e-9);

/** One line for a preprocessing spec, as the card words it. */
function specText(p: PreprocessingSpec): string {
  const parts = [];
  if (p.resize) parts.push(p.resize.mode === 'shorter' ? `shorter side ${p.resize.size}` : `${p.resize.width}×${p.resize.height}`);
  if (p.centerCrop) parts.push(`crop ${p.centerCrop.width}×${p.centerCrop.height}`);
  parts.push(
    p.channelOrder,
    p.batch ? p.layout : p.layout.slice(1),
    `×${Number(p.scale.toPrecision(4))}`,
    `mean [${p.mean.join(', ')}]`,
    `std [${p.std.join(', ')}]`,
    p.dtype,
  );
  return parts.join(' · ');
}

function guessReason(name: string, spec: PreprocessingSpec, imagenet: ReturnType<typeof imagenetInput>): string {
  if (imagenet?.input === name && sameList(spec.mean, IMAGENET.mean) && sameList(spec.std, IMAGENET.std))
    return `ImageNet mean/std suggested: ${imagenet.reason}.`;
  return 'The default for its shape: pixels scaled to 0–1, no mean/std. If the model was trained with normalised pictures (ImageNet and most torchvision models are), pick it under Normalise.';
}

export function PrepEditor({ name, guessOpen }: { name: string; guessOpen: boolean }) {
  const form = useStudio((s) => s.form);
  const summary = useStudio((s) => s.model?.summary);
  const source = useStudio((s) => s.loaded?.source);
  const tested = useStudio((s) => s.drafts[name]?.image.result?.spec ?? null);
  const edit = useStudio((s) => s.editForm);
  if (!form || !summary) return null;
  const d = form.base.inputs[name];
  if (!d?.preprocessing) return null;
  const spec = d.preprocessing;
  // The form commits mean/std again on blur (clicking Undo blurs it): an unchanged spec is no edit.
  const setSpec = (preprocessing: PreprocessingSpec) => {
    if (JSON.stringify(preprocessing) === JSON.stringify(spec)) return;
    edit(`prep:${name}`, { base: { ...form.base, inputs: { ...form.base.inputs, [name]: { ...d, preprocessing } } } });
  };
  const same = tested !== null && JSON.stringify(tested) === JSON.stringify(spec);
  return (
    <div className="meta-prep" id={`meta-prep-${name}`} tabIndex={-1} data-testid={`prep-${name}`}>
      {source === 'derived' ? (
        <GuessNote guessKey={`prep:${name}`} open={guessOpen}>
          {guessReason(name, spec, imagenetInput(summary))}
        </GuessNote>
      ) : null}
      {tested && !same ? (
        <p className="small">
          The Test step ran a different spec.{' '}
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => setSpec(tested)}>
            Use the Test step's
          </button>
        </p>
      ) : null}
      <p className="small">
        <span className="muted">In the card:</span> <span className="mono">{specText(spec)}</span>
      </p>
      <PreprocessForm idBase={`meta-prep-${name}`} spec={spec} onChange={setSpec} />
    </div>
  );
}
