// Protobuf rules the reader must follow: varint / int64 edges, any field order, split and unpacked
// repeated fields, unknown fields of every wire type, merged message records, last scalar wins —
// and the same answers whatever the read window size.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModelSummary } from '../../shared/model-summary';
import { INT64_MAX, INT64_MIN, UINT64_MAX } from '../../test/fixtures/attribute-models';
import { VALID_FIXTURES } from '../../test/fixtures/models';
import { OnnxEncoder, encodeModel, vi } from '../../test/fixtures/onnx-writer';
import { Pb, tagBytes, varintBytes } from '../../test/fixtures/protobuf';
import type { EncodeOptions } from '../../test/fixtures/protobuf';
import { suiteDir } from '../../test/fixtures/tmp';
import { openFileSource } from './file-source';
import { readModelSummary } from './reader';
import { Wire, int64Value, uint64Value } from './wire';

const dir = suiteDir('wire');
let n = 0;
const file = (bytes: Uint8Array): string => {
  const p = join(dir, `f${n++}.bin`);
  writeFileSync(p, bytes);
  return p;
};

/** The summary without byte positions, which legitimately change with the encoding. */
function positionless(s: ModelSummary): unknown {
  return JSON.parse(JSON.stringify(s, (k, v) => (k === 'location' || k === 'file' ? undefined : v)));
}

describe('Wire', () => {
  const edges: Array<bigint> = [
    0n,
    1n,
    127n,
    128n,
    300n,
    2n ** 49n - 1n,
    2n ** 49n,
    2n ** 53n - 1n,
    2n ** 53n,
    2n ** 53n + 1n,
    INT64_MAX,
    -1n,
    -2n,
    -(2n ** 53n) - 1n,
    INT64_MIN,
  ];

  for (const windowBytes of [16, 23, 1 << 20]) {
    it(`int64 varints decode exactly (window ${windowBytes})`, () => {
      const src = openFileSource(file(Buffer.concat(edges.map((v) => varintBytes(v)))));
      const w = new Wire(src, windowBytes);
      const got = edges.map(() => int64Value(w.varint64()));
      src.close();
      expect(got).toEqual(edges.map((v) => (v >= -(2n ** 53n) + 1n && v <= 2n ** 53n - 1n ? Number(v) : v.toString())));
      expect(varintBytes(-1n)).toHaveLength(10); // negative int64 always takes 10 bytes
    });
  }

  it('uint64 beyond 2^53 is a decimal string', () => {
    const src = openFileSource(file(Buffer.concat([varintBytes(UINT64_MAX), varintBytes(5)])));
    const w = new Wire(src);
    expect([uint64Value(w.varint64()), uint64Value(w.varint64())]).toEqual(['18446744073709551615', 5]);
    src.close();
  });

  it('a varint longer than 10 bytes is MALFORMED; one cut by the end of file is TRUNCATED', () => {
    const src = openFileSource(file(Uint8Array.from([...new Array(11).fill(0xff), 0x01])));
    expect(() => new Wire(src).uint()).toThrow(expect.objectContaining({ code: 'MALFORMED' }));
    src.close();
    const cut = openFileSource(file(Uint8Array.from([0x96])));
    expect(() => new Wire(cut).uint()).toThrow(expect.objectContaining({ code: 'TRUNCATED' }));
    cut.close();
  });
});

describe('protobuf rules on whole models', () => {
  const variants: Array<[string, EncodeOptions]> = [
    ['fields in reverse order', { shuffle: true }],
    ['packed fields split in two records', { splitPacked: true }],
    ['repeated scalars unpacked', { unpacked: true }],
    ['all of them', { shuffle: true, splitPacked: true, unpacked: true }],
  ];
  for (const [label, enc] of variants) {
    it(`${label}: same summary for every fixture`, async () => {
      for (const f of VALID_FIXTURES) {
        const plain = await readModelSummary(f.build(dir));
        const other = await readModelSummary(f.build(dir, enc), { windowBytes: 64 });
        expect(positionless(other), f.name).toEqual(positionless(plain));
      }
    });
  }

  it('unknown fields of every wire type are skipped at every level', async () => {
    const enc = new OnnxEncoder();
    const junk = (p: Pb) =>
      p.varint(1000, -1).double(1001, 1.5).float(1002, 2.5).bytes(1003, 'ignored').message(1004, new Pb().varint(1, 1));
    const node = junk(enc.node({ opType: 'Relu', inputs: ['x'], outputs: ['y'] }));
    const graph = junk(
      new Pb()
        .message(1, node)
        .bytes(2, 'g')
        .message(11, junk(enc.valueInfo(vi('x', 'float32', [1]))))
        .message(12, enc.valueInfo(vi('y', 'float32', [1]))),
    );
    const model = junk(new Pb().varint(1, 8))
      .message(7, graph)
      .message(8, enc.opset({ domain: '', version: 17 }));
    const s = await readModelSummary(file(model.toBuffer()));
    expect(s.graph.nodes).toEqual([{ name: '', opType: 'Relu', domain: '', inputs: ['x'], outputs: ['y'], attributes: [] }]);
    expect(s.graph.inputs.map((v) => v.type.text)).toEqual(['float32[1]']);
  });

  it('last scalar wins; repeated metadata keys keep the last value; graph records merge', async () => {
    const enc = new OnnxEncoder();
    const part1 = new Pb()
      .message(1, enc.node({ opType: 'Relu', inputs: ['x'], outputs: ['h'] }))
      .bytes(2, 'first')
      .message(11, enc.valueInfo(vi('x', 'float32', [1])));
    const part2 = new Pb()
      .message(1, enc.node({ opType: 'Neg', inputs: ['h'], outputs: ['y'] }))
      .bytes(2, 'second')
      .message(12, enc.valueInfo(vi('y', 'float32', [1])));
    const model = new Pb()
      .varint(1, 7)
      .message(7, part1)
      .bytes(2, 'a')
      .bytes(2, 'b')
      .varint(1, 8)
      .message(14, new Pb().bytes(1, 'k').bytes(2, 'old'))
      .message(14, new Pb().bytes(1, 'k').bytes(2, 'new'))
      .message(7, part2)
      .message(8, enc.opset({ version: 17 }));
    const s = await readModelSummary(file(model.toBuffer()));
    expect(s.irVersion).toBe(8);
    expect(s.producer.name).toBe('b');
    expect(s.metadata).toEqual({ k: 'new' });
    expect(s.graph.name).toBe('second');
    expect(s.graph.nodes.map((x) => x.opType)).toEqual(['Relu', 'Neg']);
    expect([s.graph.inputs.length, s.graph.outputs.length]).toEqual([1, 1]);
  });

  it('dims and typed data may mix packed and unpacked records', async () => {
    const t = new Pb()
      .varint(1, 2)
      .raw(Buffer.concat([tagBytes(1, 2), varintBytes(1), varintBytes(3)]))
      .varint(2, 7)
      .raw(Buffer.concat([tagBytes(7, 2), varintBytes(2), varintBytes(1), varintBytes(2)]))
      .varints(7, [3, 4])
      .varint(7, 5)
      .varint(7, 6)
      .bytes(8, 'mixed');
    const graph = new Pb()
      .message(1, new Pb().bytes(2, 'y').bytes(4, 'Constant').message(5, new Pb().bytes(1, 'value').message(5, t).varint(20, 4)))
      .bytes(2, 'g')
      .message(12, new OnnxEncoder().valueInfo(vi('y', 'int64', [2, 3])));
    const s = await readModelSummary(file(new Pb().varint(1, 8).message(7, graph).message(8, new Pb().varint(2, 17)).toBuffer()));
    const value = s.graph.nodes[0]!.attributes[0]!;
    expect(value).toMatchObject({ type: 'tensor', value: { name: 'mixed', dims: [2, 3], elementCount: 6, values: [1, 2, 3, 4, 5, 6] } });
  });

  it('strings and small raw tensors longer than the window are read whole', async () => {
    const long = 'ß'.repeat(3000);
    const path = file(
      encodeModel({
        docString: long,
        metadata: [['long', long]],
        graph: {
          name: 'g',
          nodes: [
            {
              opType: 'Constant',
              outputs: ['c'],
              attributes: [
                {
                  name: 'value',
                  t: { name: 't', dataType: 'float64', dims: [64], raw: new Uint8Array(new Float64Array(64).fill(0.5).buffer) },
                },
              ],
            },
          ],
        },
      }),
    );
    const s = await readModelSummary(path, { windowBytes: 16 });
    expect(s.docString).toBe(long);
    expect(s.metadata.long).toBe(long);
    expect(s.graph.nodes[0]!.attributes[0]).toMatchObject({ value: { values: new Array(64).fill(0.5) } });
  });

  it('encodeModel round-trip: the writer and reader agree on a tiny model', async () => {
    const s = await readModelSummary(
      file(
        encodeModel({
          graph: {
            name: 'tiny',
            inputs: [vi('a', 'bool', [])],
            outputs: [vi('a2', 'bool', [])],
            nodes: [{ opType: 'Not', inputs: ['a'], outputs: ['a2'] }],
          },
        }),
      ),
    );
    expect(s.graph.inputs[0]!.type.text).toBe('bool[]');
  });
});
