import { useState } from 'react';
import type { TopK } from '../../../shared/output-summary';
import { barFractions, formatValue } from './output-format';

/** Best classes of one batch row as bars; a table underneath, so screen readers get the numbers. */
export function TopKChart({ name, topk }: { name: string; topk: TopK }) {
  const [row, setRow] = useState(0);
  const entries = topk.rows[row] ?? [];
  const widths = barFractions(entries.map((e) => e.score));
  const selectId = `topk-row-${name.replace(/[^\w-]/g, '_')}`;
  return (
    <div className="topk" data-testid="topk">
      <div className="topk-head">
        <h3 className="sub-title">
          Top {topk.k}
          {topk.labelled ? '' : <span className="muted small"> · class indices (no labels in the metadata)</span>}
        </h3>
        {topk.rows.length > 1 ? (
          <span className="topk-row-pick">
            <label htmlFor={selectId} className="muted small">
              Row
            </label>
            <select id={selectId} className="select select-sm" value={row} onChange={(e) => setRow(Number(e.currentTarget.value))}>
              {topk.rows.map((_, i) => (
                <option key={i} value={i}>
                  {i}
                </option>
              ))}
            </select>
          </span>
        ) : null}
      </div>
      <table className="topk-table" aria-label={`Top ${topk.k} classes of ${name}${topk.rows.length > 1 ? `, row ${row}` : ''}`}>
        <thead className="visually-hidden">
          <tr>
            <th scope="col">Class</th>
            <th scope="col">Score</th>
            <th scope="col">Bar</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e, i) => (
            <tr key={e.index} data-class-index={e.index} data-class-label={e.label}>
              <th scope="row" className="topk-label">
                {e.label ?? `class ${e.index}`}
                {e.label ? <span className="topk-index mono"> #{e.index}</span> : null}
              </th>
              <td className="topk-score num mono">{formatValue(e.score, 'float64')}</td>
              <td className="topk-bar-cell" aria-hidden="true">
                <span
                  className={i === 0 ? 'topk-bar topk-bar-best' : 'topk-bar'}
                  style={{ width: `${Math.max(1.5, widths[i]! * 100)}%` }}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
