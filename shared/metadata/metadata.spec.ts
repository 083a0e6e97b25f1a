import { describe, expect, it } from 'vitest';
import type { ModelSummary, ValueInfo } from '../model-summary';
import { derivedMetadata, metadataOfModel, slug } from './defaults';
import { renderModelCard } from './model-card';
import { customProps, formatLabels, METADATA_KEY, metadataToProps, versionFromNumber, versionNumber } from './onnx-props';
import { checkMetadata, parseMetadata } from './parse-metadata';
import type { Metadata } from './schema';

const tensor = (name: string, elemType: string, shape: Array<number | string>): ValueInfo =>
  ({ name, type: { kind: 'tensor', elemType, shape, text: `${elemType}[${shape.join(',')}]` } }) as ValueInfo;

function summary(over: Partial<ModelSummary> = {}): ModelSummary {
  return {
    irVersion: 8,
    opsets: [{ domain: '', version: 17 }],
    producer: { name: 'pytorch', version: '2.4.0' },
    domain: '',
    modelVersion: 0,
    docString: 'A small classifier.',
    metadata: {},
    graph: {
      name: 'main_graph',
      inputs: [tensor('pixel_values', 'float32', ['batch', 3, 224, 224])],
      outputs: [tensor('logits', 'float32', ['batch', 1000])],
      nodes: [],
    },
    file: { name: 'ResNet 50 (v2).onnx', bytes: 100 },
    ...over,
  } as ModelSummary;
}

describe('metadata', () => {
  it('derives sensible defaults from what the model says', () => {
    const m = derivedMetadata(
      summary({ metadata: { model_author: 'Ada, Grace', model_license: 'Apache-2.0', labels: '["cat","dog"]' }, modelVersion: 3 }),
    );
    expect(m).toMatchObject({
      name: 'resnet-50-v2',
      title: 'ResNet 50 (v2)',
      version: '3.0.0',
      description: 'A small classifier.',
      authors: ['Ada', 'Grace'],
      license: 'Apache-2.0',
      task: 'classification',
      labels: ['cat', 'dog'],
      provenance: { framework: 'pytorch', frameworkVersion: '2.4.0' },
    });
    expect(m.inputs.pixel_values).toMatchObject({
      kind: 'image',
      preprocessing: { layout: 'NCHW', resize: { mode: 'shorter', size: 224 }, centerCrop: { width: 224, height: 224 } },
    });
    expect(m.outputs.logits).toMatchObject({ kind: 'tensor', postprocessing: { topK: 5 } });
    // A licence that is not an SPDX expression is not carried over (the form asks for one).
    expect(derivedMetadata(summary({ metadata: { model_license: 'see LICENSE file' } })).license).toBe('');
  });

  it('prefers the record stored in the model, and says why when it cannot use it', () => {
    const stored = { ...derivedMetadata(summary()), title: 'Stored title' };
    expect(metadataOfModel(summary({ metadata: { [METADATA_KEY]: JSON.stringify(stored) } }))).toEqual({
      metadata: stored,
      source: 'stored',
    });
    const broken = metadataOfModel(summary({ metadata: { [METADATA_KEY]: JSON.stringify({ ...stored, version: 'one' }) } }));
    expect(broken.source).toBe('derived');
    expect(broken.warning).toContain('"version"');
    expect(metadataOfModel(summary({ metadata: { [METADATA_KEY]: '{oops' } })).warning).toContain('not valid JSON');
  });

  it('names the bad field and what it takes', () => {
    const good = derivedMetadata(summary());
    expect(() => parseMetadata({ ...good, license: 'MIT-ish' })).toThrow(
      'The metadata has an invalid field "license": an SPDX license expression such as Apache-2.0 or MIT.',
    );
    expect(checkMetadata({ ...good, name: 'Has Spaces', version: 'v1', authors: ['a\nb'] }).issues.map((i) => i.path)).toEqual([
      'name',
      'version',
      'authors.0',
    ]);
    expect(checkMetadata({ ...good, license: 'MIT OR Apache-2.0' }).issues).toEqual([]);
    expect(checkMetadata({ ...good, license: 'LicenseRef-Company-Internal' }).issues).toEqual([]);
  });

  it('maps to metadata_props: our record, the mirrors other tools read, doc_string and a packed model_version', () => {
    const m: Metadata = { ...derivedMetadata(summary()), version: '1.2.3', authors: ['Ada'], license: 'MIT', labels: ['a', 'b'] };
    const edit = metadataToProps(m);
    expect(JSON.parse(edit.set[METADATA_KEY]!)).toEqual(m);
    expect(edit.set).toMatchObject({ model_author: 'Ada', model_license: 'MIT', labels: '["a","b"]' });
    expect(edit).toMatchObject({ remove: [], docString: m.description, modelVersion: 1_002_003 });
    expect(metadataToProps({ ...m, authors: [], license: '', labels: [] }).remove).toEqual(['model_author', 'model_license', 'labels']);
    expect(versionNumber('1.0.0-rc.1')).toBeNull();
    expect(versionNumber('0.1000.0')).toBeNull();
    expect(versionFromNumber(1_002_003)).toBe('1.2.3');
    expect(versionFromNumber(7)).toBe('7.0.0');
  });

  it('keeps a mirror the file has as it is while it means the same, and in its format when it changes', () => {
    const m: Metadata = { ...derivedMetadata(summary()), authors: ['Ada', 'Grace'], license: 'MIT', labels: ['a', 'b', 'c'] };
    const same = metadataToProps(m, { existing: { labels: 'a,b,c', model_author: 'Ada; Grace', model_license: ' MIT ', team: 'vision' } });
    expect(Object.keys(same.set)).toEqual([METADATA_KEY]); // nothing mirrored is rewritten
    expect(same.remove).toEqual([]);
    const changed = metadataToProps(
      { ...m, authors: ['Ada', 'Alan'], labels: ['a', 'b', 'd'] },
      { existing: { labels: 'a,b,c', model_author: 'Ada; Grace' } },
    );
    expect(changed.set).toMatchObject({ labels: 'a,b,d', model_author: 'Ada; Alan' });
    expect(metadataToProps({ ...m, labels: ['x', 'y'] }, { existing: { labels: 'a, b' } }).set.labels).toBe('x, y');
    expect(metadataToProps({ ...m, labels: ['x', 'y'] }, { existing: { labels: 'a\nb' } }).set.labels).toBe('x\ny');
    expect(metadataToProps({ ...m, labels: ['x', 'y'] }, { existing: { labels: '["a","b"]' } }).set.labels).toBe('["x","y"]');
    // A label the comma list cannot hold: JSON. A format the user picks wins, even for the same labels.
    expect(metadataToProps({ ...m, labels: ['x,1', 'y'] }, { existing: { labels: 'a,b' } }).set.labels).toBe('["x,1","y"]');
    expect(metadataToProps(m, { existing: { labels: 'a,b,c' }, labelsFormat: 'json' }).set.labels).toBe('["a","b","c"]');
    expect(metadataToProps(m, { existing: { labels: '["a","b","c"]' }, labelsFormat: 'comma' }).set.labels).toBe('a,b,c');
    expect(formatLabels(['', 'b'], 'lines')).toBe('["","b"]'); // a leading blank line would be trimmed away
    expect(formatLabels([' a', 'b'], 'comma')).toBe('[" a","b"]');
  });

  it('sets and removes custom keys, and refuses the keys the studio owns', () => {
    const m = derivedMetadata(summary());
    const edit = metadataToProps(m, { custom: { set: { team: 'vision' }, remove: ['old'] } });
    expect(edit.set.team).toBe('vision');
    expect(edit.remove).toContain('old');
    expect(() => metadataToProps(m, { custom: { set: { labels: 'a' }, remove: [] } })).toThrow('"labels" is written by the studio');
    expect(() => metadataToProps(m, { custom: { set: {}, remove: [METADATA_KEY] } })).toThrow('cannot be set or removed as a custom key');
    expect(() => metadataToProps(m, { custom: { set: { a: '1' }, remove: ['a'] } })).toThrow('both set and removed');
    expect(customProps({ [METADATA_KEY]: '{}', labels: 'a', team: 'vision', 'x.y': '1' })).toEqual({ team: 'vision', 'x.y': '1' });
  });

  it('slugs any title into a usable name', () => {
    expect(slug('  My Model: v2 / final ')).toBe('my-model-v2-final');
    expect(slug('___')).toBe('');
    expect(slug('x'.repeat(300))).toHaveLength(128);
  });

  it('renders a model card with front matter, the IO table and the preprocessing', () => {
    const s = summary();
    const m: Metadata = {
      ...derivedMetadata(s),
      license: 'Apache-2.0',
      tags: ['vision'],
      intendedUse: 'Sorting photos.',
      limitations: 'Not for medical use.',
    };
    const card = renderModelCard(m, s.graph);
    expect(
      card.startsWith('---\nlicense: apache-2.0\nlibrary_name: onnx\npipeline_tag: image-classification\ntags:\n  - onnx\n  - vision\n'),
    ).toBe(true);
    expect(card).toContain('| `pixel_values` | float32 | [batch, 3, 224, 224] | image |');
    expect(card).toContain('- Resize the shorter side to 224 px (bilinear)');
    expect(card).toContain('## Limitations\n\nNot for medical use.');
    expect(renderModelCard({ ...m, modelCard: '# Mine' }, s.graph)).toBe('# Mine');
  });
});
