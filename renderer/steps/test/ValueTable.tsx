import { useState } from 'react';
import type { WireTensor } from '../../../shared/tensors';
import { exact } from '../../format/numbers';
import { formatValue, layoutOf, PREVIEW_VALUES, SHOW_ALL_MAX } from './output-format';

/** An output's values: the first ones at once, all of them on request when there are not too many. */
export function ValueTable({ name, tensor }: { name: string; tensor: Required<WireTensor> }) {
  const [all, setAll] = useState(false);
  const n = tensor.data.length;
  if (n === 0) return <p className="empty">No values (shape [{tensor.shape.join(', ')}]).</p>;
  const { cols, colHeads, rowLabel } = layoutOf(tensor.shape);
  const limit = all ? n : Math.min(n, Math.max(PREVIEW_VALUES, cols));
  const rows = Math.ceil(limit / cols);
  return (
    <div className="values">
      <div className="table-wrap values-wrap">
        <table className="table values-table" aria-label={`Values of ${name}`} data-testid="output-values">
          {colHeads ? (
            <thead>
              <tr>
                <td />
                {colHeads.map((c) => (
                  <th key={c} scope="col" className="num">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
          ) : null}
          <tbody>
            {Array.from({ length: rows }, (_, r) => (
              <tr key={r}>
                <th scope="row" className="values-row mono">
                  {rowLabel(r)}
                </th>
                {Array.from({ length: cols }, (_, c) => {
                  const i = r * cols + c;
                  return (
                    <td key={c} className="num mono" data-index={i < limit ? i : undefined}>
                      {i < limit ? formatValue(tensor.data[i]!, tensor.type) : ''}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {n > limit || all ? (
        <p className="values-more muted small">
          {all ? `All ${exact(n)} values.` : `First ${exact(limit)} of ${exact(n)} values.`}{' '}
          {n <= SHOW_ALL_MAX ? (
            <button type="button" className="btn btn-ghost btn-sm" aria-expanded={all} onClick={() => setAll(!all)}>
              {all ? 'Show fewer' : `Show all ${exact(n)}`}
            </button>
          ) : (
            'Download the tensor for all of them.'
          )}
        </p>
      ) : null}
    </div>
  );
}
