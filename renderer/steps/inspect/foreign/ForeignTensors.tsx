import { useDeferredValue, useMemo, useState } from 'react';
import { formatBytes } from '../../../../shared/format';
import type { Dim, ForeignTensor, ForeignTensorPreview } from '../../../../shared/formats/types';
import { toErrorData, type ErrorData } from '../../../../shared/errors';
import { Card } from '../../../components/Card';
import { ErrorNote } from '../../../components/ErrorNote';
import { FilterPager } from '../../../components/FilterPager';
import { exact } from '../../../format/numbers';
import { getApi } from '../../../transport';
import { filterByName, pageCount, pageOf } from '../weight-rows';

const PAGE_SIZE = 50;

export const dimsText = (shape: Dim[] | null): string =>
  shape === null ? 'unknown' : shape.length === 0 ? 'scalar' : shape.map((d) => (d === null ? '?' : String(d))).join(' × ');

/** The file's tensor table, in file order, filterable and paged; a row's Preview reads its first values. */
export function ForeignTensors({
  fileId,
  tensors,
  total,
  bytes,
}: {
  fileId: string;
  tensors: ForeignTensor[];
  total: number;
  bytes: number | null;
}) {
  const rows = useMemo(() => tensors.map((t) => ({ ...t, id: t.name, byteLength: t.bytes ?? 0 })), [tensors]);
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const filtered = useMemo(() => filterByName(rows, deferred), [rows, deferred]);
  const [page, setPage] = useState(0);
  const pages = pageCount(filtered.length, PAGE_SIZE);
  const current = Math.min(page, pages - 1);
  const [preview, setPreview] = useState<{ name: string; result: ForeignTensorPreview | null; error: ErrorData | null } | null>(null);
  const show = async (name: string) => {
    setPreview({ name, result: null, error: null });
    try {
      const result = await getApi().call('foreign.previewTensor', { fileId, tensor: name });
      setPreview((p) => (p?.name === name ? { name, result, error: null } : p));
    } catch (err) {
      setPreview((p) => (p?.name === name ? { name, result: null, error: toErrorData(err) } : p));
    }
  };
  return (
    <Card
      id="foreign-tensors"
      title="Tensors"
      actions={
        <span className="muted small">
          {exact(total)} tensors{bytes !== null ? ` · ${formatBytes(bytes)}` : ''}
          {total > tensors.length ? ` · first ${exact(tensors.length)} listed` : ''}
        </span>
      }
    >
      {tensors.length === 0 ? (
        <p className="empty">No tensors could be listed from this file.</p>
      ) : (
        <>
          <FilterPager
            noun="tensors"
            query={query}
            onQuery={setQuery}
            page={current}
            pageCount={pages}
            total={filtered.length}
            pageSize={PAGE_SIZE}
            onPage={setPage}
            pagerLabel="Tensor pages"
          />
          <div className="table-wrap">
            <table className="table" aria-labelledby="foreign-tensors-title" data-testid="foreign-tensors">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Type</th>
                  <th scope="col">Shape</th>
                  <th scope="col" className="num">
                    Size
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">Values</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {pageOf(filtered, current, PAGE_SIZE).map((t) => (
                  <tr key={t.name}>
                    <th scope="row" className="mono init-name" title={t.file ? `${t.name} (in ${t.file})` : t.name}>
                      {t.name}
                    </th>
                    <td className="mono">{t.dtype}</td>
                    <td className="mono">{dimsText(t.shape)}</td>
                    <td className="num">{t.bytes === null ? '—' : formatBytes(t.bytes)}</td>
                    <td>
                      {t.offset !== undefined ? (
                        <button
                          type="button"
                          className="btn btn-ghost btn-sm"
                          onClick={() => void show(t.name)}
                          aria-label={`Preview values of ${t.name}`}
                        >
                          Preview
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {preview ? <PreviewPanel name={preview.name} result={preview.result} error={preview.error} /> : null}
        </>
      )}
    </Card>
  );
}

function PreviewPanel({ name, result, error }: { name: string; result: ForeignTensorPreview | null; error: ErrorData | null }) {
  return (
    <div className="foreign-preview" role="region" aria-label={`Values of ${name}`} data-testid="foreign-preview">
      <h3 className="mono small">{name}</h3>
      {error ? (
        <ErrorNote error={error} />
      ) : !result ? (
        <p className="muted">Reading…</p>
      ) : result.values.length === 0 ? (
        <p className="muted">{result.note ?? 'No values to show.'}</p>
      ) : (
        <>
          <p className="muted small">
            First {exact(result.values.length)}
            {result.total !== null ? ` of ${exact(result.total)}` : ''} values
            {result.stats
              ? ` · min ${fmt(result.stats.min)} · max ${fmt(result.stats.max)} · mean ${fmt(result.stats.mean)} (of those shown)`
              : ''}
          </p>
          <pre className="foreign-values mono">{result.values.slice(0, 200).map(fmt).join(', ')}</pre>
        </>
      )}
    </div>
  );
}

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toPrecision(6));
