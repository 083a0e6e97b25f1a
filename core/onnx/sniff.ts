// Recognises common non-ONNX files by their first bytes so the user learns what they picked and
// how to get an ONNX model from it, instead of a protobuf decoding error.
import { AppError } from '../../shared/errors';

export const SNIFF_BYTES = 4096;

export function notOnnx(looksLike: string | null, hint: string): AppError {
  const what = looksLike ? ` (it looks like ${looksLike})` : '';
  return new AppError('NOT_ONNX', `This file is not an ONNX model${what}.`, hint);
}

const GENERIC_HINT =
  'Choose an .onnx file, or export your model to ONNX first (torch.onnx.export for PyTorch, tf2onnx for TensorFlow/Keras, optimum-cli export onnx for Hugging Face models).';
const TORCH_HINT =
  "Load it in your own trusted Python environment and export it with torch.onnx.export(model, example_inputs, 'model.onnx').";

const startsWith = (b: Buffer, s: string | number[], at = 0): boolean => {
  const m = typeof s === 'string' ? Buffer.from(s, 'latin1') : Buffer.from(s);
  return b.length >= at + m.length && b.subarray(at, at + m.length).equals(m);
};

/** Returns an error for a file that is recognisably something else, or null to go on parsing. */
export function sniff(head: Buffer, fileSize: number): AppError | null {
  if (head[0] === 0x80 && head[1] !== undefined && head[1] >= 2 && head[1] <= 5) {
    return notOnnx('a Python pickle; pickles can run code and are never opened', TORCH_HINT);
  }
  if (startsWith(head, 'PK\x03\x04')) return zip(head);
  if (startsWith(head, [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return notOnnx(
      'an HDF5 file, e.g. a Keras .h5 model',
      'Convert a Keras model with tf2onnx: tf2onnx.convert.from_keras(model, output_path="model.onnx").',
    );
  }
  if (startsWith(head, 'GGUF')) {
    return notOnnx(
      'a GGUF model for llama.cpp',
      'GGUF runs in llama.cpp-style runtimes; for ONNX, export the original model (e.g. optimum-cli export onnx --model <name> out/).',
    );
  }
  if (startsWith(head, 'TFL3', 4)) {
    return notOnnx(
      'a TensorFlow Lite model',
      'Convert it with tf2onnx: python -m tf2onnx.convert --tflite model.tflite --output model.onnx',
    );
  }
  if (head.length >= 9 && head[8] === 0x7b /* { */) {
    const n = head.readBigUInt64LE(0);
    if (n > 1n && n <= BigInt(fileSize - 8)) {
      return notOnnx(
        'safetensors weights, which hold tensors but no graph',
        'Export the whole model instead, e.g. optimum-cli export onnx --model <name> out/ or torch.onnx.export.',
      );
    }
  }
  if (startsWith(head, [0x93]) && startsWith(head, 'NUMPY', 1)) return notOnnx('a NumPy array (.npy)', GENERIC_HINT);
  if (startsWith(head, [0x1f, 0x8b]))
    return notOnnx('a gzip-compressed file', 'Decompress it first (gunzip), then open the .onnx file inside.');
  if (isText(head)) return text(head);
  return null;
}

function zip(head: Buffer): AppError {
  // The first local file header's name tells a PyTorch checkpoint (…/data.pkl, …/version) apart.
  const nameLen = head.length >= 30 ? head.readUInt16LE(26) : 0;
  const name = head.subarray(30, 30 + nameLen).toString('latin1');
  if (/(^|\/)(data\.pkl|version|constants\.pkl|\.data\/)/.test(name)) {
    return notOnnx('a PyTorch checkpoint: a .pt/.pth ZIP archive holding pickles', TORCH_HINT);
  }
  return notOnnx(
    'a ZIP archive',
    'If it holds an .onnx file, extract it first; a PyTorch .pt/.pth file must be exported with torch.onnx.export.',
  );
}

/** True when the head is plain text (an ONNX file always starts with a binary tag byte). */
function isText(head: Buffer): boolean {
  if (head.length === 0) return false;
  for (const c of head) {
    if (c < 0x09 || (c > 0x0d && c < 0x20) || c === 0x7f) return false;
  }
  return true;
}

function text(head: Buffer): AppError {
  const s = head.toString('utf8').trimStart();
  if (s.startsWith('version https://git-lfs')) {
    return notOnnx(
      'a Git LFS pointer, a small text file standing in for the real model',
      'Fetch the real file with git lfs pull (or download it from the model page), then open it.',
    );
  }
  if (/^<(!doctype|html|\?xml)/i.test(s)) {
    return notOnnx(
      'an HTML or XML page, perhaps an error page saved instead of the model',
      'Download the model again and check that the link points to the .onnx file itself.',
    );
  }
  if (s.startsWith('{') || s.startsWith('[')) return notOnnx('a JSON text file', GENERIC_HINT);
  return notOnnx('a text file', GENERIC_HINT);
}
