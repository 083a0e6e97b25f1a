import { selectHasModel, selectStep, useStudio } from '../store';
import { STEPS } from './steps';

export function StepBar() {
  const step = useStudio(selectStep);
  const hasModel = useStudio(selectHasModel);
  const goTo = useStudio((s) => s.goTo);
  return (
    <nav className="stepbar" aria-label="Steps">
      <ol>
        {STEPS.map((def, i) => {
          const current = def.id === step;
          const blocked = !def.ready || (def.needsModel && !hasModel);
          const title = !def.ready ? 'Coming soon' : blocked ? 'Open a model first' : undefined;
          return (
            <li key={def.id}>
              <button
                type="button"
                className="step"
                aria-current={current ? 'step' : undefined}
                disabled={blocked}
                title={title}
                onClick={() => goTo(def.id)}
              >
                <span className="step-num" aria-hidden="true">
                  {i + 1}
                </span>
                <span className="step-label">{def.label}</span>
                {!def.ready ? <span className="step-soon">Soon</span> : null}
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
