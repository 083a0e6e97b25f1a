import type { ScanReport } from '../../../../shared/formats/types';
import { exact } from '../../../format/numbers';

const TITLES = {
  safe: 'Safe to load: nothing in it runs code',
  dangerous: 'Dangerous: this file runs code when loaded',
  unknown: 'Unknown: calls the scanner cannot vouch for',
} as const;

/**
 * The security verdict, first thing on the page: a pickle can run any code the moment it is
 * loaded, so the user must see what it calls before anything else (docs/formats.md §Scan).
 */
export function ScanCard({ scan }: { scan: ScanReport }) {
  const pickles = scan.pickles.length;
  return (
    <section className={`scan-card scan-${scan.verdict}`} aria-labelledby="scan-title" data-testid="scan-card" data-verdict={scan.verdict}>
      <header className="scan-head">
        <span className="scan-mark" aria-hidden="true">
          {scan.verdict === 'safe' ? '✓' : scan.verdict === 'dangerous' ? '!' : '?'}
        </span>
        <div>
          <h2 id="scan-title" className="scan-title">
            {TITLES[scan.verdict]}
          </h2>
          <p className="scan-summary">{scan.summary}</p>
          {pickles > 0 ? (
            <p className="muted small">
              Read statically, never executed: {exact(pickles)} pickle{pickles === 1 ? '' : 's'},{' '}
              {exact(scan.pickles.reduce((n, p) => n + p.opcodes, 0))} opcodes.
            </p>
          ) : null}
        </div>
      </header>
      {scan.findings.length > 0 ? (
        <div className="table-wrap">
          <table className="table scan-table" aria-label="What the file calls" data-testid="scan-findings">
            <thead>
              <tr>
                <th scope="col">Call</th>
                <th scope="col">Severity</th>
                <th scope="col">Opcode</th>
                <th scope="col" className="num">
                  Offset
                </th>
                <th scope="col">In</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {scan.findings.map((f, i) => (
                <tr key={`${f.pickle}:${f.offset}:${i}`}>
                  <th scope="row" className="mono">
                    {f.call}
                    {f.args ? <span className="scan-args">({f.args})</span> : null}
                  </th>
                  <td>
                    <span className={f.severity === 'dangerous' ? 'badge badge-danger' : 'badge badge-warning'}>{f.severity}</span>
                  </td>
                  <td className="mono">{f.opcode}</td>
                  <td className="num mono">{scan.pickles.some((p) => p.name === f.pickle) ? exact(f.offset) : '—'}</td>
                  <td className="mono">{f.pickle}</td>
                  <td>{f.why}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {scan.verdict !== 'safe' ? (
        <p className="scan-advice">
          {scan.verdict === 'dangerous'
            ? `Do not load this file${pickles > 0 ? ' with torch.load, pickle or joblib' : ''}. The studio will not convert it. Get the model from its author in a format without code (safetensors or ONNX).`
            : 'The studio converts only files whose scan is safe. Load it yourself only if you trust where it came from and these calls.'}
        </p>
      ) : null}
    </section>
  );
}
