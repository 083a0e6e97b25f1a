export function Pager({
  page,
  pageCount,
  total,
  pageSize,
  onPage,
  label,
}: {
  page: number;
  pageCount: number;
  total: number;
  pageSize: number;
  onPage: (p: number) => void;
  label: string;
}) {
  if (total === 0) return null;
  const first = page * pageSize + 1;
  const last = Math.min(total, first + pageSize - 1);
  const fmt = (n: number) => n.toLocaleString('en-US');
  return (
    <nav className="pager" aria-label={label}>
      <span className="pager-range" aria-live="polite">
        {fmt(first)}–{fmt(last)} of {fmt(total)}
      </span>
      {pageCount > 1 ? (
        <span className="pager-buttons">
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => onPage(0)} disabled={page === 0}>
            First
          </button>
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => onPage(page - 1)} disabled={page === 0}>
            Previous
          </button>
          <span className="pager-page">
            Page {fmt(page + 1)} of {fmt(pageCount)}
          </span>
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => onPage(page + 1)} disabled={page >= pageCount - 1}>
            Next
          </button>
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => onPage(pageCount - 1)} disabled={page >= pageCount - 1}>
            Last
          </button>
        </span>
      ) : null}
    </nav>
  );
}
