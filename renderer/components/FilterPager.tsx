import { useId } from 'react';
import { Pager } from './Pager';

/** A table's tools: a name filter (which returns to the first page) and the pager. */
export function FilterPager({
  noun,
  query,
  onQuery,
  page,
  pageCount,
  total,
  pageSize,
  onPage,
  pagerLabel,
}: {
  /** Plural, lower case: "weights", "tensors". */
  noun: string;
  query: string;
  onQuery: (q: string) => void;
  page: number;
  pageCount: number;
  total: number;
  pageSize: number;
  onPage: (p: number) => void;
  /** The pager's accessible name: "Weight pages". */
  pagerLabel: string;
}) {
  const id = useId();
  return (
    <div className="table-tools">
      <label htmlFor={id} className="visually-hidden">
        Filter {noun} by name
      </label>
      <input
        id={id}
        type="search"
        className="input"
        placeholder="Filter by name…"
        value={query}
        onChange={(e) => {
          onQuery(e.target.value);
          onPage(0);
        }}
      />
      <Pager page={page} pageCount={pageCount} total={total} pageSize={pageSize} onPage={onPage} label={pagerLabel} />
    </div>
  );
}
