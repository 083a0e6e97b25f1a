import { describe, expect, it } from 'vitest';
import type { ModelSummary, NodeInfo, ValueInfo } from '../model-summary';
import { derivedMetadata } from './defaults';
import { classCount, guessTask, imagenetInput } from './task-guess';

const tensor = (name: string, elemType: string, shape: Array<number | string>): ValueInfo =>
  ({ name, type: { kind: 'tensor', elemType, shape, text: '' } }) as ValueInfo;
const node = (opType: string, inputs: string[], outputs: string[]): NodeInfo => ({
  name: '',
  opType,
  domain: '',
  inputs,
  outputs,
  attributes: [],
});

function summary(inputs: ValueInfo[], outputs: ValueInfo[], nodes: NodeInfo[] = []): ModelSummary {
  return {
    producer: { name: 'pytorch', version: '2.5.1' },
    modelVersion: 0,
    docString: '',
    metadata: {},
    graph: { name: 'main_graph', inputs, outputs, nodes },
    file: { name: 'light_resnet50.onnx', bytes: 1 },
  } as unknown as ModelSummary;
}

const resnet = summary(
  [tensor('input', 'float32', ['batch_size', 3, 224, 224])],
  [tensor('output', 'float32', ['batch_size', 1000])],
  [node('Gemm', ['features', 'fc.weight', 'fc.bias'], ['output'])],
);

describe('guessTask', () => {
  it('reads a 3×224×224 picture in and 1000 scores out as an ImageNet image classifier', () => {
    expect(imagenetInput(resnet)?.input).toBe('input');
    expect(guessTask(resnet, 0)).toEqual({
      task: 'classification',
      reason: '1000 scores from a 3×224×224 picture: an ImageNet image classifier',
      unknown: false,
    });
  });

  it('reads a softmax head, or as many labels as scores, as classification, with the reason', () => {
    const mlp = summary(
      [tensor('x', 'float32', ['batch', 4])],
      [tensor('y', 'float32', ['batch', 3])],
      [node('Softmax', ['logits'], ['probs']), node('Identity', ['probs'], ['y'])],
    );
    expect(guessTask(mlp, 0)).toMatchObject({ task: 'classification', reason: 'a softmax over 3 classes in "y"' });
    const raw = summary([tensor('x', 'float32', ['batch', 4])], [tensor('y', 'float32', ['batch', 3])]);
    expect(guessTask(raw, 3)).toMatchObject({ task: 'classification', reason: '3 labels for the 3 scores of "y"' });
  });

  it('says "unknown, choose one" rather than classification without evidence', () => {
    const raw = summary([tensor('x', 'float32', ['batch', 4])], [tensor('y', 'float32', ['batch', 3])]);
    expect(guessTask(raw, 0)).toEqual({
      task: 'other',
      reason: 'unknown ("y" gives 3 scores, but no softmax or labels say they are classes): choose one',
      unknown: true,
    });
    const two = summary([tensor('x', 'float32', [1, 4])], [tensor('a', 'float32', [1, 3]), tensor('b', 'float32', [1, 2])]);
    expect(guessTask(two, 0)).toMatchObject({ task: 'other', unknown: true, reason: 'unknown (2 outputs): choose one' });
    // A 224×224 picture with 10 classes is no ImageNet classifier.
    const small = summary([tensor('input', 'float32', [1, 3, 224, 224])], [tensor('output', 'float32', [1, 10])]);
    expect(imagenetInput(small)).toBeNull();
  });

  it('counts the classes labels are checked against', () => {
    expect(classCount(resnet)).toEqual({ output: 'output', classes: 1000 });
    expect(classCount(summary([], [tensor('y', 'float32', ['batch', 'classes'])]))).toBeNull();
  });
});

describe('derivedMetadata on an ImageNet classifier', () => {
  it("starts the picture on torchvision's ImageNet mean/std and the task on classification", () => {
    const m = derivedMetadata(resnet);
    expect(m.task).toBe('classification');
    expect(m.inputs.input!.preprocessing).toMatchObject({ mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], scale: 1 / 255 });
  });

  it('keeps mean 0 / std 1 for other pictures', () => {
    const m = derivedMetadata(summary([tensor('image', 'float32', [1, 3, 32, 32])], [tensor('y', 'float32', [1, 10])]));
    expect(m.inputs.image!.preprocessing).toMatchObject({ mean: [0], std: [1] });
    expect(m.task).toBe('other');
  });
});
