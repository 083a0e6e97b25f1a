import { describe, expect, it } from 'vitest';
import { convertPlan } from './plan';

const paths = { src: '/models/m.bin', out: '/models/m.onnx' };

describe('conversion plans', () => {
  it('TorchScript: torch.onnx.export at opset 17 with a dynamic batch, once input shapes are given', () => {
    const missing = convertPlan('torchscript', paths);
    expect(missing.problem).toMatchObject({ code: 'INVALID_REQUEST' });
    expect(missing.problem!.hint).toContain('--input input:float32:1x3x224x224');
    expect(missing.script).toBeNull();
    const plan = convertPlan('torchscript', { ...paths, inputs: [{ name: 'image', dtype: 'float32', shape: [1, 3, 8, 8] }], seed: 5 });
    expect(plan).toMatchObject({ framework: 'torch', converter: 'torch.onnx.export' });
    expect(plan.script).toContain('SRC = "/models/m.bin"');
    expect(plan.script).toContain('OUT = sys.argv[1] if len(sys.argv) > 1 else "/models/m.onnx"');
    expect(plan.script).toContain('{"name": "image", "dtype": "float32", "shape": [1, 3, 8, 8]}');
    expect(plan.script).toContain('OPSET = 17');
    expect(plan.script).toContain('SEED = 5');
    expect(plan.script).toContain('dynamic_axes=dynamic_axes');
    expect(plan.script).toContain('data.pkl and constants.pkl are\n# still pickles');
  });

  it('.pt2: torch.export.load, and the note that it needs torch 2.1', () => {
    const plan = convertPlan('torch-export', paths);
    expect(plan.script).toContain('torch.export.load(SRC)');
    expect(plan.requires).toContainEqual(expect.objectContaining({ module: 'torch', min: '2.1' }));
    expect(plan.notes.join(' ')).toMatch(/torch 2\.1 or newer/);
  });

  it('a state_dict checkpoint cannot be converted without its class: says so and shows the snippet', () => {
    const plan = convertPlan('pytorch', { ...paths, inputs: [{ name: 'tokens', dtype: 'int64', shape: [1, 16] }] });
    expect(plan.script).toBeNull();
    expect(plan.problem!.code).toBe('CONVERT_FAILED');
    expect(plan.problem!.message).toMatch(/cannot be converted without the Python class that defines the model/);
    expect(plan.problem!.snippet).toContain('model.load_state_dict(state)');
    expect(plan.problem!.snippet).toContain('torch.zeros((1, 16), dtype=torch.int64)');
    expect(plan.problem!.snippet).toContain('weights_only=True');
  });

  it('Keras and TFLite: tf2onnx, with the CLI line to run by hand (paths quoted for the shell)', () => {
    const keras = convertPlan('keras', { src: "/m/my model's.keras", out: '/m/out.onnx' });
    expect(keras.manual).toEqual([`python3 -m tf2onnx.convert --keras '/m/my model'\\''s.keras' --output /m/out.onnx --opset 17`]);
    expect(keras.script).toContain('tf2onnx.convert.from_keras(');
    expect(keras.script).toContain('safe_mode=True');
    const tflite = convertPlan('tflite', { src: '/m/a.tflite', out: '/m/a.onnx', opset: 15 });
    expect(tflite.manual).toEqual(['python3 -m tf2onnx.convert --tflite /m/a.tflite --output /m/a.onnx --opset 15']);
    expect(tflite.script).toContain('tf2onnx.convert.from_tflite(SRC, opset=OPSET, output_path=OUT)');
    expect(tflite.requires.map((r) => r.module)).toEqual(['numpy', 'tensorflow', 'tf2onnx']);
  });

  it('formats with nothing to convert say why', () => {
    expect(convertPlan('onnx', paths).problem).toMatchObject({ code: 'INVALID_REQUEST', message: 'This file is already an ONNX model.' });
    expect(convertPlan('gguf', paths).problem!.message).toMatch(/no GGUF-to-ONNX converter/);
    expect(convertPlan('safetensors', paths).problem!.snippet).toContain('load_file("/models/m.bin")');
  });
});
