import { describe, expect, it } from 'vitest';
import { suggestedFileName } from './save-name';

describe('suggestedFileName', () => {
  it('appends the version to a name without one', () => {
    expect(suggestedFileName('light_resnet50.onnx', '1.2.0')).toBe('light_resnet50-1.2.0.onnx');
    expect(suggestedFileName('mlp.ONNX', '0.1.0')).toBe('mlp-0.1.0.onnx');
  });

  it('does not double a version the name already ends with', () => {
    expect(suggestedFileName('light_resnet50-1.2.0.onnx', '1.2.0')).toBe('light_resnet50-1.2.0.onnx');
  });

  it('replaces an older version, and every version a name saved twice carries', () => {
    expect(suggestedFileName('light_resnet50-1.2.0.onnx', '1.3.0')).toBe('light_resnet50-1.3.0.onnx');
    expect(suggestedFileName('light_resnet50-1.2.0-1.2.0.onnx', '1.2.0')).toBe('light_resnet50-1.2.0.onnx');
    expect(suggestedFileName('model_v2.0.1-rc.1+build.5.onnx', '2.0.1')).toBe('model-2.0.1.onnx');
  });

  it('keeps digits that are part of the name, and a name that is only a version', () => {
    expect(suggestedFileName('resnet50-v2.onnx', '1.0.0')).toBe('resnet50-v2-1.0.0.onnx');
    expect(suggestedFileName('yolo-11.2.onnx', '1.0.0')).toBe('yolo-11.2-1.0.0.onnx');
    expect(suggestedFileName('1.2.0.onnx', '1.3.0')).toBe('1.2.0-1.3.0.onnx');
  });

  it('leaves the version out while the form has no valid one', () => {
    expect(suggestedFileName('light_resnet50-1.2.0.onnx', null)).toBe('light_resnet50.onnx');
  });
});
