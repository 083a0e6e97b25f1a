// Element sizes of the safetensors dtypes, in bits: the format has a few sub-byte float types
// (F4, F6_*) whose tensors are packed, so a byte size per element would not do.
// Source: the Dtype enum of huggingface/safetensors (safetensors/src/tensor.rs).
const BITS: Record<string, number> = {
  BOOL: 8,
  F4: 4,
  F6_E2M3: 6,
  F6_E3M2: 6,
  U8: 8,
  I8: 8,
  F8_E5M2: 8,
  F8_E4M3: 8,
  F8_E8M0: 8,
  I16: 16,
  U16: 16,
  F16: 16,
  BF16: 16,
  I32: 32,
  U32: 32,
  F32: 32,
  C64: 64,
  F64: 64,
  I64: 64,
  U64: 64,
};

/** Bits per element of a safetensors dtype, or null for a dtype this reader does not know. */
export function dtypeBits(dtype: string): number | null {
  return Object.hasOwn(BITS, dtype) ? BITS[dtype]! : null;
}

/** Bytes `elements` values of `dtype` take when packed, or null for an unknown dtype. */
export function dtypeBytes(dtype: string, elements: number): number | null {
  const bits = dtypeBits(dtype);
  return bits === null ? null : Math.ceil((elements * bits) / 8);
}
