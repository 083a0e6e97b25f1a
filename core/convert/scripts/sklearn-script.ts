// A scikit-learn estimator or pipeline in a pickle or joblib file → skl2onnx's convert_sklearn.
// Loading it means unpickling it: the script only runs after the static scan said safe.
import { header, type ScriptSettings } from '../py-source';

const BODY = `
step("Loading the model", 1)
# SAFETY: loading a pickle or joblib file unpickles it, and unpickling can run any code the file
# names. This is allowed here only because Modelcrate's static scan of this very file found that it
# imports nothing but known scikit-learn, numpy and joblib callables (verdict: safe).
if JOBLIB:
    import joblib
    model = joblib.load(SRC)
else:
    import pickle
    with open(SRC, "rb") as f:
        model = pickle.load(f)
if not isinstance(model, sklearn.base.BaseEstimator):
    raise SystemExit("The file holds a %s.%s, not a scikit-learn model; only scikit-learn models convert with skl2onnx."
                     % (type(model).__module__, type(model).__name__))

specs = INPUTS
if specs is None:
    features = getattr(model, "n_features_in_", None)
    if features is None:
        raise SystemExit("The model does not say how many features it takes (no n_features_in_): give the input shape.")
    specs = [{"name": "input", "dtype": "float32", "shape": [4, int(features)]}]
if len(specs) != 1:
    raise SystemExit("Only models with one input table convert here; %d inputs were given." % len(specs))
spec = specs[0]
TENSOR_TYPES = {
    "float32": data_types.FloatTensorType,
    "float64": data_types.DoubleTensorType,
    "int64": data_types.Int64TensorType,
    "int32": data_types.Int32TensorType,
    "bool": data_types.BooleanTensorType,
}
if spec["dtype"] not in TENSOR_TYPES:
    raise SystemExit("skl2onnx takes float32, float64, int64, int32 or bool inputs, not %s." % spec["dtype"])
shape = [None if DYNAMIC_BATCH else spec["shape"][0]] + list(spec["shape"][1:])

step("Converting with skl2onnx (opset %d)" % OPSET, 2)
# Classifiers give their probabilities as a plain tensor rather than a list of dicts (ZipMap),
# which onnxruntime-node cannot return.
final = model
while hasattr(final, "steps"):
    final = final.steps[-1][1]
options = {id(final): {"zipmap": False}} if sklearn.base.is_classifier(final) else None
onx = convert_sklearn(
    model,
    initial_types=[(spec["name"], TENSOR_TYPES[spec["dtype"]](shape))],
    target_opset={"": OPSET, "ai.onnx.ml": 3},
    options=options,
)
with open(OUT, "wb") as f:
    f.write(onx.SerializeToString())
output_names = [o.name for o in onx.graph.output]
output_ranks = [len(o.type.tensor_type.shape.dim) for o in onx.graph.output]


def outputs_of(xs):
    X = xs[0]
    if len(output_names) == 2 and hasattr(model, "predict_proba"):
        ys = [model.predict(X), model.predict_proba(X)]
    elif len(output_names) == 2 and hasattr(model, "transform"):
        ys = [model.predict(X), model.transform(X)]
    elif hasattr(model, "predict"):
        ys = [model.predict(X)]
    else:
        ys = [model.transform(X)]
    # Regressors give (n,); skl2onnx's output is (n, 1).
    return [np.asarray(y).reshape(len(X), -1) if rank == 2 and np.ndim(y) == 1 else np.asarray(y) for y, rank in zip(ys, output_ranks)]


step("Saving parity samples", 3)
rng = np.random.default_rng(SEED)
samples = [random_inputs(np, rng, [spec]) for _ in range(SAMPLES)]
save_parity(np, samples, [spec["name"]], outputs_of, output_names)
step("Done", 4)
`;

export function sklearnScript(s: Omit<ScriptSettings, 'total'>, joblib: boolean): string {
  return [
    header({ ...s, total: 4 }),
    `JOBLIB = ${joblib ? 'True' : 'False'}  # a joblib dump (else a plain pickle)`,
    '',
    'step("Importing scikit-learn and skl2onnx", 0)',
    'import numpy as np',
    'import sklearn.base',
    'from skl2onnx import convert_sklearn',
    'from skl2onnx.common import data_types',
    BODY,
  ].join('\n');
}
