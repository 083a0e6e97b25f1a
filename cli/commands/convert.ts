// `modelcrate convert <file> --out model.onnx`: the Inspect step's Convert to ONNX, for scripts
// (docs/formats.md §Convert to ONNX). The file is read and scanned first; a pickle whose scan is
// not safe never reaches Python. --dry-run prints the plan and the script, and runs nothing.
import path from 'node:path';
import { defaultOutPath, planForForeign, convertForeign } from '../../core/formats/convert-foreign';
import { readForeign } from '../../core/formats/read-foreign';
import { readModelSummary } from '../../core/onnx/reader';
import { AppError } from '../../shared/errors';
import type { ConvertInput, ConvertResult } from '../../shared/formats/convert-types';
import { withRuntime } from '../model-runtime';
import { EXIT, runCommand } from '../run-command';
import { statusLine } from '../status-line';

export interface ConvertCommandOptions {
  out?: string;
  inputs: ConvertInput[];
  python?: string;
  force: boolean;
  dryRun: boolean;
  json: boolean;
}

/** Exit 0 converted with parity, 1 converted but parity failed, 2 not converted; --dry-run: 0 ready, 3 not. */
export function convertCommand(file: string, opts: ConvertCommandOptions): Promise<void> {
  return runCommand({ cancel: 'The conversion was cancelled; no ONNX file was written.' }, async (signal) => {
    const read = await readForeign(file);
    if (!read) {
      await readModelSummary(file); // NOT_ONNX & co. say what else it is
      throw new AppError('INVALID_REQUEST', `${path.basename(file)} is already an ONNX model.`, 'Inspect or serve it as it is.');
    }
    const source = { filePath: path.resolve(file), model: read.model };
    const out = path.resolve(opts.out ?? (await defaultOutPath(read.model, process.cwd())));
    if (opts.dryRun) {
      const plan = await planForForeign(source, { python: opts.python, out, inputs: opts.inputs });
      process.stdout.write(opts.json ? `${JSON.stringify(plan)}\n` : `${formatPlan(plan)}\n`);
      return plan.ready ? EXIT.OK : EXIT.UNVERIFIED;
    }
    const status = statusLine();
    const result = await withRuntime((runtime) =>
      convertForeign(
        source,
        { inputs: opts.inputs, out, python: opts.python, overwrite: opts.force },
        { signal, progress: (done, total, label) => status.show(`${label}${total ? ` (${done}/${total})` : ''}`), log: () => {} },
        runtime,
      ),
    ).finally(status.clear);
    process.stdout.write(opts.json ? `${JSON.stringify(result)}\n` : `${formatResult(result)}\n`);
    return result.parity.passed ? EXIT.OK : EXIT.VERDICT;
  });
}

function formatPlan(plan: Awaited<ReturnType<typeof planForForeign>>): string {
  const lines: string[] = [];
  lines.push(plan.ready ? `Ready: ${plan.converter} with Python ${plan.python.version} at ${plan.python.python}` : 'Not ready to convert.');
  if (plan.reason) lines.push(plan.reason);
  if (plan.hint) lines.push(plan.hint);
  if (plan.snippet) lines.push('', plan.snippet);
  if (plan.commands.length) lines.push('', ...plan.commands);
  if (plan.notes.length) lines.push('', ...plan.notes.map((n) => `note: ${n}`));
  if (plan.script) lines.push('', '# The script that runs:', plan.script);
  return lines.join('\n');
}

function formatResult(r: ConvertResult): string {
  const p = r.parity;
  const lines = [
    `Wrote ${r.out} (${r.converter}, opset ${r.opset}) in ${r.seconds.toFixed(1)} s with Python ${r.pythonVersion} (${Object.entries(
      r.frameworks,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')})`,
    `Parity ${p.passed ? 'passed' : 'FAILED'}: ${p.samples} random input sets, |onnx − framework| ≤ ${p.atol} + ${p.rtol}·|framework|`,
  ];
  if (p.error) lines.push(`  onnxruntime: ${p.error}`);
  for (const row of p.rows) {
    lines.push(
      `  ${row.output}  ${row.dtype}[${row.shape.join(', ')}]  max abs ${row.maxAbsDiff.toExponential(2)}  max rel ${row.maxRelDiff.toExponential(2)}  ${row.passed ? 'ok' : (row.why ?? `${row.mismatches} of ${row.elements} outside`)}`,
    );
  }
  return lines.join('\n');
}
