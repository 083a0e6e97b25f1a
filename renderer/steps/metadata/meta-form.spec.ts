import { describe, expect, it } from 'vitest';
import type { ModelSummary } from '../../../shared/model-summary';
import { METADATA_KEY } from '../../../shared/metadata/onnx-props';
import { parseMetadata } from '../../../shared/metadata/parse-metadata';
import { METADATA_SCHEMA_VERSION } from '../../../shared/metadata/schema';
import { metadataDiff, shortValue } from './meta-diff';
import { fieldOfIssue, formOf, metadataOf } from './meta-form';

const base = parseMetadata({
  schemaVersion: METADATA_SCHEMA_VERSION,
  name: 'm',
  version: '1.0.0',
  authors: ['Ada'],
  labels: ['a', 'b'],
  inputs: { x: { kind: 'tensor' } },
  outputs: { y: { kind: 'tensor', description: 'scores' } },
});

describe('metadata form', () => {
  it('round-trips metadata through the form unchanged', () => {
    expect(parseMetadata(metadataOf(formOf(base)))).toEqual(base);
  });

  it('reads lists from text: one per line, tags by commas; blanks at the end dropped, inner label holes kept', () => {
    const f = { ...formOf(base), authors: 'Ada\n\n Grace \n', tags: 'vision, , onnx ', labels: 'cat\n\ndog\n\n' };
    expect(metadataOf(f)).toMatchObject({ authors: ['Ada', 'Grace'], tags: ['vision', 'onnx'], labels: ['cat', '', 'dog'] });
  });

  it('keeps an edited card and the io edits', () => {
    const f = { ...formOf(base), card: '# Mine', io: { ...formOf(base).io, y: { description: 'probabilities', kind: 'tensor' as const } } };
    expect(metadataOf(f)).toMatchObject({ modelCard: '# Mine', outputs: { y: { description: 'probabilities' } } });
  });

  it('saves preprocessing only with an image kind; the form keeps it, so turning the input back into an image restores it', () => {
    const img = parseMetadata({ ...base, inputs: { x: { kind: 'image', preprocessing: { channelOrder: 'GRAY' } } } });
    const f = formOf(img);
    const asFeatures = { ...f, io: { ...f.io, x: { description: '', kind: 'features' as const } } };
    expect(parseMetadata(metadataOf(asFeatures)).inputs.x).toEqual({ description: '', kind: 'features' });
    expect(parseMetadata(metadataOf({ ...asFeatures, io: f.io })).inputs.x).toMatchObject({
      kind: 'image',
      preprocessing: { channelOrder: 'GRAY' },
    });
  });

  it('maps schema issue paths to the form field that shows them', () => {
    expect(fieldOfIssue('authors.0')).toBe('authors');
    expect(fieldOfIssue('provenance.revision')).toBe('revision');
    expect(fieldOfIssue('inputs.x.description')).toBe('io:x');
  });

  it('diffs only what changes in the file', () => {
    const summary = { metadata: { model_author: 'Ada', other: 'kept' }, docString: '', modelVersion: 1_000_000 } as unknown as ModelSummary;
    const rows = metadataDiff(summary, base);
    expect(rows.map((r) => r.field)).toEqual([METADATA_KEY, 'labels']);
    expect(shortValue('x'.repeat(100), 10)).toBe('xxxxxxxxx… (100 chars)');
    expect(shortValue(null)).toBe('—');
  });
});
