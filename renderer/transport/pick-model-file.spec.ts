import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { pickModelFile } from './pick-model-file';

const f = (name: string) => ({ name });

describe('pickModelFile', () => {
  it('takes a single file as the model whatever its name', () => {
    expect(pickModelFile([f('weights.pkl')]).model.name).toBe('weights.pkl');
  });
  it('separates the model from its external-data files', () => {
    const g = pickModelFile([f('w.data'), f('Net.ONNX'), f('w2.bin')]);
    expect(g.model.name).toBe('Net.ONNX');
    expect(g.companions.map((c) => c.name)).toEqual(['w.data', 'w2.bin']);
  });
  it('refuses several models, no model, duplicates and nothing', () => {
    const code = (files: Array<{ name: string }>) => {
      try {
        pickModelFile(files);
      } catch (e) {
        return (e as AppError).code;
      }
      return 'none';
    };
    expect(code([f('a.onnx'), f('b.onnx')])).toBe('INVALID_REQUEST');
    expect(code([f('a.data'), f('b.bin')])).toBe('NOT_ONNX');
    expect(code([f('a.onnx'), f('a.onnx')])).toBe('INVALID_REQUEST');
    expect(code([])).toBe('INVALID_REQUEST');
  });

  it('takes a safetensors index as the model and its shards as companions', () => {
    const index = f('model.safetensors.index.json');
    const shards = [f('model-00001-of-00002.safetensors'), f('model-00002-of-00002.safetensors')];
    expect(pickModelFile([shards[0]!, index, shards[1]!])).toEqual({ model: index, companions: shards });
  });
});
