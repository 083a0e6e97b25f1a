import { describe, expect, it } from 'vitest';
import { filterByName, pageCount, pageOf, sortBySize } from './weight-rows';
import { sortHistogram } from './OpHistogram';

const t = (id: string, byteLength: number) => ({ id, byteLength });

describe('weight rows', () => {
  it('sorts by size then name, filters and pages', () => {
    const list = sortBySize([t('b', 4), t('a', 4), t('big', 400), t('tiny', 1)]);
    expect(list.map((x) => x.id)).toEqual(['big', 'a', 'b', 'tiny']);
    expect(filterByName(list, ' B').map((x) => x.id)).toEqual(['big', 'b']);
    expect(pageCount(0, 50)).toBe(1);
    expect(pageCount(10_001, 50)).toBe(201);
    expect(pageOf(list, 1, 3).map((x) => x.id)).toEqual(['tiny']);
  });
  it('sorts the op histogram by count, then name', () => {
    expect(sortHistogram({ Relu: 2, Conv: 5, Add: 2 })).toEqual([
      ['Conv', 5],
      ['Add', 2],
      ['Relu', 2],
    ]);
  });
});
