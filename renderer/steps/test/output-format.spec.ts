import { describe, expect, it } from 'vitest';
import { parseNpy } from '../../../shared/npy';
import { latencyAxis, niceMax } from './LatencyChart';
import { barFractions, fileNameFor, formatValue, layoutOf, tensorJsonText, tensorNpyBytes } from './output-format';

describe('output formatting', () => {
  it('floats to six significant digits, exponents for the tiny and huge, integers untouched', () => {
    expect(formatValue(0.123456789, 'float32')).toBe('0.123457');
    expect(formatValue(1 / 3, 'float64')).toBe('0.333333');
    expect(formatValue(0.00001234, 'float32')).toBe('1.234e-5');
    expect(formatValue(-2.5e7, 'float32')).toBe('-2.5e+7');
    expect(formatValue(0, 'float32')).toBe('0');
    // eslint-disable-next-line no-loss-of-precision -- the point: a number literal past 2^53 is already rounded
    expect(formatValue(9007199254740993, 'int64')).toBe('9007199254740992');
    expect(formatValue('9007199254740993', 'int64')).toBe('9007199254740993');
    expect(formatValue('NaN', 'float32')).toBe('NaN');
    expect(formatValue(true, 'bool')).toBe('true');
  });

  it('rows along a narrow last dim, labelled by leading indices; a flat run otherwise', () => {
    const m = layoutOf([2, 3, 4]);
    expect([m.cols, m.colHeads, m.rowLabel(0), m.rowLabel(4)]).toEqual([4, [0, 1, 2, 3], '[0,0]', '[1,1]']);
    const v = layoutOf([5]);
    expect([v.cols, v.rowLabel(0)]).toEqual([5, '']);
    const flat = layoutOf([1, 1000]);
    expect([flat.cols, flat.colHeads, flat.rowLabel(2)]).toEqual([10, null, '#20']);
    expect(layoutOf([]).cols).toBe(10);
  });

  it('top-k bars: probabilities as they are, other scores across their range', () => {
    expect(barFractions([0.7, 0.2, 0.1])).toEqual([0.7, 0.2, 0.1]);
    expect(barFractions([4, 2, -4])).toEqual([1, 0.75, 0]);
    expect(barFractions([3, 3])).toEqual([1, 1]);
  });

  it('downloads: the JSON form (docs/architecture.md) and an .npy numpy can read back', () => {
    const t = { type: 'float32' as const, shape: [1, 2], data: [0.5, 'NaN'] };
    expect(tensorJsonText(t)).toBe('{"type":"float32","shape":[1,2],"data":[0.5,"NaN"]}');
    const back = parseNpy(tensorNpyBytes(t, 'y'));
    expect(back.shape).toEqual([1, 2]);
    expect(Array.from(back.data as Float32Array)).toEqual([0.5, Number.NaN]);
    expect(fileNameFor('logits/0:out', 'npy')).toBe('logits_0_out.npy');
    expect(fileNameFor('..', 'json')).toBe('tensor.json');
  });

  it('latency axis: linear from zero for values of one magnitude, log when the tail is 20× the median', () => {
    expect(niceMax(0.73)).toBe(1);
    expect(niceMax(12)).toBe(20);
    const lin = latencyAxis([0.4, 0.5, 0.9]);
    expect([lin.log, lin.ticks, lin.at(0.5)]).toEqual([false, [0, 0.5, 1], 0.5]);
    const log = latencyAxis([0.02, 0.1, 7]);
    expect([log.log, log.ticks]).toEqual([true, [0.01, 0.1, 1, 10]]);
    expect(log.at(0.01)).toBe(0);
    expect(log.at(10)).toBeCloseTo(1, 12);
  });
});
