// `modelcrate diff <older> <newer>`: what changed between two models or bundles, how much it matters
// and the version that follows. Exit codes are for CI gates: 0 = none / patch / compatible,
// 1 = breaking, 2 = could not compare (bad file, cancelled, any error — never 1, so a crash is
// never mistaken for a verdict), with the CLI's one `error[CODE]: message` line on stderr, and
// 3 = unverified: compared, but no sample could run on both models, so changed weights or ops
// went unchecked (shared/diff/types.ts Verdict).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compareModels } from '../../core/diff/compare-models';
import { loadSide } from '../../core/diff/load-side';
import { loadInputs } from '../../core/inputs/load-inputs';
import { tensorToJson } from '../../shared/tensor-json';
import type { RuntimeService } from '../../core/runtime/runtime-service';
import { formatDiff } from '../format-diff';
import { withRuntime } from '../model-runtime';
import { EXIT, runCommand } from '../run-command';
import { statusLine } from '../status-line';

export interface DiffCommandOptions {
  json: boolean;
  /** False with --no-run: the static comparison only (no onnxruntime). */
  run: boolean;
  runs: number;
  /** A sample to run on both instead of the older side's (predict's forms). */
  inputs?: string[];
  /** Sizes for open dims of the generated sample. */
  dims?: Record<string, number>;
}

export function diffCommand(older: string, newer: string, opts: DiffCommandOptions): Promise<void> {
  return runCommand({ cancel: 'The comparison was cancelled.', bugExit: 2 }, async (signal) => {
    const temp = await mkdtemp(path.join(tmpdir(), 'mc-diff-'));
    const status = statusLine();
    const compare = async (runtime?: RuntimeService) => {
      const a = await loadSide(older, path.join(temp, 'a'), signal);
      const b = await loadSide(newer, path.join(temp, 'b'), signal);
      // Given inputs are read against the older model's signature, as its golden samples would be.
      const given = opts.inputs ? await loadInputs(opts.inputs, a.summary.graph.inputs, { dims: opts.dims }) : undefined;
      return compareModels(a, b, {
        runtime,
        run: opts.run,
        runs: opts.runs,
        ...(opts.dims ? { dims: opts.dims } : {}),
        ...(given
          ? { samples: [{ name: 'given', inputs: Object.fromEntries(Object.entries(given).map(([k, t]) => [k, tensorToJson(t)])) }] }
          : {}),
        signal,
        progress: (done, total, label) => status.show(`${label}${total ? ` (${done}/${total})` : ''}`),
      });
    };
    try {
      const report = await (opts.run ? withRuntime(compare) : compare()).finally(status.clear);
      process.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : formatDiff(report));
      return report.verdict === 'breaking' ? EXIT.VERDICT : report.verdict === 'unverified' ? EXIT.UNVERIFIED : EXIT.OK;
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  });
}
