import { describe, expect, it } from 'vitest';
import { AppError } from './errors';
import type { Dim, ValueInfo } from './model-summary';
import type { Tensor, TensorMap } from './tensors';
import { validateInputs, type ValidateOptions } from './validate-inputs';

const input = (name: string, elemType: string, shape: Dim[] | null): ValueInfo => ({
  name,
  type: { kind: 'tensor', elemType: elemType as never, shape, text: `${elemType}[${(shape ?? ['?…']).map((d) => d ?? '?').join(',')}]` },
});
const f32 = (shape: number[], n = shape.reduce((a, b) => a * b, 1)): Tensor => ({ type: 'float32', shape, data: new Float32Array(n) });

const SIG = [input('x', 'float32', ['batch', 4]), input('mask', 'float32', ['batch', null, 'seq'])];

function error(inputs: TensorMap, sig: ValueInfo[] = SIG, opts?: ValidateOptions): { code: string; message: string } | null {
  try {
    validateInputs(inputs, sig, opts);
    return null;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return { code: e.code, message: e.message };
  }
}

describe('validateInputs', () => {
  it('accepts inputs that fit, with any size for unknown dims', () => {
    expect(error({ x: f32([2, 4]), mask: f32([2, 17, 5]) })).toBeNull();
    expect(error({ s: f32([]) }, [input('s', 'float32', [])])).toBeNull();
    expect(error({ any: f32([3, 1, 2]) }, [input('any', 'float32', null)])).toBeNull();
  });

  it('INPUT_MISSING names the input and its type', () => {
    expect(error({ x: f32([1, 4]) })).toEqual({
      code: 'INPUT_MISSING',
      message: 'Input "mask" is missing: the model expects float32[batch,?,seq].',
    });
  });

  it('INPUT_UNKNOWN lists the real inputs', () => {
    expect(error({ X: f32([1, 4]), mask: f32([1, 1, 1]) })).toEqual({
      code: 'INPUT_UNKNOWN',
      message: 'The model has no input named "X"; its inputs are "x", "mask".',
    });
    expect(error({ x: f32([1, 4]), mask: f32([1, 1, 1]), W: f32([1]) }, SIG, { optional: ['W'] })).toBeNull();
  });

  it('INPUT_TYPE_MISMATCH says both types', () => {
    const x: Tensor = { type: 'int32', shape: [1, 4], data: new Int32Array(4) };
    expect(error({ x, mask: f32([1, 1, 1]) })).toEqual({
      code: 'INPUT_TYPE_MISMATCH',
      message: 'Input "x" is int32 but the model expects float32.',
    });
  });

  it('INPUT_RANK_MISMATCH shows both shapes and ranks', () => {
    expect(error({ x: f32([4]), mask: f32([1, 1, 1]) })).toEqual({
      code: 'INPUT_RANK_MISMATCH',
      message: 'Input "x" has shape [4] (rank 1) but the model expects [batch,4] (rank 2).',
    });
  });

  it('INPUT_DIM_MISMATCH names the dimension and its size', () => {
    expect(error({ x: f32([2, 5]), mask: f32([2, 1, 1]) })).toEqual({
      code: 'INPUT_DIM_MISMATCH',
      message: 'Input "x" has shape [2,5] but the model expects [batch,4]: dimension 1 must be 4.',
    });
  });

  it('INPUT_DIM_CONFLICT: one symbolic dim given two sizes, across inputs and within one', () => {
    expect(error({ x: f32([2, 4]), mask: f32([3, 1, 1]) })).toEqual({
      code: 'INPUT_DIM_CONFLICT',
      message:
        'Input "mask" has shape [3,1,1] but the model expects [batch,?,seq]: dimension 0 ("batch") must be 2, as in input "x" dimension 0.',
    });
    expect(error({ sq: f32([2, 3]) }, [input('sq', 'float32', ['n', 'n'])])?.code).toBe('INPUT_DIM_CONFLICT');
  });

  it('INPUT_SIZE_MISMATCH compares the values with the shape', () => {
    expect(error({ x: f32([2, 4], 6), mask: f32([2, 1, 1]) })).toEqual({
      code: 'INPUT_SIZE_MISMATCH',
      message: 'Input "x" has shape [2,4] (8 elements) but 6 values.',
    });
  });

  it('INPUT_TOO_LARGE against a configurable cap', () => {
    const r = error({ x: f32([1024, 4]), mask: f32([1024, 1, 1]) }, SIG, { maxBytes: 1000 });
    expect(r).toEqual({ code: 'INPUT_TOO_LARGE', message: 'The inputs take 20.0 KB (input "x" alone 16.0 KB); the limit is 1000 B.' });
  });

  it('UNSUPPORTED_TYPE for types and kinds onnxruntime-node cannot feed', () => {
    const bf: Tensor = { type: 'uint16', shape: [1], data: new Uint16Array(1) };
    expect(error({ b: bf }, [input('b', 'bfloat16', [1])])).toMatchObject({
      code: 'UNSUPPORTED_TYPE',
      message: 'Input "b" is bfloat16, which onnxruntime-node cannot feed.',
    });
    const seq: ValueInfo = { name: 's', type: { kind: 'sequence', text: 'seq(float32[?])' } };
    expect(error({ s: f32([1]) }, [seq])).toMatchObject({
      code: 'UNSUPPORTED_TYPE',
      message: 'Input "s" is a seq(float32[?]); only tensor inputs can be fed.',
    });
  });
});
