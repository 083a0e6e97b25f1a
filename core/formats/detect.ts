// Recognises a model file by its content, never its extension (a .bin may be a PyTorch pickle, a
// .pt a TorchScript zip, a .model anything). Zip-based formats are told apart by the central
// directory's entry names, which costs one read at the end of the file.
import type { FileSource } from '../onnx/file-source';
import type { ModelFormat } from '../../shared/formats/types';
import { isSafetensorsIndex } from './safetensors/shards';
import { readZipDirectory, type ZipEntry } from './zip/zip-reader';

export const DETECT_BYTES = 4096;

export interface Detected {
  format: ModelFormat;
  /** Zip-based formats: the directory, so readers don't read it twice. */
  entries?: ZipEntry[];
}

const has = (b: Buffer, s: string | number[], at = 0): boolean => {
  const m = typeof s === 'string' ? Buffer.from(s, 'latin1') : Buffer.from(s);
  return b.length >= at + m.length && b.subarray(at, at + m.length).equals(m);
};

const HDF5_SIG = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * The format of a model file, or null for anything else (including ONNX, which has no magic:
 * the ONNX reader and its sniffer decide those).
 */
export function detectFormat(src: FileSource, head: Buffer): Detected | null {
  if (has(head, 'GGUF') || has(head, 'FUGG')) return { format: 'gguf' };
  if (has(head, 'TFL3', 4)) return { format: 'tflite' };
  // HDF5's superblock may also sit at 512, 1024, 2048… (a user block); Keras writes it at 0.
  for (const at of [0, 512, 1024, 2048]) if (has(head, HDF5_SIG, at)) return { format: 'hdf5' };
  if (has(head, [0x93]) && has(head, 'NUMPY', 1)) return { format: 'numpy' };
  if (has(head, 'PK\x03\x04') || has(head, 'PK\x05\x06')) return zipFormat(src);
  if (isSafetensors(head, src.size)) return { format: 'safetensors' };
  if (isSafetensorsIndex(head)) return { format: 'safetensors-index' };
  if (isPickle(head)) return { format: isJoblib(head) ? 'joblib' : 'pickle' };
  return null;
}

function zipFormat(src: FileSource): Detected | null {
  let entries: ZipEntry[];
  try {
    entries = readZipDirectory(src);
  } catch {
    return null; // a damaged zip: the caller's "not a model" error names it
  }
  const names = entries.map((e) => e.name);
  const any = (re: RegExp) => names.some((n) => re.test(n));
  let format: ModelFormat | null = null;
  // torch.export (.pt2): the archive_format marker or the serialized program (torch/_export/serde).
  if (any(/(^|\/)(archive_format|serialized_exported_program\.json)$/) || any(/(^|\/)models\/[^/]+\.json$/)) format = 'torch-export';
  else if (any(/(^|\/)code\/.+\.py$/) && any(/(^|\/)constants\.pkl$/)) format = 'torchscript';
  else if (any(/(^|\/)data\.pkl$/)) format = 'pytorch';
  else if (names.includes('config.json') && any(/^model\.weights\.h5$/)) format = 'keras';
  else if (names.length > 0 && names.every((n) => n.endsWith('.npy'))) format = 'numpy';
  return format ? { format, entries } : null;
}

/** safetensors: an 8-byte little-endian header length, then a JSON object that fits in the file. */
export function isSafetensors(head: Buffer, size: number): boolean {
  if (head.length < 10 || head[8] !== 0x7b /* { */) return false;
  const n = head.readBigUInt64LE(0);
  return n > 1n && n <= BigInt(size - 8);
}

/**
 * A pickle: PROTO 2-5 first (every torch.save / joblib / sklearn pickle since Python 3), or a
 * protocol 0/1 stream opening with a GLOBAL ("c" + module + newline) or MARK-then-GLOBAL.
 */
export function isPickle(head: Buffer): boolean {
  if (head[0] === 0x80 && head[1] !== undefined && head[1] >= 2 && head[1] <= 5) return true;
  const s = head.subarray(0, 256).toString('latin1');
  // GLOBAL (c module\n name\n), optionally after MARK; protocol 0 containers (dp0 / lp0);
  // protocol 1 EMPTY_DICT / EMPTY_LIST followed by BINPUT.
  return (
    /^\(?c[A-Za-z_][\w.]*\n[A-Za-z_][\w.]*\n/.test(s) ||
    /^\((d|l)p0\n/.test(s) ||
    ((head[0] === 0x7d || head[0] === 0x5d) && head[1] === 0x71 && head[2] === 0x00)
  );
}

/** joblib.dump writes numpy arrays through its NumpyArrayWrapper class, named early in the stream. */
function isJoblib(head: Buffer): boolean {
  return head.includes('joblib.numpy_pickle') || head.includes('NumpyArrayWrapper');
}

/** The "what this is" words for each format, used before and after reading. */
export const FORMAT_NAMES: Record<ModelFormat, string> = {
  onnx: 'an ONNX model',
  safetensors: 'safetensors weights',
  'safetensors-index': 'a sharded safetensors index',
  gguf: 'a GGUF model for llama.cpp',
  pytorch: 'a PyTorch checkpoint (torch.save zip archive)',
  torchscript: 'a TorchScript archive (torch.jit.save)',
  'torch-export': 'a torch.export program (.pt2)',
  pickle: 'a Python pickle',
  joblib: 'a joblib dump (a pickle with numpy arrays)',
  keras: 'a Keras v3 model (.keras)',
  hdf5: 'an HDF5 file (e.g. a Keras .h5 model)',
  tflite: 'a TensorFlow Lite model',
  numpy: 'NumPy arrays (.npy / .npz), input data rather than a model',
};
