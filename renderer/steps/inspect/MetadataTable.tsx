import { BreakableName } from './BreakableName';
import { Card } from '../../components/Card';

export function MetadataTable({ metadata }: { metadata: Record<string, string> }) {
  const entries = Object.entries(metadata);
  return (
    <Card id="metadata" title="Metadata">
      {entries.length === 0 ? (
        <p className="empty">
          This model has no <code>metadata_props</code>. The Metadata step (next) lets you add an author, a licence and a model card.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table kv-table" aria-labelledby="metadata-title" data-testid="metadata-table">
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Value</th>
              </tr>
            </thead>
            <tbody>
              {entries.map(([k, v]) => (
                <tr key={k}>
                  <th scope="row" className="mono">
                    <BreakableName name={k} />
                  </th>
                  <td className="kv-value">{v}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
