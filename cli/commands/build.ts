// `modelcrate build <bundle | model.onnx> --tag name:tag`: the image, verified by the parity gate,
// optionally pushed. A bare model is packed into a temp bundle first (its stored or derived
// metadata, one golden sample of seeded random inputs run here — what the image must reproduce).
// Step lines go to stderr as they come; stdout gets the result (one JSON line with --json).
// Ctrl-C cancels the build (the engine stops it) and removes the parity container.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { formatBytes } from '../../shared/format';
import type { ImageBuildResult, PushResult } from '../../shared/image/types';
import { metadataOfModel } from '../../shared/metadata/defaults';
import { tensorToWire } from '../../shared/tensor-wire';
import { packBundle } from '../../core/bundle/pack';
import { writeFileAtomic } from '../../core/fs/atomic-write';
import { buildImage } from '../../core/image/build-image';
import { pushImage } from '../../core/image/push-image';
import { loadInputs } from '../../core/inputs/load-inputs';
import { readPublicKeyFile } from '../../core/signing/public-key';
import { registryCredentials, type CredentialFlags } from '../registry-credentials';
import { withModelRuntime } from '../model-runtime';
import { runCommand } from '../run-command';

export interface BuildCommandOptions extends CredentialFlags {
  tag: string;
  baseImage?: string;
  push: boolean;
  verify: boolean;
  json: boolean;
  /** A PEM file: the image serves only bundles signed by this key. */
  publicKey?: string;
}

export function buildCommand(input: string, opts: BuildCommandOptions): Promise<void> {
  return runCommand({ cancel: 'The build was cancelled.' }, async (signal) => {
    let temp: string | undefined;
    try {
      const credentials = opts.push ? await registryCredentials(opts) : {};
      let bundle = input;
      let reportPath: string | undefined;
      if (/\.onnx$/i.test(input)) {
        temp = await mkdtemp(path.join(tmpdir(), 'mc-build-'));
        bundle = await packModel(input, path.join(temp, 'bundle'), signal);
        reportPath = `${path.resolve(input)}.image-report.json`;
      }
      const say = (line: string) => !opts.json && process.stderr.write(`${line}\n`);
      const publicKeyPem = opts.publicKey === undefined ? undefined : readPublicKeyFile(opts.publicKey);
      const result = await buildImage({
        publicKeyPem,
        bundlePath: bundle,
        tag: opts.tag,
        baseImage: opts.baseImage,
        verify: opts.verify,
        reportPath,
        signal,
        progress: (_d, _t, label) => say(label),
        log: (l) => l.startsWith('parity:') && say(l),
      });
      let pushed: PushResult | undefined;
      if (result.verified || !opts.verify) {
        if (opts.push) pushed = await pushImage({ image: result.imageId, reference: opts.tag, ...credentials, signal, log: say });
      }
      // The report says where the verified image went (the registry's digest pins it).
      if (pushed && result.reportPath)
        await writeFileAtomic(
          result.reportPath,
          `${JSON.stringify({ ...(JSON.parse(await readFile(result.reportPath, 'utf8')) as object), push: pushed }, null, 2)}\n`,
        );
      process.stdout.write(opts.json ? `${JSON.stringify({ ...result, ...(pushed ? { push: pushed } : {}) })}\n` : summary(result, pushed));
      if (opts.verify && !result.verified) throw parityError(result);
    } finally {
      if (temp) await rm(temp, { recursive: true, force: true });
    }
  });
}

function packModel(model: string, out: string, signal: AbortSignal): Promise<string> {
  return withModelRuntime(model, async ({ filePath: modelPath, summary }, runtime) => {
    const specs = summary.graph.inputs.map((i) => `${i.name}=random:1`);
    const inputs = await loadInputs(specs, summary.graph.inputs, { outputs: summary.graph.outputs });
    const sample = { name: 'random-1', inputs: Object.fromEntries(Object.entries(inputs).map(([k, t]) => [k, tensorToWire(t)])) };
    await packBundle({ modelPath, summary, metadata: metadataOfModel(summary).metadata, samples: [sample], out, runtime, signal });
    return out;
  });
}

function parityError(r: ImageBuildResult): AppError {
  const bad = r.parity?.samples.find((s) => !s.ok);
  const why = r.parity?.error ?? (bad ? `sample ${bad.name}: ${bad.why}` : 'no sample was checked');
  return new AppError(
    'PARITY_FAILED',
    `The image ${r.tag} was built but is not verified: ${why.split('\n')[0]}`,
    `The report is in ${r.reportPath ?? 'the result'}; the image was kept for inspection and not pushed.`,
  );
}

function summary(r: ImageBuildResult, pushed?: PushResult): string {
  const l = r.layers;
  const lines = [
    `built ${r.tag} ${r.imageId} ${formatBytes(r.sizeBytes)} (base ${formatBytes(l.baseBytes)} + runtime ${formatBytes(l.runtimeBytes)} + server ${formatBytes(l.serverBytes)} + model ${formatBytes(l.modelBytes)}) in ${(r.buildMs / 1000).toFixed(1)} s`,
  ];
  const p = r.parity;
  if (p && r.verified)
    lines.push(
      `verified: ${p.samples.length}/${p.samples.length} samples reproduced (${p.samples[0]!.comparison}), cold start ${p.coldStartMs} ms${p.memory ? `, memory ${formatBytes(p.memory.workingSetBytes)} working set` : ''}`,
    );
  else if (!p) lines.push('not verified (--no-verify)');
  if (r.reportPath) lines.push(`report: ${r.reportPath}`);
  if (pushed) lines.push(`pushed ${pushed.reference}${pushed.digest ? ` ${pushed.digest}` : ''}`);
  return `${lines.join('\n')}\n`;
}
