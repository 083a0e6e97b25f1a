// ggml tensor types and llama.cpp file types, as GGUF stores them. A quantized type packs
// `blockSize` values into `typeSize` bytes, so a tensor's bytes are (elements / blockSize) × typeSize.
// Sources: the ggml_type enum of the GGUF spec (ggml-org/ggml docs/gguf.md) and GGML_QUANT_SIZES /
// LlamaFileType in llama.cpp's gguf-py/gguf/constants.py.

export interface GgmlType {
  name: string;
  blockSize: number;
  typeSize: number;
}

const QK_K = 256;
const T = (name: string, blockSize: number, typeSize: number): GgmlType => ({ name, blockSize, typeSize });

const GGML_TYPES: Record<number, GgmlType> = {
  0: T('F32', 1, 4),
  1: T('F16', 1, 2),
  2: T('Q4_0', 32, 2 + 16),
  3: T('Q4_1', 32, 2 + 2 + 16),
  // 4 and 5 (Q4_2, Q4_3) were removed before GGUF existed.
  6: T('Q5_0', 32, 2 + 4 + 16),
  7: T('Q5_1', 32, 2 + 2 + 4 + 16),
  8: T('Q8_0', 32, 2 + 32),
  9: T('Q8_1', 32, 4 + 4 + 32),
  10: T('Q2_K', QK_K, 2 + 2 + QK_K / 16 + QK_K / 4),
  11: T('Q3_K', QK_K, 2 + QK_K / 4 + QK_K / 8 + 12),
  12: T('Q4_K', QK_K, 2 + 2 + QK_K / 2 + 12),
  13: T('Q5_K', QK_K, 2 + 2 + QK_K / 2 + QK_K / 8 + 12),
  14: T('Q6_K', QK_K, 2 + QK_K / 2 + QK_K / 4 + QK_K / 16),
  15: T('Q8_K', QK_K, 4 + QK_K + QK_K / 8),
  16: T('IQ2_XXS', QK_K, 2 + QK_K / 4),
  17: T('IQ2_XS', QK_K, 2 + QK_K / 4 + QK_K / 32),
  18: T('IQ3_XXS', QK_K, 2 + QK_K / 4 + QK_K / 8),
  19: T('IQ1_S', QK_K, 2 + QK_K / 8 + QK_K / 16),
  20: T('IQ4_NL', 32, 2 + 16),
  21: T('IQ3_S', QK_K, 2 + QK_K / 4 + QK_K / 8 + QK_K / 32 + 4),
  22: T('IQ2_S', QK_K, 2 + QK_K / 4 + QK_K / 16),
  23: T('IQ4_XS', QK_K, 2 + 2 + QK_K / 2 + QK_K / 64),
  24: T('I8', 1, 1),
  25: T('I16', 1, 2),
  26: T('I32', 1, 4),
  27: T('I64', 1, 8),
  28: T('F64', 1, 8),
  29: T('IQ1_M', QK_K, QK_K / 8 + QK_K / 16 + QK_K / 32),
  30: T('BF16', 1, 2),
  // 31–33 (Q4_0_4_4…) and 36–38 (IQ4_NL_4_4…) were removed from GGUF files: repacked at load time.
  34: T('TQ1_0', QK_K, 2 + 4 * 13),
  35: T('TQ2_0', QK_K, 2 + 64),
  39: T('MXFP4', 32, 1 + 16),
};

export function ggmlType(id: number): GgmlType | null {
  return Object.hasOwn(GGML_TYPES, id) ? GGML_TYPES[id]! : null;
}

/** The ggml type id of a name ('Q4_K' → 12), for writers and tests. */
export function ggmlTypeId(name: string): number | null {
  for (const [id, t] of Object.entries(GGML_TYPES)) if (t.name === name) return Number(id);
  return null;
}

/** general.file_type (llama_ftype): what most tensors are quantized to, e.g. 15 → Q4_K_M. */
const FILE_TYPES: Record<number, string> = {
  0: 'F32',
  1: 'F16',
  2: 'Q4_0',
  3: 'Q4_1',
  4: 'Q4_1_SOME_F16',
  7: 'Q8_0',
  8: 'Q5_0',
  9: 'Q5_1',
  10: 'Q2_K',
  11: 'Q3_K_S',
  12: 'Q3_K_M',
  13: 'Q3_K_L',
  14: 'Q4_K_S',
  15: 'Q4_K_M',
  16: 'Q5_K_S',
  17: 'Q5_K_M',
  18: 'Q6_K',
  19: 'IQ2_XXS',
  20: 'IQ2_XS',
  21: 'Q2_K_S',
  22: 'IQ3_XS',
  23: 'IQ3_XXS',
  24: 'IQ1_S',
  25: 'IQ4_NL',
  26: 'IQ3_S',
  27: 'IQ3_M',
  28: 'IQ2_S',
  29: 'IQ2_M',
  30: 'IQ4_XS',
  31: 'IQ1_M',
  32: 'BF16',
  36: 'TQ1_0',
  37: 'TQ2_0',
  38: 'MXFP4_MOE',
};

export function fileTypeName(id: number): string | null {
  return Object.hasOwn(FILE_TYPES, id) ? FILE_TYPES[id]! : null;
}
