// What an input holds — image, audio, tokens, features, text or a plain tensor — guessed from its
// signature, with the reason in words so the Metadata step can show it beside the kind and a user can
// overrule it. Image only with evidence: a picture-shaped tensor pulls a preprocessing spec into the
// metadata and the model card, and sharp into the Docker image, so a guess must not make one of
// [1,25,96] audio features or a [N,76,32,1] spectrogram patch.
//
// The rule (inferInputKind):
// - string tensors are text; int tensors of rank 1–2 named like token ids (input_ids, tokens) are tokens;
// - a name, description or ONNX type denotation saying audio or features (waveform, mel, fbank,
//   input_features, embedding…) wins over the shape;
// - image: float or uint8, 1 or 3 channels where NCHW / NHWC (or CHW / HWC) puts them, and
//   · a name hint (image, img, pixel_values…, or "x" with 3 channels), or
//   · 3 channels with both spatial dims ≥ 16 or symbolic, or
//   · 1 channel with fixed, equal spatial dims ≥ 16 (28×28, 48×48). One channel alone is weak:
//     spectrograms and feature maps are 1-channel grids too, and rarely square. A rank-3 tensor whose
//     1 comes first reads as a batch of 1, not as a channel;
// - audio: a float waveform ([T], [N,T], [N,1,T] or [N,T,1], T symbolic or ≥ 16) named like one
//   (audio, waveform, pcm, input_values…) or beside a sample-rate input (sr, sample_rate);
// - features: float, named like features (features, mel, fbank, mfcc, spectrogram, embedding…);
// - anything else is a tensor, and the reason says what was missing.
import type { Dim, ValueInfo } from '../model-summary';
import { inferPreprocessing, type PreprocessingSpec } from '../preprocessing';
import type { IoKind, Metadata } from './schema';

export interface KindGuess {
  kind: IoKind;
  /** One line, e.g. "3 channels at dim 1, 224×224 spatial". */
  reason: string;
}

const MIN_SPATIAL = 16;
const IMAGE_WORDS = new Set([
  'image',
  'images',
  'img',
  'imgs',
  'pixel',
  'pixels',
  'picture',
  'pictures',
  'photo',
  'photos',
  'rgb',
  'bgr',
  'grayscale',
  'greyscale',
]);
const AUDIO_WORDS = new Set(['audio', 'wav', 'wave', 'waveform', 'waveforms', 'pcm', 'speech']);
const FEATURE_WORDS = new Set([
  'features',
  'feature',
  'feats',
  'feat',
  'fbank',
  'fbanks',
  'mel',
  'mels',
  'melspec',
  'melspectrogram',
  'logmel',
  'spectrogram',
  'spectrograms',
  'mfcc',
  'mfccs',
  'embedding',
  'embeddings',
  'embeds',
  'emb',
]);
/** Whole names with a known meaning (Hugging Face's audio input is input_values). */
const AUDIO_NAMES = new Set(['input_values', 'raw_audio', 'audio_values', 'samples']);
const SAMPLE_RATE = /^(sr|sample_?rate|sampling_?rate|sample_rate_hz)$/i;
const TOKEN_IDS = /^(?:.*_)?(?:input|token|decoder_input)_ids$|^ids$|(?:^|_)tokens?$/;

/** "pixel_values" → [pixel, values]; "inputImage:0" → [input, image, 0]. */
function words(s: string): string[] {
  return s
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const snake = (name: string) => words(name).join('_');
const dimText = (d: Dim) => (typeof d === 'number' ? String(d) : '?');
const shapeText = (shape: Dim[]) => `[${shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;
const isFloat = (t: string | undefined) => !!t && /^(b?float(16|32|64))$/.test(t);
const isInt = (t: string | undefined) => !!t && /^u?int(8|16|32|64)$/.test(t);
/** The element types a picture can become (inferPreprocessing's). */
const isPixel = (t: string | undefined) => t === 'float32' || t === 'float16' || t === 'float64' || t === 'uint8';

type Hint = { kind: 'image' | 'audio' | 'features'; why: string };

/** What the name says, else the description, else the ONNX type denotation (IMAGE, AUDIO). */
function hintOf(input: ValueInfo): Hint | null {
  const fromWords = (ws: string[], why: string): Hint | null => {
    if (ws.some((w) => FEATURE_WORDS.has(w))) return { kind: 'features', why };
    if (ws.some((w) => AUDIO_WORDS.has(w))) return { kind: 'audio', why };
    if (ws.some((w) => IMAGE_WORDS.has(w))) return { kind: 'image', why };
    return null;
  };
  const name = snake(input.name);
  if (AUDIO_NAMES.has(name)) return { kind: 'audio', why: `named "${input.name}"` };
  const byName = fromWords(words(input.name), `named "${input.name}"`);
  if (byName) return byName;
  const byDoc = input.docString ? fromWords(words(input.docString), 'its description says so') : null;
  if (byDoc) return byDoc;
  const den = input.type.denotation?.toUpperCase();
  if (den === 'IMAGE') return { kind: 'image', why: 'its ONNX type denotation is IMAGE' };
  if (den === 'AUDIO') return { kind: 'audio', why: 'its ONNX type denotation is AUDIO' };
  return null;
}

/** Where a picture's channels would be (the same layout choice as inferPreprocessing). */
interface Layout {
  spec: PreprocessingSpec;
  channels: 1 | 3;
  channelDim: number;
  h: Dim;
  w: Dim;
}

function pictureLayout(input: ValueInfo): Layout | null {
  const spec = inferPreprocessing(input);
  const shape = input.type.shape;
  if (!spec || !shape) return null;
  const off = spec.batch ? 1 : 0;
  const [a, b, c] = shape.slice(off) as [Dim, Dim, Dim];
  return spec.layout === 'NCHW'
    ? { spec, channels: spec.channelOrder === 'GRAY' ? 1 : 3, channelDim: off, h: b, w: c }
    : { spec, channels: spec.channelOrder === 'GRAY' ? 1 : 3, channelDim: off + 2, h: a, w: b };
}

/**
 * The kind an input most likely has, and why. `siblings` are the model's other inputs: a
 * sample-rate input beside a float waveform is evidence of audio. Pure; the Metadata step, the
 * derived metadata and anything deciding on pictures use this one function.
 */
export function inferInputKind(input: ValueInfo, siblings: readonly ValueInfo[] = []): KindGuess {
  const t = input.type;
  if (t.kind !== 'tensor') return { kind: 'tensor', reason: `a ${t.kind} (${t.text}), not a tensor` };
  const elem = t.elemType;
  if (elem === 'string') return { kind: 'text', reason: 'string values' };
  const shape = t.shape;
  const hint = hintOf(input);
  if (!shape)
    return hint && hint.kind !== 'image' && isFloat(elem)
      ? { kind: hint.kind, reason: `${hint.why}; the rank is unknown` }
      : { kind: 'tensor', reason: 'the rank is unknown' };
  const rank = shape.length;

  if (isInt(elem) && rank >= 1 && rank <= 2 && TOKEN_IDS.test(snake(input.name))) {
    return { kind: 'tokens', reason: `${elem} ${shapeText(shape)} named "${input.name}": token ids` };
  }

  // A picture-shaped tensor that fell short says what it lacked, unless another kind fits better.
  let pictureMiss: KindGuess | null = null;
  const layout = pictureLayout(input);
  if (layout && !(hint && hint.kind !== 'image' && isFloat(elem))) {
    const image = imageVerdict(input, layout, hint);
    if (image.kind === 'image') return image;
    pictureMiss = image;
  }

  if (isFloat(elem)) {
    const wave = waveform(shape);
    const sr = siblings.find((s) => s.name !== input.name && SAMPLE_RATE.test(s.name));
    if (wave && hint?.kind === 'audio') return { kind: 'audio', reason: `${hint.why}; ${shapeText(shape)} reads as ${wave}` };
    if (wave && sr) return { kind: 'audio', reason: `a sample-rate input "${sr.name}" beside it; ${shapeText(shape)} reads as ${wave}` };
    if (hint && hint.kind !== 'image')
      return { kind: 'features', reason: `${hint.why}${hint.kind === 'audio' ? `, but ${shapeText(shape)} is not a waveform` : ''}` };
  }
  if (pictureMiss) return pictureMiss;
  return { kind: 'tensor', reason: tensorReason(input, shape, hint) };
}

function imageVerdict(input: ValueInfo, l: Layout, hint: Hint | null): KindGuess {
  const where = `${l.channels === 3 ? '3 channels' : '1 channel'} at dim ${l.channelDim}`;
  const dynamic = typeof l.h !== 'number' || typeof l.w !== 'number';
  const spatial = `${dimText(l.h)}×${dimText(l.w)} spatial${dynamic ? ' (dynamic)' : ''}`;
  const byShape = shapeVerdict(input, l, where, spatial, dynamic);
  if (byShape.kind === 'image') return byShape;
  // A name hint is evidence of its own (and lets symbolic or small spatial dims pass).
  const named = hint?.kind === 'image' ? hint.why : l.channels === 3 && input.name === 'x' ? 'named "x"' : null;
  return named ? { kind: 'image', reason: `${named}; ${where}, ${spatial}` } : byShape;
}

/** The shape alone: 3 channels with spatial dims ≥ 16 or symbolic, or 1 channel with equal fixed ones ≥ 16. */
function shapeVerdict(input: ValueInfo, l: Layout, where: string, spatial: string, dynamic: boolean): KindGuess {
  const small = [l.h, l.w].some((d) => typeof d === 'number' && d < MIN_SPATIAL);
  const noHint = 'and no name hint (image, img, pixel_values…)';
  if (l.channels === 3) {
    return small
      ? { kind: 'tensor', reason: `${where}, but ${spatial} is under ${MIN_SPATIAL} ${noHint}` }
      : { kind: 'image', reason: `${where}, ${spatial}` };
  }
  const shape = input.type.shape!;
  if (!l.spec.batch && l.channelDim === 0) {
    return {
      kind: 'tensor',
      reason: `the leading 1 of ${shapeText(shape)} reads as a batch of 1, not a channel; last dim ${dimText(shape[2]!)} is not a channel count (1 or 3)`,
    };
  }
  if (dynamic) return { kind: 'tensor', reason: `${where}, but ${spatial} ${noHint}` };
  if (small) return { kind: 'tensor', reason: `${where}, but ${spatial} is under ${MIN_SPATIAL} ${noHint}` };
  if (l.h !== l.w)
    return { kind: 'tensor', reason: `${where}, but ${spatial} is not square ${noHint}: as likely a spectrogram or feature map` };
  return { kind: 'image', reason: `${where}, ${spatial} (square)` };
}

/** How a float tensor reads as a waveform, or null: [T], [N,T], [N,1,T], [N,T,1] with T symbolic or ≥ 16. */
function waveform(shape: Dim[]): string | null {
  const long = (d: Dim | undefined) => d !== undefined && (typeof d !== 'number' || d >= MIN_SPATIAL);
  if (shape.length === 1 && long(shape[0])) return 'samples';
  if (shape.length === 2 && long(shape[1])) return 'batch × samples';
  if (shape.length === 3 && shape[1] === 1 && long(shape[2])) return 'batch × 1 channel × samples';
  if (shape.length === 3 && shape[2] === 1 && long(shape[1])) return 'batch × samples × 1 channel';
  return null;
}

/** Why a tensor is not a picture (or the other kinds): what its shape and type lack. */
function tensorReason(input: ValueInfo, shape: Dim[], hint: Hint | null): string {
  const elem = input.type.elemType ?? 'undefined';
  const rank = shape.length;
  const cc = (d: Dim | undefined) => d === 1 || d === 3;
  if (rank === 0) return SAMPLE_RATE.test(input.name) ? 'a scalar: the sample rate, by its name' : 'a scalar';
  if (rank <= 2)
    return `rank ${rank} ${shapeText(shape)}: no channel or spatial dims${hint?.kind === 'image' ? `, though ${hint.why}` : ''}`;
  if (rank > 4) return `rank ${rank}: not a picture layout (NCHW / NHWC)`;
  const off = rank === 4 ? 1 : 0;
  const first = shape[off];
  const last = shape[rank - 1];
  if ((cc(first) || cc(last)) && !isPixel(elem))
    return `${elem} values are not pixels (pictures become float32, float16, float64 or uint8)`;
  if (rank === 4) return `dim 1 (${dimText(first!)}) and dim 3 (${dimText(last!)}) are not channel counts (1 or 3)`;
  return `first dim ${dimText(first!)} and last dim ${dimText(last!)} are not channel counts (1 or 3)`;
}

/** The kind an input has in a record: the stored one, else the inferred one. */
export function kindInRecord(input: ValueInfo, metadata: Pick<Metadata, 'inputs'>, siblings: readonly ValueInfo[] = []): IoKind {
  return metadata.inputs[input.name]?.kind ?? inferInputKind(input, siblings).kind;
}

/**
 * How pictures sent for this input become its tensor, or null when it does not take pictures: only
 * an input whose kind (stored, else inferred) is image, through its recorded preprocessing, else the
 * default for its shape. The server decodes BYTES with it and the Docker image brings sharp for it.
 */
export function pictureSpec(input: ValueInfo, metadata: Pick<Metadata, 'inputs'>): PreprocessingSpec | null {
  if (input.type.elemType === 'string' || kindInRecord(input, metadata) !== 'image') return null;
  return metadata.inputs[input.name]?.preprocessing ?? inferPreprocessing(input);
}
