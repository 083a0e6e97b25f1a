import { describe, expect, it } from 'vitest';
import { OP_CATEGORIES, ONNX_OPS_BY_CATEGORY, OTHER_ONNX_OPS, opCategory, opColour, opTextColour, type OpCategory } from './op-colours';

// Ops added after the onnx release installed here (1.12), which the python cross-check cannot list.
const NEWER_ONNX: Record<string, OpCategory> = {
  Col2Im: 'conv',
  DeformConv: 'conv',
  Attention: 'linear',
  Gelu: 'activation',
  Mish: 'activation',
  Swish: 'activation',
  GroupNormalization: 'normalization',
  RMSNormalization: 'normalization',
  BitwiseAnd: 'elementwise',
  BitwiseNot: 'elementwise',
  RotaryEmbedding: 'elementwise',
  CenterCropPad: 'shape',
  AffineGrid: 'shape',
  TensorScatter: 'shape',
};

// WCAG 2 relative luminance and contrast.
const channel = (c: number) => {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};
const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
const luminance = (hex: string) => {
  const [r, g, b] = rgb(hex).map(channel) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a: string, b: string) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
};

// Colour-vision deficiency simulation (Machado, Oliveira & Fernandes 2009, severity 1) in linear RGB, compared in CIELAB.
const CVD: Record<string, number[][]> = {
  normal: [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};
function lab(hex: string, m: number[][]): number[] {
  const l = rgb(hex).map(channel);
  const [r, g, b] = m.map((row) => Math.min(1, Math.max(0, row[0]! * l[0]! + row[1]! * l[1]! + row[2]! * l[2]!))) as [
    number,
    number,
    number,
  ];
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047),
    y = f(0.2126 * r + 0.7152 * g + 0.0722 * b),
    z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}

describe('op categories', () => {
  // Every op python's onnx knows: test/integration/graph-logic.spec.ts.
  it('newer ops, the main ones by name, and the ai.onnx domain spelled out', () => {
    for (const [op, cat] of Object.entries(NEWER_ONNX)) expect(opCategory(op), op).toBe(cat);
    expect(
      [
        'Conv',
        'MatMul',
        'Gemm',
        'Einsum',
        'Relu',
        'Softmax',
        'BatchNormalization',
        'MaxPool',
        'Add',
        'Reshape',
        'Transpose',
        'Concat',
        'Gather',
        'Slice',
        'ReduceMean',
        'If',
        'Loop',
        'Scan',
        'QuantizeLinear',
      ].map((op) => opCategory(op)),
    ).toEqual([
      'conv',
      'linear',
      'linear',
      'linear',
      'activation',
      'activation',
      'normalization',
      'pooling',
      'elementwise',
      'shape',
      'shape',
      'shape',
      'shape',
      'shape',
      'reduction',
      'control',
      'control',
      'control',
      'quantization',
    ]);
    expect(opCategory('Conv', 'ai.onnx')).toBe('conv');
  });

  it('each standard op is in exactly one category', () => {
    const seen = new Map<string, string>();
    for (const [cat, ops] of Object.entries(ONNX_OPS_BY_CATEGORY)) {
      for (const op of ops) {
        expect(seen.get(op), `${op} in ${cat} and ${seen.get(op)}`).toBeUndefined();
        seen.set(op, cat);
      }
    }
    for (const op of OTHER_ONNX_OPS) expect(seen.has(op), op).toBe(false);
  });

  it('com.microsoft ops: transformer fusions, 4-bit MatMul, QLinear forms by the op they quantize; unknown custom ops are other', () => {
    const ms = (op: string) => opCategory(op, 'com.microsoft');
    expect([
      ms('SkipLayerNormalization'),
      ms('MultiHeadAttention'),
      ms('MatMulNBits'),
      ms('FastGelu'),
      ms('QLinearAdd'),
      ms('QLinearLeakyRelu'),
      ms('QLinearConv'),
      ms('QuantizeLinear'),
      ms('FusedConv'),
      ms('Conv'),
      ms('NoSuchOp'),
    ]).toEqual([
      'normalization',
      'linear',
      'linear',
      'activation',
      'elementwise',
      'activation',
      'conv',
      'quantization',
      'conv',
      'conv',
      'other',
    ]);
    expect(opCategory('MyCustomThing', 'org.example')).toBe('other');
    expect(opCategory('LinearClassifier', 'ai.onnx.ml')).toBe('linear');
  });

  it('colours: one per category, legible text (≥ 4.5:1), visible on both themes, apart under colour-vision deficiencies', () => {
    expect(OP_CATEGORIES.map((c) => c.id).sort()).toEqual([
      'activation',
      'control',
      'conv',
      'elementwise',
      'linear',
      'normalization',
      'other',
      'pooling',
      'quantization',
      'reduction',
      'shape',
    ]);
    expect(new Set(OP_CATEGORIES.map((c) => c.colour)).size).toBe(OP_CATEGORIES.length);
    for (const c of OP_CATEGORIES) {
      expect(contrast(c.colour, c.text), `${c.id} text`).toBeGreaterThanOrEqual(4.5);
      // Against the light page (#ffffff) and the dark one (#0e1015): never close to either.
      expect(contrast(c.colour, '#ffffff'), `${c.id} on light`).toBeGreaterThanOrEqual(2.3);
      expect(contrast(c.colour, '#0e1015'), `${c.id} on dark`).toBeGreaterThanOrEqual(2.5);
    }
    for (const [vision, m] of Object.entries(CVD)) {
      let min = Infinity;
      let pair = '';
      for (let i = 0; i < OP_CATEGORIES.length; i++) {
        for (let j = i + 1; j < OP_CATEGORIES.length; j++) {
          const [a, b] = [lab(OP_CATEGORIES[i]!.colour, m), lab(OP_CATEGORIES[j]!.colour, m)];
          const d = Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);
          if (d < min) {
            min = d;
            pair = `${OP_CATEGORIES[i]!.id}/${OP_CATEGORIES[j]!.id}`;
          }
        }
      }
      expect(min, `${vision}: ${pair}`).toBeGreaterThanOrEqual(20);
    }
    expect(opColour('Conv')).toBe(OP_CATEGORIES.find((c) => c.id === 'conv')!.colour);
    expect(opTextColour('MaxPool')).toBe('#ffffff');
  });
});
