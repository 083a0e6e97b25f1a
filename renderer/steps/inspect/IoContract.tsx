import { toInspectJson, type ModelSummary, type ValueInfo } from '../../../shared/model-summary';
import { Card } from '../../components/Card';
import { CopyButton } from '../../components/CopyButton';
import { BreakableName } from './BreakableName';
import { ShapeView, typeLabel } from './ShapeView';

function Group({ kind, values }: { kind: 'input' | 'output'; values: ValueInfo[] }) {
  const title = kind === 'input' ? 'Inputs' : 'Outputs';
  return (
    <tbody data-io-group={kind}>
      <tr className="group-row">
        <th scope="rowgroup" colSpan={3}>
          {title} <span className="count">{values.length}</span>
        </th>
      </tr>
      {values.length === 0 ? (
        <tr>
          <td colSpan={3} className="muted">
            No {title.toLowerCase()}
          </td>
        </tr>
      ) : (
        values.map((v) => (
          <tr key={v.name} data-io-kind={kind} data-io-name={v.name}>
            <th scope="row" className="mono io-name" title={v.docString || undefined}>
              <BreakableName name={v.name} />
            </th>
            <td className="mono io-type">{typeLabel(v.type)}</td>
            <td className="io-shape">
              <ShapeView type={v.type} />
            </td>
          </tr>
        ))
      )}
    </tbody>
  );
}

/** Explains the dim chips the table shows, and only those: nothing for a model of fixed sizes. */
function DimsLegend({ values }: { values: ValueInfo[] }) {
  const dims = values.flatMap((v) => (v.type.kind === 'tensor' ? (v.type.shape ?? []) : []));
  const symbolic = dims.some((d) => typeof d === 'string');
  const unknown = dims.some((d) => d === null);
  if (!symbolic && !unknown) return null;
  return (
    <p className="legend" data-testid="dims-legend">
      {symbolic ? (
        <span>
          <span className="dim dim-symbolic">batch</span> symbolic dimension (set at run time)
        </span>
      ) : null}
      {symbolic && unknown ? ' · ' : null}
      {unknown ? (
        <span>
          <span className="dim dim-unknown">?</span> unknown size
        </span>
      ) : null}
    </p>
  );
}

export function IoContract({ summary }: { summary: ModelSummary }) {
  const json = () => {
    const { inputs, outputs } = toInspectJson(summary);
    return JSON.stringify({ inputs, outputs }, null, 2);
  };
  return (
    <Card id="io" title="Inputs and outputs" actions={<CopyButton label="Copy as JSON" getText={json} />}>
      <div className="table-wrap">
        <table className="table io-table" aria-labelledby="io-title" data-testid="io-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Shape</th>
            </tr>
          </thead>
          <Group kind="input" values={summary.graph.inputs} />
          <Group kind="output" values={summary.graph.outputs} />
        </table>
      </div>
      <DimsLegend values={[...summary.graph.inputs, ...summary.graph.outputs]} />
    </Card>
  );
}
