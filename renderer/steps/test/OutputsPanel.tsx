import { useEffect, useRef, type RefObject } from 'react';
import type { ValueInfo } from '../../../shared/model-summary';
import { Spinner } from '../../components/Spinner';
import { useStudio } from '../../store';
import { OutputCard } from './OutputCard';

const NONE: readonly ValueInfo[] = [];

/**
 * A new result is what the user pressed Run for: when the outputs start below the fold (a picture
 * input, several inputs, a short window), scroll them into view. Not on revisiting the step, and not
 * when they are already on screen.
 */
function useRevealNewResult(result: unknown): RefObject<HTMLElement | null> {
  const ref = useRef<HTMLElement>(null);
  const seen = useRef(result);
  useEffect(() => {
    if (!result || result === seen.current) return;
    seen.current = result;
    const el = ref.current;
    if (!el) return;
    const top = el.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight * 0.6) {
      const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
      el.scrollIntoView({ block: 'start', behavior: reduce ? 'auto' : 'smooth' });
    }
  }, [result]);
  return ref;
}

/** One card per output of the last successful run; dimmed while the next run computes. */
export function OutputsPanel() {
  const run = useStudio((s) => s.run);
  const declared = useStudio((s) => s.model?.summary.graph.outputs ?? NONE);
  const r = run.result;
  const ref = useRevealNewResult(r);
  if (!r) {
    return (
      <section className="outputs outputs-empty" aria-labelledby="outputs-title">
        <h2 id="outputs-title" className="section-title">
          Outputs
        </h2>
        <div className="empty-card">
          {run.state === 'running' ? (
            <p>
              <Spinner size={16} /> Running the model…
            </p>
          ) : (
            <p className="muted">
              Enter the inputs above and press Run. The outputs appear here with their statistics and, for class scores, the top classes.
            </p>
          )}
        </div>
      </section>
    );
  }
  // In the order the model declares them, not the order the runtime happened to return.
  const names = [
    ...declared.map((o) => o.name).filter((n) => n in r.outputs),
    ...Object.keys(r.outputs).filter((n) => !declared.some((o) => o.name === n)),
  ];
  return (
    <section
      ref={ref}
      data-testid="outputs"
      className={run.state === 'running' ? 'outputs outputs-stale' : 'outputs'}
      aria-labelledby="outputs-title"
      aria-busy={run.state === 'running'}
    >
      <h2 id="outputs-title" className="section-title">
        Outputs <span className="count">{names.length}</span>
      </h2>
      {names.map((name, i) => (
        <OutputCard key={name} name={name} index={i} tensor={r.outputs[name]!} stats={r.stats[name]} topk={r.topk[name]} ms={r.runMs} />
      ))}
    </section>
  );
}
