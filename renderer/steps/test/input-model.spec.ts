import { describe, expect, it } from 'vitest';
import type { Dim, ValueInfo } from '../../../shared/model-summary';
import type { InputDraft } from '../../store/test-types';
import {
  cellValue,
  concreteShape,
  defaultDraft,
  defaultTab,
  dimFields,
  gridTensor,
  inputOfError,
  jsonTemplate,
  parseJsonText,
  resolveDraft,
  tabsFor,
} from './input-model';

const vi = (name: string, elemType: string, shape: Dim[] | null): ValueInfo => ({
  name,
  type: { kind: 'tensor', elemType: elemType as never, shape, text: `${elemType}[${(shape ?? []).join(',')}]` },
});
const x = vi('x', 'float32', ['batch', 4]);
const mask = vi('mask', 'int64', ['batch', null, 'seq']);
const image = vi('pixels', 'float32', [1, 3, 224, 224]);

describe('the Test step input model', () => {
  it('one size field per symbolic name (shared across inputs) and one per unknown dim', () => {
    expect(dimFields([x, mask])).toEqual([
      { key: 'batch', label: 'batch', symbolic: true, inputs: ['x', 'mask'] },
      { key: 'mask#1', label: 'mask · dim 1', symbolic: false, inputs: ['mask'] },
      { key: 'seq', label: 'seq', symbolic: true, inputs: ['mask'] },
    ]);
    expect(concreteShape(mask, { batch: 2, 'mask#1': 5 })).toEqual([2, 5, 1]);
    expect(concreteShape(vi('r', 'float32', null), {})).toBeNull();
  });

  it('offers the image tab for image-like inputs only, and starts on the most useful tab', () => {
    expect(tabsFor(x)).toEqual(['grid', 'json', 'file', 'generate']);
    expect(tabsFor(image)).toEqual(['grid', 'json', 'file', 'image', 'generate']);
    expect(tabsFor(vi('r', 'float32', null))).toEqual(['json', 'file']);
    expect(defaultTab(x, {})).toBe('grid');
    expect(defaultTab(image, {})).toBe('image');
    expect(defaultTab(vi('big', 'float32', [64, 64]), {})).toBe('generate');
    // Picture-shaped but not inferred an image (openWakeWord's [1,25,96] features): the tab is offered, not chosen.
    const feats = vi('onnx::Flatten_0', 'float32', [1, 25, 96]);
    expect(tabsFor(feats)).toContain('image');
    expect(defaultTab(feats, {})).toBe('generate');
  });

  it('grid cells become JSON values by type, padded with zeros to the shape', () => {
    expect(cellValue(' 2.5 ', 'float32')).toBe(2.5);
    expect(cellValue('NaN', 'float32')).toBe('NaN');
    expect(cellValue('1', 'bool')).toBe(true);
    expect(cellValue('false', 'bool')).toBe(false);
    expect(cellValue(' a b ', 'string')).toBe(' a b ');
    expect(gridTensor(['1', '2'], [2, 2], 'int32')).toEqual({ type: 'int32', shape: [2, 2], data: [1, 2, 0, 0] });
  });

  it('JSON text: syntax errors and stray keys are INVALID_TENSOR naming the input', () => {
    expect(() => parseJsonText('{"shape": [1', 'x')).toThrow(
      expect.objectContaining({ code: 'INVALID_TENSOR', message: expect.stringMatching(/^Input "x" is not valid JSON: /) }),
    );
    expect(() => parseJsonText('[1, 2]', 'x')).toThrow(
      expect.objectContaining({ message: 'Input "x" must be one JSON object with "shape" and "data".' }),
    );
    expect(() => parseJsonText('{"shape": [1], "data": [1], "dtype": "f4"}', 'x')).toThrow(
      expect.objectContaining({ message: 'Input "x" has unexpected key "dtype".' }),
    );
    expect(JSON.parse(jsonTemplate(x, { batch: 2 }, 'float32'))).toEqual({
      type: 'float32',
      shape: [2, 4],
      data: [0, 0, 0, 0, 0, 0, 0, 0],
    });
  });

  it('resolves the active tab and checks it against the signature with the shared validator', () => {
    const draft = (patch: Partial<InputDraft>): InputDraft => ({ ...defaultDraft(x, {}), ...patch });
    expect(resolveDraft(draft({ tab: 'grid', grid: ['1', '2', '3', '4'] }), x, {})).toEqual({
      tensor: { type: 'float32', shape: [1, 4], data: [1, 2, 3, 4] },
    });
    expect(resolveDraft(draft({ tab: 'json', json: '{"shape": [1, 5], "data": [1, 2, 3, 4, 5]}' }), x, {})).toEqual({
      error: { code: 'INPUT_DIM_MISMATCH', message: 'Input "x" has shape [1,5] but the model expects [batch,4]: dimension 1 must be 4.' },
    });
    expect(resolveDraft(draft({ tab: 'json', json: '{"shape": [1, 4], "data": [1, 2, "x", 4]}' }), x, {})).toMatchObject({
      error: { code: 'INVALID_TENSOR', message: expect.stringContaining('element 2') },
    });
    expect(resolveDraft(draft({ tab: 'file' }), x, {})).toMatchObject({ error: { code: 'INPUT_MISSING' } });
    const gen = resolveDraft(draft({ tab: 'generate', generate: { fill: 'random', seed: 3 } }), x, { batch: 3 });
    expect(gen).toMatchObject({ tensor: { type: 'float32', shape: [3, 4] } });
    expect(
      resolveDraft(defaultDraft(vi('seq', 'float32', null), {}), { name: 'seq', type: { kind: 'sequence', text: 'seq(float32)' } }, {}),
    ).toMatchObject({ error: { code: 'UNSUPPORTED_TYPE' } });
  });

  it("finds the input an error is about from the validator's wording", () => {
    const names = ['x', 'mask'];
    expect(
      inputOfError({ code: 'INPUT_DIM_CONFLICT', message: 'Input "mask" has shape [2] but … as in input "x" dimension 0.' }, names),
    ).toBe('mask');
    expect(
      inputOfError({ code: 'INPUT_UNKNOWN', message: 'The model has no input named "y"; its inputs are "x", "mask".' }, names),
    ).toBeNull();
    expect(inputOfError({ code: 'RUNTIME_ERROR', message: 'boom' }, names)).toBeNull();
  });
});
