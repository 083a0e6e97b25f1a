import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame } from './wire-frame';

const message = () => ({
  id: 7,
  result: {
    ok: true,
    value: {
      outputs: {
        y: { type: 'float32', shape: [3], data: new Float32Array([1.5, NaN, -Infinity]) },
        ids: { type: 'int64', shape: [1], data: ['9007199254740993'] },
        b: { type: 'int8', shape: [3], data: new Int8Array([-1, 0, 1]) },
        big: { type: 'int64', shape: [1], data: new BigInt64Array([-(2n ** 63n)]) },
      },
      stats: { y: { count: 3 } },
      list: [new Float64Array([0.1]), 'x'],
    },
  },
});

/** A frame patched by hand: header JSON replaced, arrays' region kept. */
function withHeader(frame: Uint8Array, header: unknown): Uint8Array {
  const oldLen = new DataView(frame.buffer, frame.byteOffset).getUint32(0, true);
  const region = frame.subarray(Math.ceil((4 + oldLen) / 8) * 8);
  const h = new TextEncoder().encode(JSON.stringify(header));
  const start = Math.ceil((4 + h.length) / 8) * 8;
  const out = new Uint8Array(start + region.length);
  new DataView(out.buffer).setUint32(0, h.length, true);
  out.set(h, 4);
  out.set(region, start);
  return out;
}

describe('wire frames', () => {
  it('a message without typed arrays stays JSON text', () => {
    const msg = { id: 1, call: 'model.predict', input: { inputs: { x: { shape: [2], data: [1, 2] } } } };
    expect(encodeFrame(msg)).toBe(JSON.stringify(msg));
    expect(decodeFrame(JSON.stringify(msg))).toEqual(msg);
  });

  it('typed arrays anywhere in the message come back with their class and values; the original is untouched', () => {
    const msg = message();
    const frame = encodeFrame(msg);
    expect(frame).toBeInstanceOf(Uint8Array);
    const back = decodeFrame(frame as Uint8Array) as ReturnType<typeof message>;
    expect(back).toEqual(msg);
    expect(back.result.value.outputs.y.data).toBeInstanceOf(Float32Array);
    expect(back.result.value.outputs.big.data).toBeInstanceOf(BigInt64Array);
    expect(back.result.value.list[0]).toBeInstanceOf(Float64Array);
    expect(msg.result.value.outputs.y.data).toBeInstanceOf(Float32Array);
  });

  it('decodes from a view at any offset of a larger buffer (ws hands over pooled Buffers)', () => {
    const frame = encodeFrame(message()) as Uint8Array;
    for (const shift of [1, 3, 4, 8]) {
      const pool = new Uint8Array(frame.length + shift);
      pool.set(frame, shift);
      expect(decodeFrame(new Uint8Array(pool.buffer, shift, frame.length))).toEqual(message());
    }
  });

  it('views of a larger buffer are sent as their own bytes only', () => {
    const all = new Float32Array([1, 2, 3, 4, 5]);
    const frame = encodeFrame({ data: all.subarray(1, 3) }) as Uint8Array;
    expect(decodeFrame(frame)).toEqual({ data: new Float32Array([2, 3]) });
  });

  it('refuses frames whose header points outside the frame or outside the message', () => {
    const frame = encodeFrame({ a: { data: new Float32Array([1, 2]) } }) as Uint8Array;
    const ok = { m: { a: { data: null } }, b: [{ p: ['a', 'data'], t: 'Float32Array', o: 0, n: 2 }] };
    expect(decodeFrame(withHeader(frame, ok))).toEqual({ a: { data: new Float32Array([1, 2]) } });
    const bad =
      (b: unknown, m: unknown = ok.m) =>
      () =>
        decodeFrame(withHeader(frame, { m, b: [b] }));
    expect(bad({ ...ok.b[0], n: 3 })).toThrow('out of bounds');
    expect(bad({ ...ok.b[0], o: 4 })).toThrow('out of bounds');
    expect(bad({ ...ok.b[0], t: 'Function' })).toThrow('malformed');
    expect(bad({ ...ok.b[0], t: 'DataView' })).toThrow('malformed');
    expect(bad({ ...ok.b[0], p: ['__proto__', 'polluted'] })).toThrow('malformed');
    expect(bad({ ...ok.b[0], p: ['a', 'missing'] })).toThrow('not in the message');
    expect(bad(ok.b[0], { a: { data: 'not a placeholder' } })).toThrow('not in the message');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(() => decodeFrame(new Uint8Array([255, 255, 0, 0, 1]))).toThrow('past its end');
    expect(() => decodeFrame(new Uint8Array([1]))).toThrow('too short');
  });

  it('big integer literals: exact where the host receives them, plain numbers where the page does', () => {
    const text = '{"x":{"type":"int64","shape":[1],"data":[9007199254740993]},"mean":120000000000000000000}';
    expect(decodeFrame(text, { exactIntegers: true })).toEqual({
      x: { type: 'int64', shape: [1], data: ['9007199254740993'] },
      mean: '120000000000000000000',
    });
    // A float stat the host sends stays a number in the page (the host writes int64s as strings).
    expect((decodeFrame(text) as { mean: unknown }).mean).toBe(1.2e20);
  });
});
