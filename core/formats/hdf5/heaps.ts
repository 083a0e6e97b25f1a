// The heaps HDF5 keeps names and variable-length values in (File Format Specification 3.0, III.D,
// III.E, III.G): the local heap of an old-style group (link names), the global heap (variable-length
// strings), and the fractal heap of new-style dense groups and attributes (link and attribute
// messages, found by heap ID). Only the bytes asked for are read; nothing is decompressed.
import type { H5File } from './io';
import { btree2Records } from './btree';
import { MAX_BLOCK, encSize, log2, malformed } from './io';

// ---- Local heap ----

export class LocalHeap {
  private constructor(private readonly data: Buffer) {}

  static read(f: H5File, addr: number): LocalHeap {
    f.tick();
    const head = f.read(addr, 8 + 2 * f.lengthSize + f.offsetSize, 'a local heap');
    const c = f.cursor(head, 'a local heap');
    c.signature('HEAP', f.base + addr);
    c.skip(4); // version, reserved
    const size = c.len();
    c.len(); // free list offset
    const dataAddr = c.addr();
    return new LocalHeap(f.read(dataAddr, size, 'a local heap data segment'));
  }

  /** The NUL-terminated name at `offset` in the data segment. */
  name(offset: number): string {
    if (offset >= this.data.length) throw malformed(`a link name lies at offset ${offset} of a ${this.data.length}-byte local heap`);
    const end = this.data.indexOf(0, offset);
    return this.data.subarray(offset, end < 0 ? this.data.length : end).toString('utf8');
  }
}

// ---- Global heap ----

/** Global heap collections, each read once; objects are found by index. */
export class GlobalHeap {
  private readonly collections = new Map<number, Map<number, Buffer>>();
  constructor(private readonly f: H5File) {}

  object(addr: number, index: number): Buffer {
    let objects = this.collections.get(addr);
    if (!objects) {
      objects = this.readCollection(addr);
      this.collections.set(addr, objects);
    }
    const o = objects.get(index);
    if (!o) throw malformed(`global heap collection at byte ${this.f.base + addr} has no object ${index}`);
    return o;
  }

  private readCollection(addr: number): Map<number, Buffer> {
    const f = this.f;
    f.tick();
    const head = f.read(addr, 8 + f.lengthSize, 'a global heap collection');
    const hc = f.cursor(head, 'a global heap collection');
    hc.signature('GCOL', f.base + addr);
    hc.skip(4);
    const size = hc.len();
    const buf = f.read(addr, size, 'a global heap collection');
    const c = f.cursor(buf, 'a global heap collection', 8 + f.lengthSize);
    const objects = new Map<number, Buffer>();
    while (c.left >= 8 + f.lengthSize) {
      const index = c.u16();
      c.skip(6); // reference count, reserved
      const len = c.len();
      if (index === 0) break; // free space: the rest of the collection
      objects.set(index, c.bytes(len));
      c.skip(Math.min(c.left, (8 - (len % 8)) % 8));
    }
    return objects;
  }
}

// ---- Fractal heap ----

export class FractalHeap {
  private readonly width: number;
  private readonly startSize: number;
  private readonly maxDirectSize: number;
  private readonly maxDirectRows: number;
  private readonly offsetBytes: number;
  private readonly lengthBytes: number;
  private readonly filtered: boolean;
  private readonly checksummed: boolean;
  private readonly root: number;
  private readonly rootRows: number;
  private readonly idLength: number;
  private readonly hugeIndex: number;
  private huge: Map<number, [number, number]> | null = null;

  constructor(
    private readonly f: H5File,
    private readonly addr: number,
  ) {
    const buf = f.readUpTo(addr, 256, 'a fractal heap header');
    const c = f.cursor(buf, 'a fractal heap header');
    c.signature('FRHP', f.base + addr);
    const version = c.u8();
    if (version !== 0) throw malformed(`the fractal heap at byte ${f.base + addr} has version ${version}`);
    this.idLength = c.u16();
    const filterLen = c.u16();
    const flags = c.u8();
    const maxManaged = c.u32();
    c.len(); // next huge ID
    this.hugeIndex = c.addr();
    c.len(); // free space
    c.addr(); // free-space manager
    for (let i = 0; i < 8; i++) c.len(); // managed space, allocated, iterator, counts and sizes
    this.width = c.u16();
    this.startSize = c.len();
    this.maxDirectSize = c.len();
    const maxHeapBits = c.u16();
    c.u16(); // starting rows in the root indirect block
    this.root = c.addr();
    this.rootRows = c.u16();
    if (this.width < 1 || this.width > 65536 || this.startSize < 1 || this.maxDirectSize < this.startSize || maxHeapBits > 64) {
      throw malformed(`the fractal heap at byte ${f.base + addr} has an impossible table (width ${this.width}, block ${this.startSize})`);
    }
    this.filtered = filterLen > 0;
    this.checksummed = (flags & 0x02) !== 0;
    this.maxDirectRows = log2(this.maxDirectSize) - log2(this.startSize) + 2;
    this.offsetBytes = Math.ceil(maxHeapBits / 8);
    this.lengthBytes = Math.min(Math.ceil(log2(this.maxDirectSize) / 8), encSize(maxManaged));
  }

  /** The object a heap ID names: managed (in a direct block) or tiny (inside the ID itself). */
  object(id: Buffer): Buffer {
    const type = (id[0]! >> 4) & 0x03;
    if (type === 2) {
      const len = (id[0]! & 0x0f) + 1;
      if (1 + len > id.length) throw malformed('a tiny fractal heap object is longer than its ID');
      return id.subarray(1, 1 + len);
    }
    if (type === 1) return this.hugeObject(id);
    if (this.filtered)
      throw malformed(`the fractal heap at byte ${this.f.base + this.addr} is compressed, which this reader does not follow`);
    const c = this.f.cursor(id, 'a fractal heap ID', 1);
    const offset = c.uint(this.offsetBytes);
    const length = c.uint(this.lengthBytes);
    return this.managed(offset, length);
  }

  /**
   * Objects too big for a direct block (a long attribute) live in their own file space. A long
   * enough ID holds their address and length; otherwise the ID is a key into the heap's version 2
   * B-tree of huge objects (records: address, length, ID).
   */
  private hugeObject(id: Buffer): Buffer {
    const f = this.f;
    if (this.filtered)
      throw malformed(`the fractal heap at byte ${f.base + this.addr} holds a compressed huge object, which this reader does not follow`);
    const c = f.cursor(id, 'a huge fractal heap ID', 1);
    if (this.idLength >= 1 + f.offsetSize + f.lengthSize) {
      const at = c.addr();
      return f.read(at, c.len(), 'a huge fractal heap object');
    }
    const key = c.uint(Math.min(this.idLength - 1, 8));
    if (!this.huge) {
      this.huge = new Map();
      if (!f.isUndefined(this.hugeIndex)) {
        for (const rec of btree2Records(f, this.hugeIndex)) {
          const r = f.cursor(rec, 'a huge object record');
          const at = r.addr();
          const len = r.len();
          this.huge.set(r.len(), [at, len]);
        }
      }
    }
    const found = this.huge.get(key);
    if (!found) throw malformed(`the fractal heap at byte ${f.base + this.addr} has no huge object ${key}`);
    return f.read(found[0], found[1], 'a huge fractal heap object');
  }

  private managed(offset: number, length: number): Buffer {
    if (this.rootRows === 0) return this.direct(this.root, 0, offset, length);
    let block = this.root;
    let rows = this.rootRows;
    let blockOffset = 0;
    for (let depth = 0; depth < 64; depth++) {
      let rowStart = blockOffset;
      for (let r = 0; r < rows; r++) {
        const size = r < 2 ? this.startSize : this.startSize * 2 ** (r - 1);
        if (offset < rowStart + this.width * size) {
          const col = Math.floor((offset - rowStart) / size);
          const childOffset = rowStart + col * size;
          const child = this.entry(block, rows, r * this.width + col);
          if (this.f.isUndefined(child)) throw malformed(`a fractal heap object at offset ${offset} lies in an unallocated block`);
          if (r < this.maxDirectRows) return this.direct(child, childOffset, offset, length);
          block = child;
          rows = log2(size) - log2(this.startSize * this.width) + 1;
          blockOffset = childOffset;
          break;
        }
        rowStart += this.width * size;
        if (r === rows - 1) throw malformed(`a fractal heap object at offset ${offset} lies past the heap's blocks`);
      }
    }
    throw malformed('the fractal heap nests its blocks more than 64 levels deep');
  }

  /** The child block address at entry `i` of an indirect block with `rows` rows. */
  private entry(block: number, rows: number, i: number): number {
    const f = this.f;
    const directRows = Math.min(rows, this.maxDirectRows);
    const directEntry = f.offsetSize + (this.filtered ? f.lengthSize + 4 : 0);
    const head = 4 + 1 + f.offsetSize + this.offsetBytes;
    const at =
      i < directRows * this.width
        ? head + i * directEntry
        : head + directRows * this.width * directEntry + (i - directRows * this.width) * f.offsetSize;
    const sig = f.read(block, 4, 'a fractal heap indirect block').toString('latin1');
    if (sig !== 'FHIB') throw malformed(`the fractal heap block at byte ${f.base + block} should start with "FHIB"`);
    f.tick();
    const buf = f.read(block + at, f.offsetSize, 'a fractal heap indirect block entry');
    return f.cursor(buf, 'a fractal heap indirect block').addr();
  }

  private direct(block: number, blockOffset: number, offset: number, length: number): Buffer {
    const f = this.f;
    f.tick();
    const sig = f.read(block, 4, 'a fractal heap direct block').toString('latin1');
    if (sig !== 'FHDB') throw malformed(`the fractal heap block at byte ${f.base + block} should start with "FHDB"`);
    const header = 4 + 1 + f.offsetSize + this.offsetBytes + (this.checksummed ? 4 : 0);
    const within = offset - blockOffset;
    if (within < header || length > MAX_BLOCK || within + length > this.maxDirectSize) {
      throw malformed(`a fractal heap object (offset ${offset}, ${length} bytes) does not fit its direct block at byte ${f.base + block}`);
    }
    return f.read(block + within, length, 'a fractal heap object');
  }
}
