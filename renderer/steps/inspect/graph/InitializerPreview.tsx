// On request, the first values of an initializer, read by the host from the file at its offset.
// Nothing is read until the button is pressed: a click on a node must stay cheap on a 2 GB model.
import { useEffect, useRef, useState } from 'react';
import type { InitializerPreview as Preview, InitializerStats } from '../../../../shared/initializer-preview';
import type { SubgraphStep } from '../../../../shared/graph/subgraph-path';
import { toErrorData, type ErrorData } from '../../../../shared/errors';
import { ErrorNote } from '../../../components/ErrorNote';
import { Spinner } from '../../../components/Spinner';
import { exact } from '../../../format/numbers';
import { getApi } from '../../../transport';
import { formatScalar, unravel } from './node-details';

export interface InitializerPreviewProps {
  modelId: string;
  tensor: string;
  /** The subgraph the initializer belongs to ([] = the main graph). */
  path: SubgraphStep[];
  /** How many values to fetch (the host caps it at 1,000). */
  limit?: number;
  /** Read the tensor a node attribute holds (a Constant's value) instead of an initializer. */
  attribute?: { node: string; name: string };
}

type State = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; preview: Preview } | { kind: 'error'; error: ErrorData };

export function InitializerPreview({ modelId, tensor, path, limit = 100, attribute }: InitializerPreviewProps) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  // A reply for another tensor (the user clicked on) must not land here.
  const request = useRef(0);
  const key = JSON.stringify([path, attribute]);
  useEffect(() => {
    request.current++;
    setState({ kind: 'idle' });
  }, [modelId, tensor, key]);

  const load = async () => {
    const mine = ++request.current;
    setState({ kind: 'busy' });
    try {
      const which = attribute ? { attribute: { node: attribute.node, name: attribute.name } } : { tensor };
      const preview = await getApi().call('model.initializerPreview', { modelId, ...which, path, limit });
      if (request.current === mine) setState({ kind: 'done', preview });
    } catch (e) {
      if (request.current === mine) setState({ kind: 'error', error: toErrorData(e) });
    }
  };
  const busy = state.kind === 'busy';

  return (
    <div className="init-preview" data-testid="initializer-preview" data-state={state.kind}>
      {state.kind === 'idle' || state.kind === 'busy' || (state.kind === 'error' && state.error.code !== 'NOT_SUPPORTED') ? (
        <button type="button" className="btn btn-sm" aria-disabled={busy || undefined} onClick={() => !busy && void load()}>
          {busy ? <Spinner size={14} /> : null}
          {state.kind === 'error' ? 'Try again' : 'Preview values'}
        </button>
      ) : null}
      {state.kind === 'error' ? <ErrorNote error={state.error} testId="initializer-preview-error" /> : null}
      {state.kind === 'done' ? <PreviewValues preview={state.preview} /> : null}
    </div>
  );
}

function PreviewValues({ preview: p }: { preview: Preview }) {
  return (
    <div className="init-preview-body">
      <p className="init-preview-caption small muted">
        {p.truncated
          ? `First ${exact(p.values.length)} of ${exact(p.elementCount)} values`
          : `All ${exact(p.elementCount)} value${p.elementCount === 1 ? '' : 's'}`}
        {' · '}
        <span className="mono">
          {p.dataType}[{p.dims.join(',')}]
        </span>
        {' · from '}
        <span className="mono">{p.storage}</span>
      </p>
      {p.values.length ? (
        <ol className="init-values" aria-label={`Values of ${p.name}`} data-testid="initializer-values" tabIndex={0}>
          {p.values.map((v, i) => {
            const text = formatScalar(v, p.dataType);
            return (
              <li key={i} className="init-value">
                <span className="init-value-index">{unravel(i, p.dims)}</span>
                <span className="init-value-text mono" data-value-index={i} title={text}>
                  {text}
                </span>
              </li>
            );
          })}
        </ol>
      ) : (
        <p className="empty">No values stored.</p>
      )}
      {p.stats ? <Stats stats={p.stats} dtype={p.dataType} total={p.elementCount} /> : null}
    </div>
  );
}

function Stats({ stats: s, dtype, total }: { stats: InitializerStats; dtype: string; total: number }) {
  const num = (v: InitializerStats['min']) => (v === null ? '—' : formatScalar(v, dtype === 'bool' ? 'int32' : dtype));
  const mean = s.mean === null ? '—' : formatScalar(s.mean);
  return (
    <div className="init-stats" data-testid="initializer-stats" data-over={s.over}>
      <dl>
        <div>
          <dt>min</dt>
          <dd className="mono">{num(s.min)}</dd>
        </div>
        <div>
          <dt>max</dt>
          <dd className="mono">{num(s.max)}</dd>
        </div>
        <div>
          <dt>{dtype === 'bool' ? 'share true' : 'mean'}</dt>
          <dd className="mono">{mean}</dd>
        </div>
        {dtype.startsWith('float') || dtype === 'bfloat16' ? (
          <div>
            <dt>NaN</dt>
            <dd className="mono">{exact(s.nanCount)}</dd>
          </div>
        ) : null}
      </dl>
      <p className="small muted">
        {s.over === 'all'
          ? `Over all ${exact(total)} values.`
          : `Over the ${exact(s.count)} values shown: the tensor is too large to scan here.`}
      </p>
    </div>
  );
}
