import type { KeyboardEvent } from 'react';
import { elementCount } from '../../../shared/tensor-json';
import type { TensorType } from '../../../shared/tensors';
import { exact } from '../../format/numbers';
import { GRID_MAX, gridCells } from './input-model';

/** Row-major index of a flat position, e.g. 5 in [2,4] → "1,1". */
function indexOf(flat: number, shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    out[a] = flat % shape[a]!;
    flat = Math.floor(flat / shape[a]!);
  }
  return out;
}

/**
 * One field per element, rows along the last dim. Up/Down move between rows, as in a spreadsheet
 * (Tab already moves along a row).
 */
export function GridEditor({
  name,
  shape,
  type,
  cells,
  describedBy,
  onChange,
}: {
  name: string;
  shape: number[];
  type: TensorType;
  cells: readonly string[];
  describedBy?: string;
  onChange: (cells: string[]) => void;
}) {
  const count = elementCount(shape);
  if (count > GRID_MAX) {
    return (
      <p className="empty">
        {exact(count)} values are too many for a grid (up to {GRID_MAX}). Use JSON, a file or Generate.
      </p>
    );
  }
  if (count === 0) return <p className="empty">The shape [{shape.join(', ')}] holds no values.</p>;
  const cols = shape.length === 0 ? 1 : shape[shape.length - 1]!;
  const rows = count / cols;
  const values = gridCells(cells, count, type);
  const set = (i: number, v: string) => {
    const next = [...values];
    next[i] = v;
    onChange(next);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>, i: number) => {
    const to = e.key === 'ArrowDown' ? i + cols : e.key === 'ArrowUp' ? i - cols : -1;
    if (to < 0 || to >= count) return;
    e.preventDefault();
    document.getElementById(`${e.currentTarget.dataset.grid}-${to}`)?.focus();
  };
  const gridId = `grid-${name.replace(/[^\w-]/g, '_')}`;
  return (
    <div className="table-wrap grid-wrap">
      <table className="grid-table" aria-label={`Values of ${name}`} aria-describedby={describedBy}>
        {cols > 1 ? (
          <thead>
            <tr>
              <td />
              {Array.from({ length: cols }, (_, c) => (
                <th key={c} scope="col" className="grid-col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
        ) : null}
        <tbody>
          {Array.from({ length: rows }, (_, r) => {
            const lead = shape.length > 1 ? indexOf(r * cols, shape).slice(0, -1) : [];
            return (
              <tr key={r}>
                <th scope="row" className="grid-row">
                  {lead.length ? `[${lead.join(',')}]` : ''}
                </th>
                {Array.from({ length: cols }, (_, c) => {
                  const i = r * cols + c;
                  return (
                    <td key={c}>
                      <input
                        id={`${gridId}-${i}`}
                        data-grid={gridId}
                        className="grid-cell mono"
                        value={values[i]}
                        inputMode={type === 'string' || type === 'bool' ? 'text' : 'decimal'}
                        spellCheck={false}
                        aria-label={`${name}[${indexOf(i, shape).join(',')}]`}
                        onChange={(e) => set(i, e.currentTarget.value)}
                        onKeyDown={(e) => onKey(e, i)}
                      />
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
