// Output shapes derived from Keras configs, in the forms Keras writes them: Keras 2.0's bare layer
// list, a first layer carrying batch_input_shape, Keras 3 functional keras tensors, and the shape
// rules (padding, strides, dilation, channels_first, Reshape with -1, Concatenate, Bidirectional).
import { describe, expect, it } from 'vitest';
import { summariseKerasConfig } from './config';

const layer = (class_name: string, config: Record<string, unknown>) => ({ class_name, config });
const none = () => null;

function shapes(config: unknown): Record<string, unknown> {
  return Object.fromEntries(summariseKerasConfig(config, none).layers.map((l) => [l.name, l.outputShape]));
}

describe('summariseKerasConfig', () => {
  it('reads Keras 2.0 Sequential configs (a bare list) whose first layer carries batch_input_shape', () => {
    const s = summariseKerasConfig(
      {
        class_name: 'Sequential',
        config: [
          layer('Conv2D', {
            name: 'c',
            batch_input_shape: [null, 3, 64, 64],
            filters: 16,
            kernel_size: [5, 5],
            strides: [2, 2],
            padding: 'same',
            data_format: 'channels_first',
          }),
          layer('Conv2D', { name: 'd', filters: 4, kernel_size: 3, dilation_rate: 2, padding: 'valid', data_format: 'channels_first' }),
          layer('Reshape', { name: 'r', target_shape: [4, -1] }),
          layer('LSTM', { name: 'l', units: 7, return_sequences: true }),
          layer('Bidirectional', { name: 'b', layer: { class_name: 'GRU', config: { units: 5 } }, merge_mode: 'concat' }),
        ],
      },
      none,
    );
    expect(s.io.inputs).toEqual([{ name: 'c_input', dtype: 'float32', shape: [null, 3, 64, 64] }]);
    expect(Object.fromEntries(s.layers.map((l) => [l.name, l.outputShape]))).toEqual({
      c: [null, 16, 32, 32],
      d: [null, 4, 28, 28], // a 3×3 kernel dilated by 2 spans 5
      r: [null, 4, 784],
      l: [null, 4, 7],
      b: [null, 10],
    });
    expect(s.io.outputs).toEqual([{ name: 'b', dtype: 'float32', shape: [null, 10] }]);
  });

  it('follows Keras 3 functional keras tensors and Keras 2 inbound nodes through Concatenate', () => {
    const t = (name: string, shape: (number | null)[]) => ({
      class_name: '__keras_tensor__',
      config: { shape, dtype: 'float32', keras_history: [name, 0, 0] },
    });
    expect(
      shapes({
        class_name: 'Functional',
        config: {
          layers: [
            { ...layer('InputLayer', { name: 'a', batch_shape: [null, 8] }), name: 'a', inbound_nodes: [] },
            { ...layer('InputLayer', { name: 'b', batch_shape: [null, 2] }), name: 'b', inbound_nodes: [] },
            {
              ...layer('Concatenate', { name: 'cat', axis: -1 }),
              name: 'cat',
              inbound_nodes: [{ args: [[t('a', [null, 8]), t('b', [null, 2])]], kwargs: {} }],
            },
            { ...layer('Dense', { name: 'out', units: 3 }), name: 'out', inbound_nodes: [[['cat', 0, 0, {}]]] },
          ],
          input_layers: [
            ['a', 0, 0],
            ['b', 0, 0],
          ],
          output_layers: ['out', 0, 0],
        },
      }),
    ).toEqual({ a: [null, 8], b: [null, 2], cat: [null, 10], out: [null, 3] });
  });

  it('takes mixed-precision policies as their compute dtype and leaves unknown layers empty', () => {
    const s = summariseKerasConfig(
      {
        class_name: 'Sequential',
        config: {
          layers: [
            layer('InputLayer', { name: 'x', batch_shape: [null, 4], dtype: 'float32' }),
            layer('MyCustomLayer', { name: 'custom' }),
            layer('Dense', {
              name: 'y',
              units: 2,
              dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'mixed_float16' } },
            }),
          ],
        },
      },
      (name) => (name === 'y' ? 10 : 0),
    );
    expect(s.layers.map((l) => [l.name, l.outputShape, l.params])).toEqual([
      ['x', [null, 4], 0],
      ['custom', null, 0],
      ['y', null, 10],
    ]);
    expect(s.io.outputs).toEqual([{ name: 'y', dtype: 'float16', shape: [] }]);
    expect(s.notes).toEqual([
      'The output shape of y cannot be derived from the config (a layer before it has no shape rule here); it is left empty.',
    ]);
  });
});
