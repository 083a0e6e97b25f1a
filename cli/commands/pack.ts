// `modelcrate pack`: a model → a bundle folder or .tar.gz, with golden samples from input files.
// Ctrl-C cancels cleanly: the pack's signal is aborted and its temp files are removed.
import { readMetadataJson } from '../metadata-file';
import path from 'node:path';
import { SAMPLE_NAME, sampleFiles } from '../../shared/bundle/manifest';
import { formatBytes } from '../../shared/format';
import { metadataOfModel } from '../../shared/metadata/defaults';
import { parseMetadata } from '../../shared/metadata/parse-metadata';
import { tensorToWire } from '../../shared/tensor-wire';
import type { SampleInputs, SamplePolicy } from '../../shared/bundle/sample';
import { packBundle } from '../../core/bundle/pack';
import { loadInputs } from '../../core/inputs/load-inputs';
import type { ModelHandle } from '../../core/runtime/predictor';
import { withModelRuntime } from '../model-runtime';
import { defaultDataDir } from '../../core/data-dir';
import { KeyStore } from '../../core/signing/key-store';
import { runCommand } from '../run-command';

export interface PackCommandOptions {
  /** Default: `<name>-<version>.tar.gz` beside the model, as Export → Bundle names it. */
  out?: string;
  meta?: string;
  /** Input specs as `predict --inputs` takes them; each one is a sample named after its file. */
  samples: string[];
  force: boolean;
  json: boolean;
  /** Sign modelcrate.json with this key of the studio's store (undefined: the only / "default" key). */
  sign?: boolean;
  key?: string;
  /** --keep-outputs / --sample-budget. */
  samplePolicy?: SamplePolicy;
}

/**
 * Prints one line (path, size, sha256, files, samples and their size), or with --json one object
 * {path, format, bytes, sha256, files, samples, sampleBytes, summarized: ["sample/output", …]}.
 * Exit 2 with one error line.
 */
export function packCommand(model: string, opts: PackCommandOptions): Promise<void> {
  return runCommand({ cancel: true }, (signal) =>
    withModelRuntime(model, async (ref, runtime) => {
      const metadata = opts.meta
        ? parseMetadata(await readMetadataJson(opts.meta), `The metadata from ${opts.meta}`)
        : metadataOfModel(ref.summary).metadata;
      // The key before any work: a missing key fails in a moment, not after the samples ran.
      const signing = opts.sign || opts.key !== undefined ? await new KeyStore(defaultDataDir()).signingKey(opts.key) : undefined;
      const samples = await loadSamples(ref, opts.samples);
      const out = opts.out ?? path.join(path.dirname(ref.filePath), `${metadata.name}-${metadata.version}.tar.gz`);
      const r = await packBundle({
        modelPath: ref.filePath,
        summary: ref.summary,
        metadata,
        samples,
        samplePolicy: opts.samplePolicy,
        out,
        overwrite: opts.force,
        runtime,
        signal,
        signWith: signing?.privateKey,
      });
      const sizes = new Map(r.manifest.files.map((f) => [f.path, f.size]));
      const sampleBytes = r.manifest.samples.reduce((n, s) => sampleFiles(s).reduce((m, p) => m + (sizes.get(p) ?? 0), n), 0);
      const summarized = r.manifest.samples.flatMap((s) => (s.summarized ?? []).map((o) => `${s.name}/${o}`));
      const sampleNote = r.manifest.samples.length
        ? ` (${formatBytes(sampleBytes)}${summarized.length ? `, ${summarized.length} output${summarized.length === 1 ? '' : 's'} kept as a summary` : ''})`
        : '';
      const files = r.manifest.files.length + (r.signedBy ? 2 : 1);
      const signed = r.signedBy ? ` signed by "${signing!.info.name}" (keyId ${r.signedBy})` : '';
      process.stdout.write(
        opts.json
          ? `${JSON.stringify({ path: r.path, format: r.format, bytes: r.bytes, sha256: r.sha256, files, samples: r.manifest.samples.length, sampleBytes, summarized, ...(r.signedBy ? { signedBy: r.signedBy } : {}) })}\n`
          : `packed ${r.path} (${r.format === 'dir' ? 'folder' : '.tar.gz'}, ${formatBytes(r.bytes)}, ${files} files, ${r.manifest.samples.length} samples${sampleNote}) sha256 ${r.sha256}${r.format === 'dir' ? ' (of modelcrate.json)' : ''}${signed}\n`,
      );
    }),
  );
}

async function loadSamples(ref: ModelHandle, specs: string[]): Promise<SampleInputs[]> {
  const used = new Set<string>();
  const samples: SampleInputs[] = [];
  for (const spec of specs) {
    const tensors = await loadInputs([spec], ref.summary.graph.inputs, { outputs: ref.summary.graph.outputs });
    const name = uniqueName(sampleName(spec, samples.length), used);
    samples.push({ name, inputs: Object.fromEntries(Object.entries(tensors).map(([k, t]) => [k, tensorToWire(t)])) });
  }
  return samples;
}

/** `inputs/cat.json` → "cat", `test_data_set_0/` → "test_data_set_0"; other characters become "-". */
export function sampleName(spec: string, index: number): string {
  const file = path.basename(spec.slice(spec.lastIndexOf('=') + 1).replace(/[\\/]+$/, ''));
  const name = file
    .replace(/\.[A-Za-z0-9]+$/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '')
    .slice(0, 64)
    .replace(/[^A-Za-z0-9]+$/, '');
  return SAMPLE_NAME.test(name) ? name : `sample-${index + 1}`;
}

function uniqueName(name: string, used: Set<string>): string {
  let candidate = name;
  for (let i = 2; used.has(candidate); i++) candidate = `${name.slice(0, 60)}-${i}`;
  used.add(candidate);
  return candidate;
}
