import type { TensorStats, TopK } from '../../../shared/output-summary';
import type { WireTensor } from '../../../shared/tensors';
import { Card } from '../../components/Card';
import { Icon } from '../../components/Icon';
import { countOf, exact, formatLatency } from '../../format/numbers';
import { downloadBlob } from './download';
import { fileNameFor, formatValue, tensorJsonText, tensorNpyBytes } from './output-format';
import { TopKChart } from './TopKChart';
import { ValueTable } from './ValueTable';

function Stats({ stats }: { stats: TensorStats }) {
  const v = (x: number | null) => (x === null ? '—' : formatValue(x, 'float64'));
  return (
    <dl className="stats" data-testid="output-stats">
      <div>
        <dt>min</dt>
        <dd className="mono">{v(stats.min)}</dd>
      </div>
      <div>
        <dt>max</dt>
        <dd className="mono">{v(stats.max)}</dd>
      </div>
      <div>
        <dt>mean</dt>
        <dd className="mono">{v(stats.mean)}</dd>
      </div>
      <div className={stats.nanCount ? 'stat-bad' : undefined}>
        <dt>NaN</dt>
        <dd className="mono">{exact(stats.nanCount)}</dd>
      </div>
      {stats.infCount ? (
        <div className="stat-bad">
          <dt>±Inf</dt>
          <dd className="mono">{exact(stats.infCount)}</dd>
        </div>
      ) : null}
    </dl>
  );
}

export function OutputCard({
  name,
  index,
  tensor,
  stats,
  topk,
  ms,
}: {
  name: string;
  index: number;
  tensor: Required<WireTensor>;
  stats?: TensorStats;
  topk?: TopK;
  ms: number;
}) {
  const actions = (
    <>
      <button
        type="button"
        className="btn btn-ghost btn-sm"
        aria-label={`Download ${name} as JSON`}
        onClick={() => downloadBlob(fileNameFor(name, 'json'), tensorJsonText(tensor), 'application/json')}
      >
        <Icon name="download" size={16} />
        JSON
      </button>
      <button
        type="button"
        className="btn btn-ghost btn-sm"
        aria-label={`Download ${name} as .npy`}
        onClick={() =>
          downloadBlob(fileNameFor(name, 'npy'), tensorNpyBytes(tensor, name) as Uint8Array<ArrayBuffer>, 'application/octet-stream')
        }
      >
        <Icon name="download" size={16} />
        .npy
      </button>
    </>
  );
  const title = (
    <span className="input-title">
      <span className="mono">{name}</span>
      <span className="io-type mono">{tensor.type}</span>
      <span className="mono muted">[{tensor.shape.join(', ')}]</span>
    </span>
  );
  return (
    <Card id={`out${index}`} title={title} actions={actions} className="output-card">
      <div data-output-name={name} data-output-type={tensor.type} data-output-shape={tensor.shape.join(',')}>
        <p className="output-facts muted small">
          {countOf(tensor.data.length, 'value')} · run {formatLatency(ms)}
        </p>
        {stats ? <Stats stats={stats} /> : null}
        {topk ? <TopKChart name={name} topk={topk} /> : null}
        <ValueTable name={name} tensor={tensor} />
      </div>
    </Card>
  );
}
