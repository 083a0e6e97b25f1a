"""A stand-in for skl2onnx, which Debian does not package: the conversion tests use it to run the
studio's scikit-learn script end to end (loading, the convert_sklearn call as skl2onnx documents
it, the parity files) where the real skl2onnx cannot be installed. It converts a multinomial
LogisticRegression only, with standard ONNX ops, and gives the outputs skl2onnx gives a classifier
with zipmap off: "label" (int64, [N]) and "probabilities" (float32, [N, classes]).
"""
import numpy as np
from onnx import TensorProto, helper, numpy_helper

__version__ = "0.0-test-stand-in"


def convert_sklearn(model, initial_types=None, target_opset=None, options=None, **_):
    from sklearn.linear_model import LogisticRegression

    if not isinstance(model, LogisticRegression):
        raise NotImplementedError("the test stand-in converts LogisticRegression only")
    if not options or options.get(id(model)) != {"zipmap": False}:
        raise ValueError("expected options={id(model): {'zipmap': False}}")
    (name, input_type), = initial_types
    opset = target_opset[""] if isinstance(target_opset, dict) else target_opset
    inits = [
        numpy_helper.from_array(model.coef_.T.astype(np.float32), "coef"),
        numpy_helper.from_array(model.intercept_.astype(np.float32), "intercept"),
        numpy_helper.from_array(model.classes_.astype(np.int64), "classes"),
    ]
    nodes = [
        helper.make_node("MatMul", [name, "coef"], ["mm"]),
        helper.make_node("Add", ["mm", "intercept"], ["logits"]),
        helper.make_node("Softmax", ["logits"], ["probabilities"], axis=1),
        helper.make_node("ArgMax", ["probabilities"], ["index"], axis=1, keepdims=0),
        helper.make_node("Gather", ["classes", "index"], ["label"], axis=0),
    ]
    graph = helper.make_graph(
        nodes,
        "stand_in",
        [helper.make_tensor_value_info(name, TensorProto.FLOAT, input_type.shape)],
        [
            helper.make_tensor_value_info("label", TensorProto.INT64, [None]),
            helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [None, len(model.classes_)]),
        ],
        inits,
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
