// Entry of dist/server-codec.mjs: a thread that decodes infer bodies and encodes responses for the
// server's event loop (codec-pool.ts says when). Typed arrays go back transferred, not copied.
import { parentPort } from 'node:worker_threads';
import { toErrorData } from '../shared/errors';
import { tensorBuffers } from '../shared/tensor-buffers';
import type { CodecReply, CodecRequest } from './codec-protocol';
import { decodeInferBody, encodeInferResponse } from './infer-codec';

const port = parentPort!;
port.on('message', (msg: CodecRequest) => {
  try {
    if (msg.op === 'decode') {
      const value = decodeInferBody(msg.body, msg.headerLength, msg.pictureInputs);
      const reply: CodecReply = { id: msg.id, ok: true, value };
      port.postMessage(reply, tensorBuffers(Object.values(value.tensors)));
    } else {
      const value = encodeInferResponse(msg.meta, msg.outputs, new Set(msg.binary));
      // A small Buffer may be a slice of Node's shared pool, which must never be transferred away.
      const own = value.body.byteOffset === 0 && value.body.byteLength === value.body.buffer.byteLength;
      const body = own ? value.body : new Uint8Array(value.body);
      const reply: CodecReply = { id: msg.id, ok: true, value: { ...value, body } };
      port.postMessage(reply, [body.buffer as ArrayBuffer]);
    }
  } catch (err) {
    const reply: CodecReply = { id: msg.id, ok: false, error: toErrorData(err) };
    port.postMessage(reply);
  }
});
