// A bundle opened like a model (dropped, picked, named on the command line): its files are checked
// against the manifest (a .tar.gz is extracted safely first), then its model is opened and its
// golden samples come along for the Test step.
import { open as openFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { BundleInfo, OpenedModel } from '../../shared/contract';
import { MANIFEST_FILE, sampleFiles } from '../../shared/bundle/manifest';
import { tensorToJson } from '../../shared/tensor-json';
import { fullOutputs, readSample } from '../bundle/sample-files';
import { openBundle } from '../bundle/open';
import type { SignaturePolicy } from '../signing/bundle-signature';
import type { ModelRegistry } from './model-registry';

/** Samples bigger than this in all stay in the bundle (verify still replays them). */
const MAX_SAMPLE_BYTES = 32 << 20;

/** A folder holding modelcrate.json, or a gzip file (a .tar.gz; its entries are checked on open). */
export async function isBundle(p: string): Promise<boolean> {
  const st = await stat(p).catch(() => null);
  if (!st) return false;
  if (st.isDirectory()) return (await stat(path.join(p, MANIFEST_FILE)).catch(() => null))?.isFile() ?? false;
  if (!st.isFile() || st.size < 2) return false;
  const fh = await openFile(p, 'r');
  try {
    const head = Buffer.alloc(2);
    await fh.read(head, 0, 2, 0);
    return head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

export async function openBundleAsModel(
  models: ModelRegistry,
  bundlePath: string,
  dataDir: string,
  displayPath?: string,
  signature?: SignaturePolicy,
): Promise<OpenedModel> {
  const b = await openBundle(bundlePath, dataDir, { signature });
  // New files (a saved copy, a new bundle) go beside the bundle, never into it: it stays as packed.
  const outputDir = path.dirname(path.resolve(bundlePath));
  const opened = await models.open(b.modelPath, {
    displayPath: displayPath ?? path.resolve(bundlePath),
    origin: 'bundle',
    uploaded: displayPath !== undefined,
    outputDir,
  });
  const samples: BundleInfo['samples'] = [];
  let bytes = 0;
  for (const s of b.manifest.samples) {
    for (const f of sampleFiles(s)) bytes += (await stat(path.join(b.root, f))).size;
    if (bytes > MAX_SAMPLE_BYTES) break;
    // Outputs kept only as a summary are left out: the Test step shows tensors, and re-packing runs the model again.
    const sample = await readSample(b.root, s);
    samples.push({
      name: s.name,
      inputs: Object.fromEntries(Object.entries(sample.inputs).map(([k, t]) => [k, tensorToJson(t)])),
      outputs: fullOutputs(sample),
    });
  }
  const bundle: BundleInfo = {
    fileName: path.basename(bundlePath),
    format: b.format,
    samples,
    sampleCount: b.manifest.samples.length,
    signature: b.signature,
  };
  return { ...opened, bundle };
}
