// One side of a diff from a path the user gave: an .onnx model, or a bundle (folder or .tar.gz,
// checked against its manifest as on open) whose model and golden samples are used.
import path from 'node:path';
import { tensorToWire } from '../../shared/tensor-wire';
import { readSample } from '../bundle/sample-files';
import { openBundle } from '../bundle/open';
import { isBundle } from '../models/open-bundle-model';
import { readModelSummary } from '../onnx/reader';
import type { CompareSide } from './compare-models';

/** `tempDir`: where a .tar.gz is extracted (the caller removes it). */
export async function loadSide(p: string, tempDir: string, signal?: AbortSignal): Promise<CompareSide> {
  const label = path.basename(path.resolve(p));
  if (!(await isBundle(p))) {
    const filePath = path.resolve(p);
    return { label, kind: 'model', filePath, summary: await readModelSummary(filePath) };
  }
  const b = await openBundle(p, tempDir, { signal });
  const samples = [];
  for (const s of b.manifest.samples) {
    const { inputs } = await readSample(b.root, s, { outputs: false });
    samples.push({ name: s.name, inputs: Object.fromEntries(Object.entries(inputs).map(([k, t]) => [k, tensorToWire(t)])) });
  }
  return { label, kind: 'bundle', filePath: b.modelPath, summary: await readModelSummary(b.modelPath), samples };
}
