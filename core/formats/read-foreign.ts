// Opens a non-ONNX model file: detects its format by content and hands it to that format's lazy
// reader. Returns null for a file no reader claims, so the caller falls back to the ONNX reader
// (whose sniffer names the remaining non-models: text, gzip, HTML pages, LFS pointers).
import { performance } from 'node:perf_hooks';
import { AppError } from '../../shared/errors';
import type { ForeignModel, ModelFormat } from '../../shared/formats/types';
import { openFileSource, type FileSource } from '../onnx/file-source';
import { DETECT_BYTES, detectFormat, type Detected } from './detect';
import { readGguf } from './gguf/reader';
import { readHdf5 } from './hdf5/reader';
import { readKeras } from './keras/reader';
import { readSafetensors } from './safetensors/reader';
import { readSafetensorsIndex } from './safetensors/shards';
import { readTflite } from './tflite/reader';
import { readPlainPickle } from './torch/plain-pickle';
import { readTorchZip } from './torch/torch-zip';

export type ForeignReader = (src: FileSource, detected: Detected) => Promise<ForeignModel>;

/** One lazy reader per format (docs/formats.md); each fills the same ForeignModel. */
const readers: Partial<Record<ModelFormat, ForeignReader>> = {
  safetensors: (src) => readSafetensors(src),
  'safetensors-index': (src) => readSafetensorsIndex(src),
  gguf: (src) => readGguf(src),
  // The pickle-bearing formats: read by the static disassembler, never executed (core/formats/pickle).
  pytorch: (src, d) => readTorchZip(src, d.entries),
  torchscript: (src, d) => readTorchZip(src, d.entries),
  'torch-export': (src, d) => readTorchZip(src, d.entries),
  pickle: (src) => readPlainPickle(src),
  joblib: (src) => readPlainPickle(src),
  keras: (src, d) => readKeras(src, d.entries),
  hdf5: (src) => readHdf5(src),
  tflite: (src) => readTflite(src),
};

export interface ForeignRead {
  model: ForeignModel;
  readMs: number;
}

/** Reads a foreign model file, or returns null when it is not one (then it may be ONNX). */
export async function readForeign(path: string): Promise<ForeignRead | null> {
  const started = performance.now();
  const src = openFileSource(path);
  try {
    if (src.size === 0) return null;
    const head = Buffer.alloc(Math.min(DETECT_BYTES, src.size));
    src.read(head, 0, head.length, 0);
    const detected = detectFormat(src, head);
    if (!detected || detected.format === 'numpy') return null; // .npy: the ONNX sniffer says "input data"
    const reader = readers[detected.format];
    if (!reader) {
      throw new AppError('NOT_SUPPORTED', `${src.name} is ${detected.format}, which this version cannot read yet.`);
    }
    const model = await reader(src, detected);
    return { model, readMs: Math.round((performance.now() - started) * 10) / 10 };
  } finally {
    src.close();
  }
}
