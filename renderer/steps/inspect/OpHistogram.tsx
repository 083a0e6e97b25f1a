import { useMemo, useState } from 'react';
import { Card } from '../../components/Card';
import { BreakableName } from './BreakableName';
import { exact } from '../../format/numbers';

const TOP = 12;

export function sortHistogram(histogram: Record<string, number>): Array<[string, number]> {
  return Object.entries(histogram).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** Operator counts as a table (what screen readers get) with a bar per row (what eyes get). */
export function OpHistogram({ histogram }: { histogram: Record<string, number> }) {
  const rows = useMemo(() => sortHistogram(histogram), [histogram]);
  const [all, setAll] = useState(false);
  const max = rows[0]?.[1] ?? 1;
  const total = rows.reduce((n, [, c]) => n + c, 0);
  const shown = all ? rows : rows.slice(0, TOP);
  return (
    <Card
      id="ops"
      title="Operators"
      actions={
        <span className="muted small">
          {rows.length} types · {exact(total)} nodes
        </span>
      }
    >
      {rows.length === 0 ? (
        <p className="empty">The main graph has no nodes.</p>
      ) : (
        <>
          <table className="table op-table" aria-labelledby="ops-title" data-testid="op-table">
            <thead>
              <tr>
                <th scope="col">Operator</th>
                <th scope="col" className="num">
                  Count
                </th>
                <th scope="col" className="bar-col">
                  <span className="visually-hidden">Share</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map(([op, count]) => (
                <tr key={op}>
                  <th scope="row" className="mono op-name">
                    <BreakableName name={op} />
                  </th>
                  <td className="num">{exact(count)}</td>
                  <td className="bar-col" aria-hidden="true">
                    <span className="bar" style={{ width: `${Math.max(2, (count / max) * 100)}%` }} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length > TOP ? (
            <button type="button" className="btn btn-ghost btn-sm show-more" aria-expanded={all} onClick={() => setAll(!all)}>
              {all ? 'Show top 12' : `Show all ${rows.length}`}
            </button>
          ) : null}
        </>
      )}
    </Card>
  );
}
