import { useEffect, useRef, type ReactNode } from 'react';

/**
 * One export target as two panes: the choices on the left, what came of them (progress, log,
 * result, error) on the right, beside the button that started it rather than below the fold. When
 * `arrived` turns true the outcome is scrolled into view (clear of the toast: scroll-margin in
 * export.css) and, with `focusOnArrival`, focused so a keyboard or screen-reader user lands on it.
 */
export function ExportPanes({
  choices,
  outcome,
  empty,
  label,
  arrived,
  focusOnArrival = false,
}: {
  choices: ReactNode;
  outcome: ReactNode;
  /** Said in the outcome pane before anything has happened. */
  empty: ReactNode;
  /** The outcome region's accessible name ("Docker image result"). */
  label: string;
  arrived: boolean;
  focusOnArrival?: boolean;
}) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!arrived || !ref.current) return;
    ref.current.scrollIntoView({ block: 'nearest' });
    if (focusOnArrival) ref.current.focus({ preventScroll: true });
  }, [arrived, focusOnArrival]);
  return (
    <div className="export-panes">
      <div className="export-panes-grid">
        <div className="export-choices">{choices}</div>
        <section
          className="export-outcome"
          aria-label={label}
          ref={ref}
          tabIndex={-1}
          data-testid={label.toLowerCase().replace(/\W+/g, '-')}
        >
          {outcome ?? <p className="export-outcome-empty muted small">{empty}</p>}
        </section>
      </div>
    </div>
  );
}
