// B-trees (HDF5 File Format Specification 3.0, III.A): version 1 (old-style group nodes pointing at
// symbol table nodes, and the chunk index of layouts 1–3) and version 2 (the name indexes of dense
// groups and attributes). A child's level must be exactly one below its parent's, so a node that
// points back up is refused, and every node visited counts against the file's budget.
import type { H5File } from './io';
import { encSize, malformed } from './io';
import type { LocalHeap } from './heaps';

const MAX_LEVEL = 64;

interface V1Node {
  level: number;
  keys: Buffer[];
  children: number[];
}

function readV1Node(f: H5File, addr: number, type: number, keySize: number): V1Node {
  f.tick();
  const headSize = 8 + 2 * f.offsetSize;
  const head = f.read(addr, headSize, 'a B-tree node');
  const c = f.cursor(head, 'a B-tree node');
  c.signature('TREE', f.base + addr);
  const nodeType = c.u8();
  if (nodeType !== type) throw malformed(`the B-tree node at byte ${f.base + addr} has type ${nodeType}, expected ${type}`);
  const level = c.u8();
  const entries = c.u16();
  const body = f.read(addr + headSize, entries * (keySize + f.offsetSize) + keySize, 'a B-tree node');
  const b = f.cursor(body, 'a B-tree node');
  const keys: Buffer[] = [];
  const children: number[] = [];
  for (let i = 0; i < entries; i++) {
    keys.push(b.bytes(keySize));
    children.push(b.addr());
  }
  return { level, keys, children };
}

/** Walks a version 1 B-tree from `root`, calling `leaf` for every level-0 child with its key. */
function walkV1(f: H5File, root: number, type: number, keySize: number, leaf: (child: number, key: Buffer) => void): void {
  const seen = new Set<number>();
  const stack: [number, number | null][] = [[root, null]];
  while (stack.length > 0) {
    const [addr, expected] = stack.pop()!;
    if (seen.has(addr)) throw malformed(`the B-tree node at byte ${f.base + addr} is reached twice (a cycle)`);
    seen.add(addr);
    const node = readV1Node(f, addr, type, keySize);
    if (node.level > MAX_LEVEL || (expected !== null && node.level !== expected)) {
      throw malformed(
        `the B-tree node at byte ${f.base + addr} has level ${node.level}${expected === null ? '' : `, expected ${expected}`}`,
      );
    }
    for (let i = node.children.length - 1; i >= 0; i--) {
      if (node.level === 0) leaf(node.children[i]!, node.keys[i]!);
      else stack.push([node.children[i]!, node.level - 1]);
    }
  }
}

/** The links of an old-style group: its B-tree's symbol table nodes, names from the local heap. */
export function symbolTableLinks(f: H5File, btree: number, heap: LocalHeap): { name: string; address: number }[] {
  const out: { name: string; address: number }[] = [];
  const entrySize = 2 * f.offsetSize + 24;
  walkV1(f, btree, 0, f.lengthSize, (snod) => {
    f.tick();
    const head = f.read(snod, 8, 'a symbol table node');
    const c = f.cursor(head, 'a symbol table node');
    c.signature('SNOD', f.base + snod);
    c.skip(2);
    const n = c.u16();
    const body = f.cursor(f.read(snod + 8, n * entrySize, 'a symbol table node'), 'a symbol table node');
    for (let i = 0; i < n; i++) {
      const nameOffset = body.uint(f.offsetSize);
      const address = body.addr();
      body.skip(24); // cache type, reserved, scratch pad
      out.push({ name: heap.name(nameOffset), address });
    }
  });
  return out;
}

/** Bytes a chunked dataset stores: the sum of its chunks' (filtered) sizes from a version 1 chunk B-tree. */
export function chunkBytesV1(f: H5File, btree: number, rank: number): number {
  let total = 0;
  walkV1(f, btree, 1, 8 + 8 * (rank + 1), (_chunk, key) => {
    total += key.readUInt32LE(0);
  });
  return total;
}

// ---- Version 2 ----

/** Every record of a version 2 B-tree, as raw bytes (their layout depends on the tree's type). */
export function btree2Records(f: H5File, addr: number): Buffer[] {
  f.tick();
  const head = f.readUpTo(addr, 64, 'a version 2 B-tree header');
  const c = f.cursor(head, 'a version 2 B-tree header');
  c.signature('BTHD', f.base + addr);
  c.skip(2); // version, type
  const nodeSize = c.u32();
  const recordSize = c.u16();
  const depth = c.u16();
  c.skip(2); // split, merge percents
  const root = c.addr();
  const rootRecords = c.u16();
  if (f.isUndefined(root) || rootRecords === 0) return [];
  if (recordSize === 0 || nodeSize < 10 + recordSize || depth > MAX_LEVEL) {
    throw malformed(`the version 2 B-tree at byte ${f.base + addr} has node size ${nodeSize}, record size ${recordSize}, depth ${depth}`);
  }
  // Field widths in internal nodes follow from the node and record sizes (the library's H5B2__hdr_init).
  const maxLeaf = Math.floor((nodeSize - 10) / recordSize);
  const maxNrecSize = encSize(maxLeaf);
  const cumMax: number[] = [maxLeaf];
  const cumSize: number[] = [0];
  for (let d = 1; d <= depth; d++) {
    const ptr = f.offsetSize + maxNrecSize + (d > 1 ? cumSize[d - 1]! : 0);
    const maxRecs = Math.floor((nodeSize - (10 + ptr)) / (recordSize + ptr));
    cumMax.push((maxRecs + 1) * cumMax[d - 1]! + maxRecs);
    cumSize.push(encSize(cumMax[d]!));
  }
  const out: Buffer[] = [];
  const seen = new Set<number>();
  const stack: [number, number, number][] = [[root, rootRecords, depth]];
  while (stack.length > 0) {
    const [node, nrec, d] = stack.pop()!;
    if (seen.has(node)) throw malformed(`the version 2 B-tree node at byte ${f.base + node} is reached twice (a cycle)`);
    seen.add(node);
    f.tick();
    const buf = f.read(node, nodeSize, 'a version 2 B-tree node');
    const n = f.cursor(buf, 'a version 2 B-tree node');
    n.signature(d === 0 ? 'BTLF' : 'BTIN', f.base + node);
    n.skip(2);
    for (let i = 0; i < nrec; i++) out.push(n.bytes(recordSize));
    if (d === 0) continue;
    for (let i = 0; i <= nrec; i++) {
      const child = n.addr();
      const childRecords = n.uint(maxNrecSize);
      if (d > 1) n.uint(cumSize[d - 1]!);
      stack.push([child, childRecords, d - 1]);
    }
  }
  return out;
}
