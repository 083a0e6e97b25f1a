// TorchScript (torch.jit.save) and torch.export (.pt2) archives → torch.onnx.export. Both carry the
// model's code in a form torch loads without the Python class (TorchScript source; an exported FX
// graph), which is what makes them convertible where a plain state_dict is not.
import { header, type ScriptSettings } from '../py-source';

const LOAD_TORCHSCRIPT = `step("Loading the TorchScript model", 1)
# torch.jit.load compiles the model's TorchScript source (code/ in the archive) with torch's own
# compiler: no Python code of the model's is imported or run. Its data.pkl and constants.pkl are
# still pickles; Modelcrate's static scan found they import only torch's tensor-rebuilding
# callables (verdict: safe) before this script was allowed to run.
model = torch.jit.load(SRC, map_location="cpu")
model.eval()
specs = INPUTS`;

const LOAD_EXPORT = `step("Loading the exported program", 1)
if not hasattr(torch, "export") or not hasattr(torch.export, "load"):
    raise SystemExit("torch %s cannot load .pt2 files: torch.export.load needs torch 2.1 or newer." % torch.__version__)
# torch.export.load rebuilds the FX graph from its JSON form; the weights inside are a torch.save
# pickle, which Modelcrate's static scan found imports only tensor-rebuilding callables (verdict:
# safe) before this script was allowed to run.
program = torch.export.load(SRC)
model = program.module()
specs = INPUTS
if specs is None:
    # The example inputs the program was exported with, when this torch records them.
    example = getattr(program, "example_inputs", None)
    if not example:
        raise SystemExit("This .pt2 file does not record example inputs: give the input shapes.")
    args = example[0] if isinstance(example, tuple) and len(example) == 2 and isinstance(example[1], dict) else example
    specs = [
        {"name": "input_%d" % i, "dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape)}
        for i, t in enumerate(args)
    ]`;

const EXPORT = `
input_names = [spec["name"] for spec in specs]
rng = np.random.default_rng(SEED)
samples = [random_inputs(np, rng, specs) for _ in range(max(SAMPLES, 1))]


def flatten(y):
    """The model's outputs as a flat list of tensors, in the order torch.onnx.export writes them."""
    if isinstance(y, torch.Tensor):
        return [y]
    if isinstance(y, (list, tuple)):
        return [t for item in y for t in flatten(item)]
    if isinstance(y, dict):
        return [t for item in y.values() for t in flatten(item)]
    raise TypeError("the model returns a %s: only tensors, or lists, tuples and dicts of them, can be exported" % type(y).__name__)


def run(xs):
    with torch.no_grad():
        return flatten(model(*[torch.from_numpy(x) for x in xs]))


step("Running the model once", 2)
first = run(samples[0])
output_names = OUTPUT_NAMES or (["output"] if len(first) == 1 else ["output_%d" % i for i in range(len(first))])
if len(output_names) != len(first):
    raise SystemExit("%d output names were given but the model has %d outputs." % (len(output_names), len(first)))
dynamic_axes = None
if DYNAMIC_BATCH:
    dynamic_axes = {name: {0: "batch"} for name, spec in zip(input_names, specs) if len(spec["shape"]) > 0}
    dynamic_axes.update({name: {0: "batch"} for name, t in zip(output_names, first) if t.dim() > 0})

step("Exporting to ONNX (opset %d)" % OPSET, 3)
torch.onnx.export(
    model,
    tuple(torch.from_numpy(x) for x in samples[0]),
    OUT,
    input_names=input_names,
    output_names=output_names,
    dynamic_axes=dynamic_axes,
    opset_version=OPSET,
)

step("Saving parity samples", 4)
save_parity(np, samples[:SAMPLES], input_names, lambda xs: [t.numpy() for t in run(xs)], output_names)
step("Done", 5)
`;

export function torchScript(s: Omit<ScriptSettings, 'total'>, kind: 'torchscript' | 'torch-export'): string {
  return [
    header({ ...s, total: 5 }),
    'step("Importing torch", 0)',
    'import numpy as np',
    'import torch',
    '',
    kind === 'torchscript' ? LOAD_TORCHSCRIPT : LOAD_EXPORT,
    EXPORT,
  ].join('\n');
}
