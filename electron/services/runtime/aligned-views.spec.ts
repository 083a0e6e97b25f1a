// packAligned's pad arithmetic against the serialiser Node's 'advanced' IPC uses, read back as
// Node's deserialiser does (a view when aligned, else a copy); the real channel is covered in
// runtime-service.spec.ts.
import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { packAligned, unpackAligned } from './aligned-views';

// As node:internal/child_process/serialization writes and reads messages (@types/node does not
// declare the host-object hooks).
const Serializer = v8.DefaultSerializer as unknown as new () => v8.Serializer & { _writeHostObject(o: unknown): void };
const Deserializer = v8.DefaultDeserializer as unknown as new (b: Buffer) => v8.Deserializer & { _readHostObject(): unknown };
class IpcSerializer extends Serializer {
  override _writeHostObject(object: unknown): void {
    this.writeUint32(0);
    super._writeHostObject(object);
  }
}
class IpcDeserializer extends Deserializer {
  override _readHostObject(): unknown {
    expect(this.readUint32()).toBe(0);
    return super._readHostObject();
  }
}

function overIpc(msg: unknown): unknown {
  const ser = new IpcSerializer();
  ser.writeRawBytes(Buffer.alloc(4));
  ser.writeHeader();
  ser.writeValue(msg);
  const wire = Buffer.from(ser.releaseBuffer()); // a fresh buffer at offset 0, as a read chunk is
  const de = new IpcDeserializer(wire.subarray(4));
  de.readHeader();
  return de.readValue();
}

const isView = (a: ArrayBufferView) => a.byteLength < a.buffer.byteLength;

describe('packAligned', () => {
  it('lands every typed array aligned, so Node hands out views instead of copies', () => {
    const f32 = Float32Array.from({ length: 16384 }, (_, i) => i / 7);
    const msg = {
      kind: 'result',
      id: 130, // packed, this sits after the views: its varint size cannot shift them
      value: {
        outputs: {
          a: { type: 'float32', shape: [1, 16384], data: f32 },
          b: { type: 'int64', shape: [5], data: new BigInt64Array([1n, -2n, 2n ** 62n, 0n, 7n]) },
          c: { type: 'uint8', shape: [3], data: new Uint8Array([1, 2, 3]) },
          d: { type: 'float64', shape: [3], data: new Float64Array([0.1, Number.NaN, -0]) },
          e: { type: 'int16', shape: [3], data: new Int16Array([-1, 0, 1]) },
          s: { type: 'string', shape: [2], data: ['x', 'y'] },
          same: { type: 'float32', shape: [1, 16384], data: f32 },
        },
        runMs: 1.5,
      },
    };
    const plain = overIpc(msg) as typeof msg;
    expect(isView(plain.value.outputs.a.data)).toBe(false); // the copy this module avoids
    const back = unpackAligned(overIpc(packAligned(msg))) as typeof msg;
    expect(back).toEqual(msg);
    const outs = back.value.outputs;
    for (const t of [outs.a, outs.b, outs.d, outs.e]) expect(isView(t.data)).toBe(true);
    expect(outs.same.data).toBe(outs.a.data);
  });

  it('passes messages without typed arrays through', () => {
    for (const msg of [{ kind: 'ready', ortVersion: '1.30.0' }, { op: 'cancel', target: 3 }, { kind: 'error', id: 1, error: { code: 'X', message: 'm' } }]) {
      expect(unpackAligned(overIpc(packAligned(msg)))).toEqual(msg);
    }
  });
});
