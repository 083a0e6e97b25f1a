// What the studio shows for a model file that is not ONNX (docs/formats.md): safetensors, GGUF,
// PyTorch archives and pickles, Keras, HDF5, TFLite. Every reader fills the same shape so the CLI,
// the GUI and the converter treat them alike. Readers are lazy: they never load weight bytes to
// fill this in (value previews are a separate, bounded call).

/** The container a file was recognised as, by content (core/formats/detect.ts), not by extension. */
export type ModelFormat =
  | 'onnx'
  | 'safetensors'
  | 'safetensors-index' // model.safetensors.index.json: several shards read as one model
  | 'gguf'
  | 'pytorch' // torch.save zip archive: data.pkl + data/<storage>
  | 'torchscript' // torch.jit.save zip archive: code/, constants.pkl, data.pkl
  | 'torch-export' // torch.export .pt2 zip archive
  | 'pickle' // a plain pickle (legacy torch.save, sklearn .pkl)
  | 'joblib' // joblib dump: a pickle with numpy arrays written after NUMPY_ARRAY_WRAPPER records
  | 'keras' // Keras v3 .keras zip: config.json, metadata.json, model.weights.h5
  | 'hdf5' // HDF5 file, e.g. a Keras .h5 model
  | 'tflite' // TensorFlow Lite FlatBuffers (identifier TFL3)
  | 'numpy'; // .npy / .npz

/** A dimension: a size, a symbolic name, or null when unknown. */
export type Dim = number | string | null;

export interface ForeignTensor {
  name: string;
  /** As the format spells it (F32, BF16, Q4_K, float32, torch.FloatStorage…). */
  dtype: string;
  /** null when the reader cannot recover it (e.g. a pickle that builds tensors in an unusual way). */
  shape: Dim[] | null;
  /** Bytes the tensor's data takes in the file, when known. */
  bytes: number | null;
  /** Absolute byte offset of the data in `file` (or in the model file), when known: used for previews. */
  offset?: number;
  /** The shard or archive entry holding the data, when not the opened file itself. */
  file?: string;
}

export interface ForeignIo {
  name: string;
  dtype: string;
  /** null when not even the rank is recorded (TorchScript's forward() arguments). */
  shape: Dim[] | null;
}

export interface ArchiveEntry {
  name: string;
  /** Uncompressed size. */
  size: number;
  /** Stored size in the archive. */
  compressedSize: number;
  /** What the entry is, when recognised: 'pickle', 'code', 'storage', 'json', 'hdf5'… */
  kind?: string;
}

/** A group of rows shown as a table: ops of a TFLite subgraph, Keras layers, GGUF key/values… */
export interface ForeignSection {
  title: string;
  columns: string[];
  rows: string[][];
  /** Total rows before truncation (rows holds at most a few thousand). */
  total: number;
}

export type ScanVerdict = 'safe' | 'dangerous' | 'unknown';

export interface ScanFinding {
  /** dangerous: a callable that can run code or touch the system; unknown: not on the allow-list. */
  severity: 'dangerous' | 'unknown';
  /** The callable, module.qualname (e.g. 'os.system', 'builtins.getattr'). */
  call: string;
  /** The opcode that imported or invoked it (GLOBAL, STACK_GLOBAL, REDUCE, INST, OBJ, EXT1…). */
  opcode: string;
  /** Byte offset of that opcode within the pickle. */
  offset: number;
  /** The pickle the finding is in: the archive entry name, or the file's own name. */
  pickle: string;
  /** Why it is flagged, in a sentence a user understands. */
  why: string;
  /** Arguments shown when statically known (e.g. the shell command), truncated. */
  args?: string;
}

export interface PickleInfo {
  /** Archive entry name, or the file name for a plain pickle. */
  name: string;
  protocol: number;
  opcodes: number;
  bytes: number;
  /** Every distinct callable the pickle imports, in order of first use. */
  globals: string[];
}

export interface ScanReport {
  verdict: ScanVerdict;
  /** One line: "Safe: 3 pickles import only known tensor-rebuilding callables." */
  summary: string;
  pickles: PickleInfo[];
  findings: ScanFinding[];
}

export interface ForeignModel {
  format: ModelFormat;
  /** The "what this is" line: "A PyTorch checkpoint (torch.save zip archive) with 42 tensors, 1.2 GB". */
  what: string;
  fileName: string;
  fileSize: number;
  /** Header key/values (safetensors __metadata__, GGUF KVs, Keras metadata.json…) as display strings. */
  metadata: Record<string, string>;
  /** The tensor table, at most MAX_FOREIGN_TENSORS rows; tensorCount is the real total. */
  tensors: ForeignTensor[];
  tensorCount: number;
  /** Total bytes of tensor data, when known. */
  tensorBytes: number | null;
  /** Parameter count, when shapes are known for every tensor. */
  parameters: number | null;
  /** Archive entries (zip-based formats). */
  files?: ArchiveEntry[];
  /** An input/output contract, for formats that carry one (TFLite, Keras). */
  io?: { inputs: ForeignIo[]; outputs: ForeignIo[] };
  /** Extra tables: ops, layers, key/values, code files. */
  sections: ForeignSection[];
  /** The security scan, for every pickle-bearing format; null for formats that cannot carry code. */
  scan: ScanReport | null;
  /** Warnings worth reading (truncated table, unknown dtype, a shard missing…). */
  notes: string[];
}

export const MAX_FOREIGN_TENSORS = 5000;
export const MAX_SECTION_ROWS = 2000;

/** The first values of one tensor (foreign.previewTensor): bounded reads, never the whole tensor. */
export interface ForeignTensorPreview {
  name: string;
  dtype: string;
  shape: Dim[] | null;
  /** Up to the preview cap, in storage order; empty when the dtype cannot be shown (then `note` says why). */
  values: number[];
  /** Elements in the whole tensor, when the shape is known. */
  total: number | null;
  stats: { min: number; max: number; mean: number } | null;
  note?: string;
}
