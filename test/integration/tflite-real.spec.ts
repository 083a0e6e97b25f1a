// The TFLite reader on real models: MediaPipe's selfie segmentation as its npm package ships it
// (test/fixtures/real-tflite.ts fetches it with `npm pack`). The expected figures were taken from
// flatc's own decoding of the same files (flatc --json --raw-binary with the TFLite schema): op
// counts, tensors with data, their bytes and parameters.
import { describe, expect, it } from 'vitest';
import { readTflite } from '../../core/formats/tflite/reader';
import { openFileSource } from '../../core/onnx/file-source';
import { realTflite } from '../fixtures/real-tflite';

describe('TFLite reader on MediaPipe selfie segmentation (real files)', () => {
  it('selfie_segmentation.tflite: io, every op with its count (a custom op among them), weights', async () => {
    const src = openFileSource(realTflite('selfie_segmentation'));
    const m = await readTflite(src);
    src.close();
    expect(m.io).toEqual({
      inputs: [{ name: 'input_1', dtype: 'float32', shape: [1, 256, 256, 3] }],
      outputs: [{ name: 'activation_10', dtype: 'float32', shape: [1, 256, 256, 1] }],
    });
    expect(Object.fromEntries(m.sections.find((s) => s.title === 'Operators')!.rows)).toEqual({
      DEQUANTIZE: '110',
      CONV_2D: '43',
      RELU: '22',
      ADD: '14',
      DEPTHWISE_CONV_2D: '11',
      HARD_SWISH: '11',
      LOGISTIC: '11',
      AVERAGE_POOL_2D: '10',
      MUL: '10',
      RESIZE_BILINEAR: '3',
      'Convolution2DTransposeBias (custom)': '1',
    });
    expect(m.tensorCount).toBe(113);
    expect(m.tensorBytes).toBe(212_826);
    expect(m.parameters).toBe(106_407);
    // float16 weights, dequantized at load time by the DEQUANTIZE ops.
    expect(m.tensors[0]).toMatchObject({ name: 'conv2d/Kernel', dtype: 'float16', shape: [16, 3, 3, 3], bytes: 864 });
    expect(m.metadata.description).toBe('keras2tflite_selfiesegmentation_mlkit-256x256-2021_01_19-v1215.tflite.generated');
    expect(m.notes).toEqual([]);
  });

  it('selfie_segmentation_landscape.tflite: the landscape variant differs where flatc says it does', async () => {
    const src = openFileSource(realTflite('selfie_segmentation_landscape'));
    const m = await readTflite(src);
    src.close();
    expect(m.io!.inputs[0]).toEqual({ name: 'input_1', dtype: 'float32', shape: [1, 144, 256, 3] });
    expect(m.io!.outputs[0]).toEqual({ name: 'segment_back', dtype: 'float32', shape: [1, 144, 256, 1] });
    const ops = Object.fromEntries(m.sections[0]!.rows);
    expect(ops.MEAN).toBe('10');
    expect(ops.AVERAGE_POOL_2D).toBeUndefined();
    expect([m.tensorCount, m.tensorBytes, m.parameters]).toEqual([123, 212_906, 106_427]);
  });
});
