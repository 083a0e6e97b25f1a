import type { ForeignSection } from '../../../../shared/formats/types';
import { Card } from '../../../components/Card';
import { exact } from '../../../format/numbers';

/** One of a reader's extra tables (operators, layers, key/values, code files). */
export function ForeignTable({ section, index }: { section: ForeignSection; index: number }) {
  const id = `section-${index}`;
  return (
    <Card
      id={id}
      title={section.title}
      actions={
        section.total > section.rows.length ? (
          <span className="muted small">
            first {exact(section.rows.length)} of {exact(section.total)}
          </span>
        ) : null
      }
    >
      {section.rows.length === 0 ? (
        <p className="empty">None.</p>
      ) : (
        // Scrolls past 420 px: focusable so keyboard users can scroll it too.
        <div className="table-wrap foreign-table-wrap" tabIndex={0} role="group" aria-label={`${section.title}, scrollable`}>
          <table className="table" aria-labelledby={`${id}-title`}>
            <thead>
              <tr>
                {section.columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {section.rows.map((r, i) => (
                <tr key={i}>
                  {r.map((cell, j) =>
                    j === 0 ? (
                      <th key={j} scope="row" className="mono">
                        {cell}
                      </th>
                    ) : (
                      <td key={j} className="mono">
                        {cell}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
