// Keras (.keras, .h5) and TFLite models → tf2onnx, through its Python API (the same conversion as
// `python -m tf2onnx.convert --keras/--tflite`, which the plan shows for running by hand) so the
// script controls input shapes and keeps the loaded model for the parity outputs.
import { header, type ScriptSettings } from '../py-source';

const IMPORTS = `step("Importing TensorFlow and tf2onnx", 0)
import numpy as np
import tensorflow as tf
import tf2onnx
`;

const KERAS = `
step("Loading the Keras model", 1)
# Safe mode refuses to deserialize a Lambda layer's Python code. Keras before 2.13 has no safe
# mode: a legacy .h5 with a Lambda layer then runs that layer's marshalled bytecode when loaded.
try:
    model = tf.keras.models.load_model(SRC, compile=False, safe_mode=True)
except TypeError:
    model = tf.keras.models.load_model(SRC, compile=False)

specs = INPUTS
if specs is None:
    specs = [
        {
            "name": getattr(t, "name", "input_%d" % i).split(":")[0],
            "dtype": tf.as_dtype(t.dtype).name,
            "shape": [d if d is not None else 1 for d in t.shape],
        }
        for i, t in enumerate(model.inputs)
    ]
input_names = [spec["name"] for spec in specs]
signature = [
    tf.TensorSpec([None if DYNAMIC_BATCH and i == 0 else d for i, d in enumerate(spec["shape"])], tf.as_dtype(spec["dtype"]), name=spec["name"])
    for spec in specs
]

step("Converting with tf2onnx (opset %d)" % OPSET, 2)
onx, _ = tf2onnx.convert.from_keras(model, input_signature=signature, opset=OPSET, output_path=OUT)
onnx_inputs = [i.name for i in onx.graph.input]
output_names = [o.name for o in onx.graph.output]


def outputs_of(xs):
    y = model(xs[0] if len(xs) == 1 else list(xs), training=False)
    return [np.asarray(t) for t in tf.nest.flatten(y)]


step("Saving parity samples", 3)
rng = np.random.default_rng(SEED)
samples = [random_inputs(np, rng, specs) for _ in range(SAMPLES)]
# tf2onnx names the ONNX inputs after the signature; by position when it renamed them.
save_parity(np, samples, input_names if set(input_names) == set(onnx_inputs) else onnx_inputs, outputs_of, output_names)
step("Done", 4)
`;

const TFLITE = `
step("Loading the TFLite model", 1)
interpreter = tf.lite.Interpreter(model_path=SRC)
details = interpreter.get_input_details()
specs = INPUTS
if specs is None:
    specs = [
        {"name": d["name"], "dtype": np.dtype(d["dtype"]).name, "shape": [int(x) if x > 0 else 1 for x in d.get("shape_signature", d["shape"])]}
        for d in details
    ]
if len(specs) != len(details):
    raise SystemExit("The model has %d inputs; %d were given." % (len(details), len(specs)))
for d, spec in zip(details, specs):
    if list(d["shape"]) != list(spec["shape"]):
        interpreter.resize_tensor_input(d["index"], spec["shape"])
interpreter.allocate_tensors()

step("Converting with tf2onnx (opset %d)" % OPSET, 2)
onx, _ = tf2onnx.convert.from_tflite(SRC, opset=OPSET, output_path=OUT)
onnx_inputs = [i.name for i in onx.graph.input]
output_names = [o.name for o in onx.graph.output]
tflite_inputs = [d["name"] for d in details]
tflite_outputs = [d["name"] for d in interpreter.get_output_details()]


def outputs_of(xs):
    for d, x in zip(details, xs):
        interpreter.set_tensor(d["index"], x)
    interpreter.invoke()
    by_name = {d["name"]: interpreter.get_tensor(d["index"]) for d in interpreter.get_output_details()}
    # tf2onnx keeps the TFLite tensor names; by position when it did not.
    if set(output_names) == set(tflite_outputs):
        return [by_name[n] for n in output_names]
    return [interpreter.get_tensor(d["index"]) for d in interpreter.get_output_details()]


step("Saving parity samples", 3)
rng = np.random.default_rng(SEED)
samples = [random_inputs(np, rng, specs) for _ in range(SAMPLES)]
names = tflite_inputs if set(tflite_inputs) == set(onnx_inputs) else onnx_inputs
save_parity(np, samples, names, outputs_of, output_names)
step("Done", 4)
`;

export function tfScript(s: Omit<ScriptSettings, 'total'>, kind: 'keras' | 'tflite'): string {
  return [header({ ...s, total: 4 }), IMPORTS, kind === 'keras' ? KERAS : TFLITE].join('\n');
}
