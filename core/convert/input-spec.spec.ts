import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { checkInputs, parseInputSpec } from './input-spec';

describe('input specs', () => {
  it('parses name:dtype:shape, names with colons included', () => {
    expect(parseInputSpec('input:float32:1x3x224x224')).toEqual({ name: 'input', dtype: 'float32', shape: [1, 3, 224, 224] });
    expect(parseInputSpec('serving:x:int64:2,8')).toEqual({ name: 'serving:x', dtype: 'int64', shape: [2, 8] });
    expect(parseInputSpec('flag:bool:')).toEqual({ name: 'flag', dtype: 'bool', shape: [] });
  });

  it.each([
    ['input', /not an input spec/],
    ['input:float128:1x3', /dtype "float128"/],
    ['input:float32:1x?x3', /shape/],
    ['input:float32:0x3', /shape/],
    ['input:float32:1024x1024x1024', /more than/],
  ])('refuses %s', (text, message) => {
    let err: unknown;
    try {
      parseInputSpec(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('INVALID_REQUEST');
    expect((err as AppError).message).toMatch(message);
  });

  it('refuses an input given twice', () => {
    const x = { name: 'x', dtype: 'float32' as const, shape: [1] };
    expect(() => checkInputs([x, x])).toThrow(/given twice/);
  });
});
