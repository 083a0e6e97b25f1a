// What model.initializerPreview returns: the first values of an initializer, read from the file at
// its offset, with summary statistics. Values use the JSON form
// (docs/architecture.md §The JSON form of tensors: int64 as numbers when safe, else decimal
// strings; float16 as numbers; "NaN"/"Infinity" for non-finite floats).
import type { ElemType } from './model-summary';
import type { JsonScalar } from './tensors';

/** Most values one preview returns; the default is smaller (a glance, not an export). */
export const MAX_PREVIEW_VALUES = 1000;
export const DEFAULT_PREVIEW_VALUES = 100;
/** Statistics cover the whole tensor up to this many stored bytes (streamed), else the values shown. */
export const WHOLE_TENSOR_STATS_BYTES = 64 << 20;

export interface InitializerStats {
  /** 'all': every element of the tensor; 'shown': only the values returned (the tensor is bigger). */
  over: 'all' | 'shown';
  /** Elements counted (NaNs included). */
  count: number;
  /** Over the non-NaN elements; null when there are none. int64/uint64 extremes are exact. */
  min: JsonScalar | null;
  max: JsonScalar | null;
  mean: JsonScalar | null;
  nanCount: number;
}

export interface InitializerPreview {
  name: string;
  dataType: ElemType;
  dims: number[];
  /** Bytes the values take (as the reader reports it). */
  byteLength: number;
  /** Elements in the whole tensor. */
  elementCount: number;
  /** The first values, row-major. */
  values: JsonScalar[];
  /** More elements exist than `values` holds. */
  truncated: boolean;
  /** Where the bytes were read: raw_data, a typed field (float_data…), or an external file. */
  storage: string;
  /** Numeric tensors only (bool counts as 0/1); null for strings. */
  stats: InitializerStats | null;
}
