import type { ConvertDone } from '../../../../shared/formats/convert';

const sci = (n: number) => (n === 0 ? '0' : n.toExponential(2));

/** The converted file and the parity check: the framework's outputs against onnxruntime's on the same inputs. */
export function ConvertResult({ result, onContinue }: { result: ConvertDone; onContinue: () => void }) {
  const p = result.parity;
  return (
    <div className="convert-result" data-testid="convert-result" data-parity={p.passed ? 'passed' : 'failed'}>
      <p role="status">
        <strong>{p.passed ? 'Converted; outputs match.' : 'Converted, but the outputs differ.'}</strong> Wrote{' '}
        <span className="mono">{result.displayPath}</span> with {result.converter} in {result.seconds.toFixed(1)} s.
      </p>
      {p.error ? <p className="convert-blocked">onnxruntime could not run the converted model: {p.error}</p> : null}
      <div className="table-wrap">
        <table className="table" aria-label="Parity: framework against onnxruntime">
          <caption className="small muted">
            {p.samples} seeded random inputs; within tolerance when |onnx − framework| ≤ {p.atol} + {p.rtol} × |framework|
          </caption>
          <thead>
            <tr>
              <th scope="col">Output</th>
              <th scope="col">Shape</th>
              <th scope="col" className="num">
                Max abs diff
              </th>
              <th scope="col" className="num">
                Max rel diff
              </th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => (
              <tr key={r.output}>
                <th scope="row" className="mono">
                  {r.output}
                </th>
                <td className="mono">
                  {r.dtype}[{r.shape.join(', ')}]
                </td>
                <td className="num mono">{sci(r.maxAbsDiff)}</td>
                <td className="num mono">{sci(r.maxRelDiff)}</td>
                <td>
                  {r.passed ? (
                    <span className="badge badge-muted">within</span>
                  ) : (
                    <span className="badge badge-danger" title={r.why}>
                      {r.mismatches > 0 ? `${r.mismatches} of ${r.elements} outside` : (r.why ?? 'outside')}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <button type="button" className="btn btn-primary" onClick={onContinue}>
        Continue with the ONNX model
      </button>
    </div>
  );
}
