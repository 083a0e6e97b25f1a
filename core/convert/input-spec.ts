// Input shapes for a conversion, as the CLI spells them (`--input name:dtype:1x3x224x224`) and as
// checked before they go into a script: the parity samples are allocated from them, in Python,
// SAMPLES times over, so a typo must not ask for terabytes.
import { AppError } from '../../shared/errors';
import { CONVERT_DTYPES, type ConvertDtype, type ConvertInput } from '../../shared/formats/convert-types';

/** Elements in one input: 16 Mi (64 MB as float32) is far beyond any sensible example input. */
export const MAX_INPUT_ELEMENTS = 16 * 1024 * 1024;
const MAX_RANK = 8;

const isDtype = (s: string): s is ConvertDtype => (CONVERT_DTYPES as readonly string[]).includes(s);

/** "input:float32:1x3x224x224" → { name, dtype, shape }. A scalar is "name:dtype:" (empty shape). */
export function parseInputSpec(text: string): ConvertInput {
  const last = text.lastIndexOf(':');
  const mid = last > 0 ? text.lastIndexOf(':', last - 1) : -1;
  if (mid <= 0) {
    throw new AppError(
      'INVALID_REQUEST',
      `"${text}" is not an input spec.`,
      'Write name:dtype:shape, e.g. input:float32:1x3x224x224 (an empty shape for a scalar).',
    );
  }
  const name = text.slice(0, mid);
  const dtype = text.slice(mid + 1, last);
  const dims = text.slice(last + 1).trim();
  const shape = dims === '' ? [] : dims.split(/[x×,]/).map((d) => (/^\d+$/.test(d.trim()) ? Number(d.trim()) : Number.NaN));
  const input = { name, dtype, shape } as ConvertInput;
  checkInputs([input]);
  return input;
}

/** Throws INVALID_REQUEST naming the input and what is wrong with it. */
export function checkInputs(inputs: ConvertInput[]): void {
  const seen = new Set<string>();
  for (const i of inputs) {
    const what = `Input "${i.name}"`;
    if (typeof i.name !== 'string' || i.name.trim() === '')
      throw new AppError('INVALID_REQUEST', 'An input has no name.', 'Name every input.');
    if (seen.has(i.name)) throw new AppError('INVALID_REQUEST', `${what} is given twice.`, 'Give each input once.');
    seen.add(i.name);
    if (!isDtype(i.dtype)) {
      throw new AppError('INVALID_REQUEST', `${what} has dtype "${String(i.dtype)}".`, `Use one of ${CONVERT_DTYPES.join(', ')}.`);
    }
    if (!Array.isArray(i.shape) || i.shape.length > MAX_RANK || !i.shape.every((d) => Number.isSafeInteger(d) && d >= 1)) {
      throw new AppError(
        'INVALID_REQUEST',
        `${what} has shape ${JSON.stringify(i.shape)}.`,
        `Give at most ${MAX_RANK} concrete sizes of at least 1, e.g. 1x3x224x224 (dim 0 is exported as a dynamic batch dim).`,
      );
    }
    const elements = i.shape.reduce((a, b) => a * b, 1);
    if (elements > MAX_INPUT_ELEMENTS) {
      throw new AppError(
        'INVALID_REQUEST',
        `${what} of shape ${i.shape.join('x')} has ${elements} elements, more than ${MAX_INPUT_ELEMENTS} an example input may have.`,
        'Use batch size 1 and the real sizes of one example; dim 0 is exported as a dynamic batch dim anyway.',
      );
    }
  }
}
