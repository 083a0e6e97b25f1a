// Messages between the server's event loop and its codec threads (codec-pool.ts, codec-worker.ts).
import type { ErrorData } from '../shared/errors';
import type { Tensor } from '../shared/tensors';
import type { DecodedInfer, EncodedResponse, EncodeMeta } from './infer-codec';

export type CodecCall =
  | { op: 'decode'; body: Uint8Array; headerLength: number | null; pictureInputs: string[] }
  | { op: 'encode'; meta: EncodeMeta; outputs: Array<[string, Tensor]>; binary: string[] };
export type CodecRequest = CodecCall & { id: number };

export type CodecReply = { id: number; ok: true; value: DecodedInfer | EncodedResponse } | { id: number; ok: false; error: ErrorData };
