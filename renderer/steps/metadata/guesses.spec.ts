import { describe, expect, it } from 'vitest';
import { parseMetadata } from '../../../shared/metadata/parse-metadata';
import { openGuesses } from './guesses';
import { formOf } from './meta-form';

const metadata = parseMetadata({
  schemaVersion: 1,
  name: 'light_resnet50',
  version: '0.1.0',
  task: 'classification',
  inputs: { input: { kind: 'image', preprocessing: { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] } } },
});
const loaded = formOf(metadata);

describe('openGuesses', () => {
  it('marks the derived task and preprocessing until confirmed or changed', () => {
    expect(openGuesses(loaded, loaded, 'derived')).toEqual(['task', 'prep:input']);
    expect(openGuesses({ ...loaded, confirmed: ['task'] }, loaded, 'derived')).toEqual(['prep:input']);
    expect(openGuesses({ ...loaded, task: 'detection' }, loaded, 'derived')).toEqual(['prep:input']);
    const changed = {
      ...loaded.base,
      inputs: { input: { ...loaded.base.inputs.input!, preprocessing: { ...metadata.inputs.input!.preprocessing!, scale: 0.5 } } },
    };
    expect(openGuesses({ ...loaded, base: changed }, loaded, 'derived')).toEqual(['task']);
  });

  it('has no guesses for a stored record, or for an input that is no longer an image', () => {
    expect(openGuesses(loaded, loaded, 'stored')).toEqual([]);
    expect(openGuesses({ ...loaded, io: { input: { description: '', kind: 'tensor' } } }, loaded, 'derived')).toEqual(['task']);
  });
});
