"""The tensor types of the skl2onnx stand-in: a shape, as skl2onnx's take."""


class _TensorType:
    def __init__(self, shape):
        self.shape = shape


class FloatTensorType(_TensorType):
    pass


class DoubleTensorType(_TensorType):
    pass


class Int64TensorType(_TensorType):
    pass


class Int32TensorType(_TensorType):
    pass


class BooleanTensorType(_TensorType):
    pass
