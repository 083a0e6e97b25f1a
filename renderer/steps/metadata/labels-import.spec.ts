import { describe, expect, it } from 'vitest';
import { LabelsFileError, labelsFromFile } from './labels-import';

describe('labelsFromFile', () => {
  it('reads a .txt file one label per line, keeping inner blanks and dropping the trailing newline', () => {
    expect(labelsFromFile('synset.txt', '\uFEFFtench\r\ngoldfish\n\ngreat white shark\n')).toEqual([
      'tench',
      'goldfish',
      '',
      'great white shark',
    ]);
  });

  it('reads a JSON array, an {index: label} object and Keras imagenet_class_index.json', () => {
    expect(labelsFromFile('l.json', '["cat", "dog"]')).toEqual(['cat', 'dog']);
    expect(labelsFromFile('l.json', '{"1": "dog", "0": "cat"}')).toEqual(['cat', 'dog']);
    expect(labelsFromFile('imagenet_class_index.json', '{"0": ["n01440764", "tench"], "1": ["n01443537", "goldfish"]}')).toEqual([
      'tench',
      'goldfish',
    ]);
  });

  it('reads a CSV with one column or index,label rows, with or without a header, quotes kept', () => {
    expect(labelsFromFile('l.csv', 'label\ncat\ndog\n')).toEqual(['cat', 'dog']);
    expect(labelsFromFile('l.csv', 'index,label\n1,dog\n0,cat\n2,"hot dog, hotdog"\n')).toEqual(['cat', 'dog', 'hot dog, hotdog']);
    expect(labelsFromFile('l.csv', '0,cat\n1,dog\n')).toEqual(['cat', 'dog']);
  });

  it('says what was expected when a file is not a list of labels', () => {
    expect(() => labelsFromFile('l.json', '{"a": 1')).toThrow(/l\.json is not valid JSON/);
    expect(() => labelsFromFile('l.json', '{"zero": "cat"}')).toThrow(
      'l.json must hold an array of labels or an {index: label} object. Key "zero" is not a class index.',
    );
    expect(() => labelsFromFile('l.json', '{"0": "cat", "2": "bird"}')).toThrow('l.json has no label for class 1.');
    expect(() => labelsFromFile('l.json', '42')).toThrow(LabelsFileError);
    expect(() => labelsFromFile('empty.txt', '\n')).toThrow('empty.txt holds no labels.');
  });
});
