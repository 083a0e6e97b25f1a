// Where we are among subgraphs: main › If_0.then_branch › Loop_3.body. Every level above the
// current one is a button back up to it; the current one is text marked aria-current.
import type { SubgraphStep } from '../../../../shared/graph/subgraph-path';
import './graph-parts.css';

export interface BreadcrumbsProps {
  rootName: string;
  path: SubgraphStep[];
  /** Go back up to `depth` steps (0 = the main graph). */
  onNavigate(depth: number): void;
}

/** "If_0.then_branch", "Split_2.branches[1]" for a `graphs` attribute. */
export const stepLabel = (s: SubgraphStep): string => `${s.node}.${s.attribute}${s.index !== undefined ? `[${s.index}]` : ''}`;

export function Breadcrumbs({ rootName, path, onNavigate }: BreadcrumbsProps) {
  const levels = [rootName || 'main', ...path.map(stepLabel)];
  return (
    <nav className="graph-breadcrumbs" aria-label="Subgraph path">
      <ol>
        {levels.map((label, depth) => (
          <li key={depth}>
            {depth > 0 ? (
              <span className="graph-breadcrumbs-sep" aria-hidden="true">
                ›
              </span>
            ) : null}
            {depth === levels.length - 1 ? (
              <span className="graph-breadcrumbs-current" aria-current="location">
                {label}
              </span>
            ) : (
              <button type="button" className="graph-breadcrumbs-link" onClick={() => onNavigate(depth)}>
                {label}
              </button>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
