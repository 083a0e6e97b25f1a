// What converting a file would do, before anything runs: the exact script, what it needs, how to
// install that, and — for files that cannot be converted as they are — why, with the snippet the
// user would write instead. convertToOnnx runs exactly this script.
import path from 'node:path';
import type { ModelFormat } from '../../shared/formats/types';
import { checkInputs } from './input-spec';
import type { ScriptSettings } from './py-source';
import { installLines, requirement } from './requirements';
import { sklearnScript } from './scripts/sklearn-script';
import { tfScript } from './scripts/tf-script';
import { torchScript } from './scripts/torch-script';
import type { ConvertOptions, ConvertPlan, PythonRequirement } from '../../shared/formats/convert-types';

export const DEFAULT_OPSET = 17;
export const DEFAULT_SAMPLES = 3;
/** torch.export.load arrived in torch 2.1. */
export const TORCH_EXPORT_MIN = '2.1';

const WHAT: Record<ModelFormat, string> = {
  onnx: 'an ONNX model',
  safetensors: 'a safetensors file',
  'safetensors-index': 'a sharded safetensors model',
  gguf: 'a GGUF model',
  pytorch: 'a PyTorch checkpoint',
  torchscript: 'a TorchScript archive',
  'torch-export': 'a torch.export program',
  pickle: 'a pickled scikit-learn model',
  joblib: 'a joblib-dumped scikit-learn model',
  keras: 'a Keras v3 model',
  hdf5: 'a Keras HDF5 model',
  tflite: 'a TensorFlow Lite model',
  numpy: 'a NumPy array file',
};

export function convertPlan(format: ModelFormat, opts: ConvertOptions): ConvertPlan {
  if (opts.inputs) checkInputs(opts.inputs);
  const settings: Omit<ScriptSettings, 'total'> = {
    src: path.resolve(opts.src),
    out: path.resolve(opts.out),
    what: WHAT[format],
    converter: '',
    inputs: opts.inputs && opts.inputs.length > 0 ? opts.inputs : null,
    opset: opts.opset ?? DEFAULT_OPSET,
    dynamicBatch: opts.dynamicBatch ?? true,
    samples: Math.max(1, Math.min(opts.samples ?? DEFAULT_SAMPLES, 32)),
    seed: opts.seed ?? 0,
  };
  switch (format) {
    case 'torchscript':
    case 'torch-export': {
      const reqs = [requirement('numpy'), requirement('torch', format === 'torch-export' ? TORCH_EXPORT_MIN : undefined)];
      const base = plan(format, 'torch', 'torch.onnx.export', reqs);
      const notes =
        format === 'torch-export'
          ? [`torch.export.load needs torch ${TORCH_EXPORT_MIN} or newer (Debian 12 packages torch 1.13, which cannot read .pt2 files).`]
          : [];
      if (format === 'torchscript' && !settings.inputs) {
        return {
          ...base,
          notes,
          problem: {
            code: 'INVALID_REQUEST',
            message: 'A TorchScript archive does not record its input shapes, so they must be given.',
            hint: 'Give every input as name:dtype:shape, e.g. --input input:float32:1x3x224x224 (one example; dim 0 becomes a dynamic batch dim).',
          },
        };
      }
      const s = { ...settings, converter: 'torch.onnx.export', outputNames: opts.outputNames ?? null };
      return { ...base, notes, script: torchScript(s, format) };
    }
    case 'pickle':
    case 'joblib': {
      const reqs = [requirement('numpy'), requirement('sklearn'), requirement('skl2onnx')];
      if (format === 'joblib') reqs.push(requirement('joblib'));
      const base = plan(format, 'sklearn', 'skl2onnx', reqs);
      if (settings.inputs && settings.inputs.length !== 1) {
        return {
          ...base,
          problem: {
            code: 'INVALID_REQUEST',
            message: `A scikit-learn model takes one input table; ${settings.inputs.length} inputs were given.`,
            hint: 'Give one input, e.g. input:float32:1x4 (the model’s number of features as the last dim), or none to use n_features_in_.',
          },
        };
      }
      return {
        ...base,
        notes: [
          'Loading the file unpickles it: the studio runs this only when its scan found nothing but scikit-learn, numpy and joblib callables.',
          'Without input shapes the model’s n_features_in_ gives one float32 input of that many columns.',
        ],
        script: sklearnScript({ ...settings, converter: 'skl2onnx' }, format === 'joblib'),
      };
    }
    case 'keras':
    case 'hdf5':
    case 'tflite': {
      const kind = format === 'tflite' ? 'tflite' : 'keras';
      const base = plan(format, 'tensorflow', 'tf2onnx', [requirement('numpy'), requirement('tensorflow'), requirement('tf2onnx')]);
      const flag = kind === 'tflite' ? '--tflite' : '--keras';
      return {
        ...base,
        manual: [
          `python3 -m tf2onnx.convert ${flag} ${shellQuote(settings.src)} --output ${shellQuote(settings.out)} --opset ${settings.opset}`,
        ],
        notes: [
          'tf2onnx is tested with TensorFlow 2.13–2.15; Keras 3 models (TensorFlow 2.16+) may need model.export() to a SavedModel and --saved-model instead.',
          ...(format === 'hdf5'
            ? ['An .h5 file holding only weights (model.save_weights) cannot be converted: it has no architecture.']
            : []),
        ],
        script: tfScript({ ...settings, converter: 'tf2onnx' }, kind),
      };
    }
    case 'pytorch':
      return {
        ...plan(format, 'torch', null, [requirement('numpy'), requirement('torch')]),
        problem: {
          code: 'CONVERT_FAILED',
          message:
            'A PyTorch checkpoint holds weights (a state_dict), not the model’s code: it cannot be converted without the Python class that defines the model.',
          hint: 'Load it into your model class and export it yourself, as in the snippet; or save the model with torch.jit.script(model).save() and convert that file.',
          snippet: stateDictSnippet(settings, `state = torch.load(${pyPath(settings.src)}, map_location="cpu", weights_only=True)`),
        },
      };
    case 'safetensors':
    case 'safetensors-index':
      return {
        ...plan(format, 'torch', null, [requirement('numpy'), requirement('torch')]),
        problem: {
          code: 'CONVERT_FAILED',
          message:
            'A safetensors file holds only weights, not the model’s code: it cannot be converted without the class that defines the model.',
          hint: 'Load the weights into your model class and export it yourself, as in the snippet (for a Hugging Face model: optimum-cli export onnx --model <folder> <out-folder>).',
          snippet: stateDictSnippet(
            settings,
            `from safetensors.torch import load_file\nstate = load_file(${pyPath(format === 'safetensors' ? settings.src : '<one shard>.safetensors')})`,
          ),
        },
      };
    case 'gguf':
      return {
        ...plan(format, null, null, []),
        problem: {
          code: 'CONVERT_FAILED',
          message: 'GGUF is llama.cpp’s format for quantized language models; there is no GGUF-to-ONNX converter.',
          hint: 'Export the original (unquantized) Hugging Face model instead: optimum-cli export onnx --model <model> <out-folder>.',
        },
      };
    case 'numpy':
      return {
        ...plan(format, null, null, []),
        problem: {
          code: 'INVALID_REQUEST',
          message: 'A NumPy file holds arrays, not a model: there is nothing to convert.',
          hint: 'Open a model file.',
        },
      };
    case 'onnx':
      return {
        ...plan(format, null, null, []),
        problem: { code: 'INVALID_REQUEST', message: 'This file is already an ONNX model.', hint: 'Open it as it is.' },
      };
  }
}

function plan(
  format: ModelFormat,
  framework: ConvertPlan['framework'],
  converter: string | null,
  requires: PythonRequirement[],
): ConvertPlan {
  return { format, framework, converter, requires, script: null, install: installLines(requires), manual: [], notes: [] };
}

const pyPath = (p: string) => JSON.stringify(p);

/** POSIX shell quoting for the by-hand command lines (never run by the studio). */
function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function stateDictSnippet(s: Omit<ScriptSettings, 'total'>, load: string): string {
  const inputs = s.inputs ?? [{ name: 'input', dtype: 'float32', shape: [1, 3, 224, 224] }];
  const tuple = (xs: string[]) => `(${xs.join(', ')}${xs.length === 1 ? ',' : ''})`;
  const examples = inputs.map((i) => `torch.zeros(${tuple(i.shape.map(String))}, dtype=torch.${i.dtype})`);
  const names = inputs.map((i) => JSON.stringify(i.name));
  return [
    'import torch',
    'from my_project.models import MyModel  # the class the checkpoint was trained with',
    '',
    'model = MyModel()  # with the same constructor arguments as in training',
    load,
    'model.load_state_dict(state)',
    'model.eval()',
    'torch.onnx.export(',
    '    model,',
    `    ${tuple(examples)},`,
    `    ${pyPath(s.out)},`,
    `    input_names=[${names.join(', ')}],`,
    '    output_names=["output"],',
    `    dynamic_axes={${[...names, '"output"'].map((n) => `${n}: {0: "batch"}`).join(', ')}},`,
    `    opset_version=${s.opset},`,
    ')',
  ].join('\n');
}
