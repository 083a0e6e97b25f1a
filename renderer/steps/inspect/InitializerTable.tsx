import { useDeferredValue, useId, useMemo, useState } from 'react';
import { formatBytes } from '../../../shared/format';
import type { GraphSummary } from '../../../shared/model-summary';
import { Card } from '../../components/Card';
import { Pager } from '../../components/Pager';
import { exact, formatDims, locationText } from '../../format/numbers';
import { filterByName, pageCount, pageOf, sortBySize } from './initializer-rows';

const PAGE_SIZE = 50;

/** Paged, so a model with 10k+ initializers still renders a few dozen rows. */
export function InitializerTable({ graph, totalBytes }: { graph: GraphSummary; totalBytes: number }) {
  const sorted = useMemo(() => sortBySize(graph.initializers), [graph.initializers]);
  const overridable = useMemo(() => new Set(graph.overridableInitializers), [graph.overridableInitializers]);
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const filtered = useMemo(() => filterByName(sorted, deferred), [sorted, deferred]);
  const [page, setPage] = useState(0);
  const pages = pageCount(filtered.length, PAGE_SIZE);
  const current = Math.min(page, pages - 1);
  const rows = pageOf(filtered, current, PAGE_SIZE);
  const filterId = useId();
  return (
    <Card
      id="initializers"
      title="Initializers by size"
     
      actions={
        <span className="muted small">
          {exact(sorted.length)} tensors · {formatBytes(totalBytes)}
        </span>
      }
    >
      {sorted.length === 0 ? (
        <p className="empty">This model has no initializers (no stored weights).</p>
      ) : (
        <>
          <div className="table-tools">
            <label htmlFor={filterId} className="visually-hidden">
              Filter initializers by name
            </label>
            <input
              id={filterId}
              type="search"
              className="input"
              placeholder="Filter by name…"
              value={query}
              onChange={(e) => {
                setQuery(e.target.value);
                setPage(0);
              }}
            />
            <Pager page={current} pageCount={pages} total={filtered.length} pageSize={PAGE_SIZE} onPage={setPage} label="Initializer pages" />
          </div>
          <div className="table-wrap">
            <table className="table init-table" aria-labelledby="initializers-title" data-testid="initializer-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Type</th>
                  <th scope="col">Dims</th>
                  <th scope="col" className="num">
                    Size
                  </th>
                  <th scope="col">Location</th>
                </tr>
              </thead>
              <tbody>
                {rows.length === 0 ? (
                  <tr>
                    <td colSpan={5} className="muted">
                      No initializer matches “{deferred}”.
                    </td>
                  </tr>
                ) : (
                  rows.map((t) => {
                    const loc = locationText(t.location);
                    return (
                      <tr key={t.name}>
                        <th scope="row" className="mono init-name" title={t.name}>
                          {t.name}
                          {overridable.has(t.name) ? <span className="badge badge-muted">overridable</span> : null}
                        </th>
                        <td className="mono">{t.dataType}</td>
                        <td className="mono">{formatDims(t.dims)}</td>
                        <td className="num" title={`${exact(t.byteLength)} bytes`}>
                          {formatBytes(t.byteLength)}
                        </td>
                        <td title={loc.long}>
                          <span className={t.location.kind === 'external' ? 'badge badge-accent' : 'badge badge-muted'}>{loc.short}</span>
                        </td>
                      </tr>
                    );
                  })
                )}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Card>
  );
}
