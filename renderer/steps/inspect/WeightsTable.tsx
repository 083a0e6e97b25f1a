import { BreakableName } from './BreakableName';
import { useDeferredValue, useMemo, useState } from 'react';
import { formatBytes } from '../../../shared/format';
import type { GraphSummary } from '../../../shared/model-summary';
import { modelWeights, type WeightStats } from '../../../shared/model-weights';
import { Card } from '../../components/Card';
import { FilterPager } from '../../components/FilterPager';
import { exact, formatDims, locationText } from '../../format/numbers';
import { filterByName, pageCount, pageOf, sortBySize } from './weight-rows';

const PAGE_SIZE = 50;

/**
 * Every weight: initializers and Constant values, in the main graph and in If/Loop/Scan bodies (a
 * Paddle or spox export keeps all of them in Constants). Paged, so 10k+ weights still render a few dozen rows.
 */
export function WeightsTable({ graph, stats }: { graph: GraphSummary; stats: WeightStats }) {
  const sorted = useMemo(() => sortBySize(modelWeights(graph)), [graph]);
  const overridable = useMemo(() => new Set(graph.overridableInitializers), [graph.overridableInitializers]);
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const filtered = useMemo(() => filterByName(sorted, deferred), [sorted, deferred]);
  const [page, setPage] = useState(0);
  const pages = pageCount(filtered.length, PAGE_SIZE);
  const current = Math.min(page, pages - 1);
  const rows = pageOf(filtered, current, PAGE_SIZE);
  return (
    <Card
      id="weights"
      title="Weights by size"
      actions={
        <span className="muted small">
          {exact(stats.initializers)} initializers · {exact(stats.constants)} in Constant nodes · {formatBytes(stats.bytes)}
        </span>
      }
    >
      {sorted.length === 0 ? (
        <p className="empty">This model has no weights: no initializers and no Constant values.</p>
      ) : (
        <>
          <FilterPager
            noun="weights"
            query={query}
            onQuery={setQuery}
            page={current}
            pageCount={pages}
            total={filtered.length}
            pageSize={PAGE_SIZE}
            onPage={setPage}
            pagerLabel="Weight pages"
          />
          <div className="table-wrap">
            <table className="table init-table" aria-labelledby="weights-title" data-testid="weights-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Held in</th>
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
                    <td colSpan={6} className="muted">
                      No weight matches “{deferred}”.
                    </td>
                  </tr>
                ) : (
                  rows.map((t) => {
                    const loc = t.tensor
                      ? locationText(t.tensor.location)
                      : { short: 'inline', long: 'values written in the Constant node itself' };
                    return (
                      <tr key={t.id}>
                        <th scope="row" className="mono init-name" title={t.id}>
                          <BreakableName name={t.id} />
                          {t.source === 'initializer' && overridable.has(t.id) ? (
                            <span className="badge badge-muted">overridable</span>
                          ) : null}
                        </th>
                        <td>{t.source === 'initializer' ? 'initializer' : 'Constant'}</td>
                        <td className="mono">{t.dataType}</td>
                        <td className="mono">{formatDims(t.dims)}</td>
                        <td className="num" title={`${exact(t.byteLength)} bytes`}>
                          {formatBytes(t.byteLength)}
                        </td>
                        <td title={loc.long}>
                          <span className={t.tensor?.location.kind === 'external' ? 'badge badge-accent' : 'badge badge-muted'}>
                            {loc.short}
                          </span>
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
