import { describe, expect, it } from 'vitest';
import { MAX_SAMPLES } from './manifest';
import { DiffSamplesSchema, parseSampleFile, SamplesSchema } from './sample';

const sample = (name: string) => ({ name, inputs: { x: { shape: [2], data: new Float32Array([1, 2]) } } });

describe('golden samples: one schema, one set of limits', () => {
  it('takes as many samples as a bundle holds (an opened bundle packs again), no more', () => {
    const many = Array.from({ length: MAX_SAMPLES }, (_, i) => sample(`s${i}`));
    expect(SamplesSchema.safeParse(many).success).toBe(true);
    expect(SamplesSchema.safeParse([...many, sample('one-more')]).success).toBe(false);
    expect(DiffSamplesSchema.safeParse([...many, sample('one-more')]).success).toBe(false);
  });

  it('names packed samples as files; model.diff takes the names the user typed', () => {
    expect(SamplesSchema.safeParse([sample('cat-1')]).success).toBe(true);
    expect(SamplesSchema.safeParse([sample('my cat')]).success).toBe(false);
    expect(DiffSamplesSchema.safeParse([sample('my cat')]).success).toBe(true);
    expect(DiffSamplesSchema.safeParse([sample('')]).success).toBe(false);
  });

  it('checks tensor names and ranks the same way in calls and files', () => {
    const rank65 = { shape: new Array(65).fill(1), data: [1] };
    expect(SamplesSchema.safeParse([{ name: 'a', inputs: { x: rank65 } }]).success).toBe(false);
    expect(SamplesSchema.safeParse([{ name: 'a', inputs: { '': { shape: [1], data: [1] } } }]).success).toBe(false);
    const file = (t: object) => ({ inputs: { x: t }, outputs: {} });
    expect(parseSampleFile(file({ type: 'float32', shape: [1], data: [1] }), 's.json').inputs.x!.data).toEqual([1]);
    expect(() => parseSampleFile(file({ type: 'float32', shape: new Array(65).fill(1), data: [1] }), 's.json')).toThrow(
      /BUNDLE_INVALID|invalid field "inputs.x.shape"/,
    );
    expect(() => parseSampleFile(file({ shape: [1], data: [1] }), 's.json')).toThrow(/invalid field "inputs.x.type"/);
  });
});
