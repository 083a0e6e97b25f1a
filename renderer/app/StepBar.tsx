import { useShallow } from 'zustand/react/shallow';
import { METADATA_KEY } from '../../shared/metadata/onnx-props';
import { selectForeign, selectHasModel, selectStep, useStudio, type StepId } from '../store';
import { focusStepHeading } from './focus-heading';
import { STEPS } from './steps';

/** Steps with their work done for the open model: a check beside the number says so. */
function useDoneSteps(): Set<StepId> {
  const done = useStudio(
    useShallow((s) => ({
      inspect: s.model !== null,
      metadata: s.model !== null && METADATA_KEY in s.model.summary.metadata,
      test: s.samples.length > 0,
      export: s.exported,
    })),
  );
  return new Set((Object.keys(done) as StepId[]).filter((k) => done[k as keyof typeof done]));
}

export function StepBar() {
  const step = useStudio(selectStep);
  const hasModel = useStudio(selectHasModel);
  const foreign = useStudio(selectForeign);
  const done = useDoneSteps();
  const goTo = useStudio((s) => s.goTo);
  return (
    <nav className="stepbar" aria-label="Steps">
      <ol>
        {STEPS.map((def, i) => {
          const current = def.id === step;
          const blocked = def.needsModel && !hasModel && !(def.foreignToo && foreign);
          const title = blocked ? (foreign ? 'Convert it to ONNX first' : 'Open a model first') : undefined;
          return (
            <li key={def.id}>
              <button
                type="button"
                className="step"
                aria-current={current ? 'step' : undefined}
                disabled={blocked}
                title={title}
                onClick={() => {
                  focusStepHeading(current);
                  goTo(def.id);
                }}
              >
                <span className={done.has(def.id) ? 'step-num step-num-done' : 'step-num'} aria-hidden="true">
                  {done.has(def.id) ? '✓' : i + 1}
                </span>
                <span className="step-label">{def.label}</span>
                {done.has(def.id) ? <span className="visually-hidden"> (done)</span> : null}
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
