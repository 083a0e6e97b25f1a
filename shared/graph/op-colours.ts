// Op-type colours for the graph view, its legend and the SVG export. Pure (renderer and CLI).
//
// Decisions:
// - Eleven categories, so no published colour-blind-safe palette (Okabe-Ito has 8) covers them.
//   The colours were chosen by search, starting from Okabe-Ito, for the largest smallest CIELAB
//   distance between any two of them under simulated protanopia, deuteranopia and tritanopia
//   (Machado 2009) as well as normal vision (ΔE ≥ 21 in all four). Colour is never the only cue:
//   every node also carries its op type as text.
// - One colour per category for both themes: the relative luminances lie in 0.09–0.40, dark
//   enough to stand out from a white page and light enough to stand out from the dark one, with
//   the node's border drawn in the theme's text colour where the contrast is low.
// - Text drawn on a category colour uses `text` (black or white, whichever contrasts more, ≥ 4.5:1;
//   op-colours.spec.ts checks the figures).
export type OpCategory =
  | 'conv'
  | 'linear'
  | 'activation'
  | 'normalization'
  | 'pooling'
  | 'elementwise'
  | 'shape'
  | 'reduction'
  | 'control'
  | 'quantization'
  | 'other';

export interface OpCategoryInfo {
  id: OpCategory;
  label: string;
  /** Fill colour (#rrggbb). */
  colour: string;
  /** Text colour on `colour` (#rrggbb). */
  text: string;
}

const DARK = '#000000';
const LIGHT = '#ffffff';

export const OP_CATEGORIES: readonly OpCategoryInfo[] = [
  { id: 'conv', label: 'Convolution', colour: '#2a78f9', text: DARK },
  { id: 'linear', label: 'MatMul, Gemm, attention, RNN', colour: '#a76a0a', text: DARK },
  { id: 'activation', label: 'Activation', colour: '#ff8b00', text: DARK },
  { id: 'normalization', label: 'Normalization', colour: '#58bb92', text: DARK },
  { id: 'pooling', label: 'Pooling', colour: '#6915ff', text: LIGHT },
  { id: 'elementwise', label: 'Elementwise', colour: '#baa858', text: DARK },
  { id: 'shape', label: 'Shape and data movement', colour: '#dc83e5', text: DARK },
  { id: 'reduction', label: 'Reduction', colour: '#9f2359', text: LIGHT },
  { id: 'control', label: 'Control flow', colour: '#7433b1', text: LIGHT },
  { id: 'quantization', label: 'Quantization', colour: '#346126', text: LIGHT },
  { id: 'other', label: 'Other', colour: '#7a8394', text: DARK },
];

const BY_ID = new Map(OP_CATEGORIES.map((c) => [c.id, c]));

const words = (s: string) => s.split(/\s+/).filter(Boolean);

/** ai.onnx (every op of the standard set up to opset 23, old ones included). Ops deliberately left
 *  as 'other' are in OTHER_ONNX_OPS below, so a missing op can be told from a decision. */
const ONNX: Record<Exclude<OpCategory, 'other'>, string> = {
  conv: 'Conv ConvTranspose ConvInteger QLinearConv DeformConv Col2Im',
  linear: 'MatMul Gemm Einsum MatMulInteger QLinearMatMul Det RNN LSTM GRU Attention',
  activation: `Relu LeakyRelu PRelu Elu Selu Celu Sigmoid HardSigmoid HardSwish Swish Tanh Softmax LogSoftmax
    Hardmax Softplus Softsign ThresholdedRelu Gelu Mish Shrink`,
  normalization: `BatchNormalization InstanceNormalization LayerNormalization GroupNormalization
    LpNormalization LRN MeanVarianceNormalization RMSNormalization Dropout`,
  pooling: 'AveragePool MaxPool GlobalAveragePool GlobalMaxPool LpPool GlobalLpPool MaxRoiPool MaxUnpool RoiAlign',
  elementwise: `Add Sub Mul Div Pow Mod Neg Abs Sqrt Exp Log Reciprocal Floor Ceil Round Sign Sin Cos Tan
    Asin Acos Atan Sinh Cosh Asinh Acosh Atanh Erf Clip Max Min Mean Sum Equal Greater GreaterOrEqual
    Less LessOrEqual And Or Xor Not BitShift BitwiseAnd BitwiseOr BitwiseXor BitwiseNot IsNaN IsInf Where
    Cast CastLike Trilu RotaryEmbedding ImageScaler Affine ScaledTanh`,
  shape: `Reshape Transpose Concat Gather GatherElements GatherND Slice Split Squeeze Unsqueeze Flatten
    Expand Tile Pad Shape Size DepthToSpace SpaceToDepth Resize Upsample Scatter ScatterElements ScatterND
    OneHot Compress NonZero ReverseSequence Identity Constant ConstantOfShape Range EyeLike GridSample
    AffineGrid CenterCropPad Crop Unique SequenceAt SequenceConstruct SequenceEmpty SequenceErase
    SequenceInsert SequenceLength SplitToSequence ConcatFromSequence TensorScatter`,
  reduction: `ReduceL1 ReduceL2 ReduceLogSum ReduceLogSumExp ReduceMax ReduceMean ReduceMin ReduceProd
    ReduceSum ReduceSumSquare ArgMax ArgMin CumSum TopK`,
  control: 'If Loop Scan SequenceMap Optional OptionalGetElement OptionalHasElement',
  quantization: 'QuantizeLinear DequantizeLinear DynamicQuantizeLinear',
};

/** ai.onnx ops that are none of the above on purpose: random generators, signal processing,
 *  strings, detection post-processing, losses, image decoding and training. */
export const OTHER_ONNX_OPS: readonly string[] = words(`RandomNormal RandomNormalLike RandomUniform
  RandomUniformLike Bernoulli Multinomial DFT STFT BlackmanWindow HammingWindow HannWindow MelWeightMatrix
  StringNormalizer StringConcat StringSplit RegexFullMatch TfIdfVectorizer NonMaxSuppression
  NegativeLogLikelihoodLoss SoftmaxCrossEntropyLoss ImageDecoder`);

/** ai.onnx.ml: classic ML pipelines (scikit-learn, LightGBM exports). Tree ensembles stay 'other'. */
const ML: Partial<Record<OpCategory, string>> = {
  linear: 'LinearClassifier LinearRegressor SVMClassifier SVMRegressor',
  normalization: 'Normalizer Scaler',
  elementwise: 'Binarizer Imputer',
  shape: 'ArrayFeatureExtractor CastMap CategoryMapper DictVectorizer FeatureVectorizer LabelEncoder OneHotEncoder ZipMap',
};

/** com.microsoft (onnxruntime's contrib ops, what its transformer optimizer and quantizer emit).
 *  Its QLinear* ops are categorised by the op they quantize (QLinearAdd → elementwise). */
const MS: Partial<Record<OpCategory, string>> = {
  conv: 'FusedConv NhwcConv QLinearConvTranspose ConvTransposeWithDynamicPads',
  linear: `Attention MultiHeadAttention GroupQueryAttention PackedAttention PackedMultiHeadAttention
    DecoderAttention DecoderMaskedMultiHeadAttention DecoderMaskedSelfAttention SparseAttention
    LongformerAttention QAttention QOrderedAttention QOrderedMatMul QOrderedLongformerAttention FusedMatMul
    FusedGemm MatMulNBits MatMulBnb4 MatMulFpQ4 QGemm DynamicQuantizeMatMul MatMulIntegerToFloat
    DynamicQuantizeLSTM GemmFastGelu GemmFloat8 MoE QMoE`,
  activation: 'Gelu FastGelu BiasGelu QuickGelu BiasSoftmax Sigmoid QLinearSigmoid Snake',
  normalization: `SkipLayerNormalization SimplifiedLayerNormalization SkipSimplifiedLayerNormalization
    EmbedLayerNormalization GroupNorm SkipGroupNorm BiasDropout BitmaskDropout BitmaskBiasDropout
    LayerNormalization QOrderedLayerNormalization`,
  pooling: 'NhwcMaxPool MaxpoolWithMask QLinearGlobalAveragePool QLinearAveragePool',
  elementwise:
    'BiasAdd BiasSplitGelu ComplexMul ComplexMulConj Inverse Trilu RotaryEmbedding GatedRelativePositionBias RelativePositionBias',
  shape: `GatherND Transpose QLinearConcat QLinearWhere Pad Unique CropAndResize Range ExpandDims Tokenizer
    Rfft Irfft GridSample WordConvEmbedding ImageScaler Crop`,
  reduction: 'QLinearReduceMean',
  quantization: `QuantizeLinear DequantizeLinear QuantizeWithOrder DequantizeWithOrder QuantizeBFP DequantizeBFP
    DynamicQuantizeLinear GatherBlockQuantized`,
};

function table(groups: Partial<Record<OpCategory, string>>): Map<string, OpCategory> {
  const m = new Map<string, OpCategory>();
  for (const [cat, ops] of Object.entries(groups) as Array<[OpCategory, string]>) for (const op of words(ops)) m.set(op, cat);
  return m;
}

const ONNX_TABLE = table(ONNX);
const ML_TABLE = table(ML);
const MS_TABLE = table(MS);

/** The op list per category, for the legend's tooltips and the tests. */
export const ONNX_OPS_BY_CATEGORY: Readonly<Record<Exclude<OpCategory, 'other'>, readonly string[]>> = Object.fromEntries(
  Object.entries(ONNX).map(([k, v]) => [k, words(v)]),
) as Record<Exclude<OpCategory, 'other'>, string[]>;

/** Category of an op by type and domain ('' and 'ai.onnx' are the standard set). Unknown domains
 *  (custom ops, other vendors) fall back to the standard name when it is one (e.g. a vendor's Conv). */
export function opCategory(op: string, domain = ''): OpCategory {
  if (domain === 'ai.onnx.ml') return ML_TABLE.get(op) ?? ONNX_TABLE.get(op) ?? 'other';
  if (domain === 'com.microsoft' || domain === 'com.microsoft.nchwc') {
    const direct = MS_TABLE.get(op) ?? ONNX_TABLE.get(op);
    if (direct) return direct;
    // QLinearAdd, QLinearLeakyRelu…: the quantized form of a standard op.
    if (op.startsWith('QLinear')) return ONNX_TABLE.get(op.slice('QLinear'.length)) ?? 'quantization';
    return 'other';
  }
  return ONNX_TABLE.get(op) ?? 'other';
}

export function categoryInfo(id: OpCategory): OpCategoryInfo {
  return BY_ID.get(id)!;
}

export function opColour(op: string, domain = ''): string {
  return categoryInfo(opCategory(op, domain)).colour;
}

/** The text colour that stays legible on opColour(op, domain). */
export function opTextColour(op: string, domain = ''): string {
  return categoryInfo(opCategory(op, domain)).text;
}
