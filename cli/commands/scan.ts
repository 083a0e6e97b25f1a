// `modelcrate scan <file>`: the static security scan of any model file, for CI gates. A pickle is
// disassembled, never executed (docs/formats.md §Scan). Formats that cannot carry code are safe.
import { readForeign } from '../../core/formats/read-foreign';
import { readModelSummary } from '../../core/onnx/reader';
import type { ScanReport } from '../../shared/formats/types';
import { formatScan } from '../format-foreign';
import { EXIT, runCommand } from '../run-command';

/** Exit codes: 0 safe, 1 dangerous, 3 unknown (calls the allow-list cannot vouch for), 2 unreadable. */
export function scanCommand(file: string, opts: { json: boolean }): Promise<void> {
  return runCommand(async () => {
    const foreign = await readForeign(file);
    let format: string;
    let scan: ScanReport;
    if (foreign) {
      format = foreign.model.format;
      scan = foreign.model.scan ?? noCode(`${foreign.model.format} holds tensors and structure only`);
    } else {
      await readModelSummary(file); // NOT_ONNX & co. for anything else
      format = 'onnx';
      scan = noCode('ONNX holds a graph of operators and tensors only');
    }
    process.stdout.write(opts.json ? `${JSON.stringify({ format, ...scan })}\n` : `${formatScan(scan).join('\n')}\n`);
    return scan.verdict === 'safe' ? EXIT.OK : scan.verdict === 'dangerous' ? EXIT.VERDICT : EXIT.UNVERIFIED;
  });
}

function noCode(what: string): ScanReport {
  return { verdict: 'safe', summary: `Safe: ${what}; this format cannot carry code.`, pickles: [], findings: [] };
}
