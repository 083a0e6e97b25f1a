// Walks an HDF5 file from its superblock: every group (old-style symbol tables, compact link
// messages, dense links in a fractal heap), every dataset's dtype, shape, layout and stored size,
// and the attributes of groups. Objects are visited once each by address, in name order, as h5py's
// visititems does, so a hard link back up the tree (a cycle) or a second name for a dataset is
// followed only the first time. Dataset values are never read; chunk indexes are, for their sizes.
import type { FileSource } from '../../onnx/file-source';
import { AppError } from '../../../shared/errors';
import { btree2Records, chunkBytesV1, symbolTableLinks } from './btree';
import { FractalHeap, GlobalHeap, LocalHeap } from './heaps';
import { H5File, HINT, UNDEFINED, malformed } from './io';
import type { Datatype, Layout, Link, RawAttribute } from './messages';
import { attribute, attributeInfo, dataspace, datatype, elementCount, filters, layout, link, linkInfo, symbolTable } from './messages';
import type { Message } from './object-header';
import { MSG, readObjectHeader } from './object-header';
import type { AttrValue } from './values';
import { decodeAttribute } from './values';

export interface H5Dataset {
  /** Path from the root without a leading slash, as h5py names it (a/b/weights). */
  path: string;
  dtype: string;
  /** null for a null dataspace (h5py's Empty). */
  shape: number[] | null;
  /** Bytes stored in the file (compressed size for filtered chunks), null when not computed. */
  bytes: number | null;
  /** Absolute offset of contiguous data. */
  offset?: number;
  layout: Layout['kind'];
  filters: string[];
}

export interface H5Group {
  path: string;
  attrs: Map<string, AttrValue>;
}

export interface H5Tree {
  superblock: number;
  datasets: H5Dataset[];
  /** Every group reached, the root ('') first, with its attributes. */
  groups: H5Group[];
  notes: string[];
}

const SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

export function readHdf5Tree(src: FileSource): H5Tree {
  return new Walker(src).walk();
}

class Walker {
  private readonly f: H5File;
  private readonly heap: GlobalHeap;
  private readonly notes = new Set<string>();

  constructor(private readonly src: FileSource) {
    this.f = new H5File(src);
    this.heap = new GlobalHeap(this.f);
  }

  walk(): H5Tree {
    const { superblock, root } = this.superblock();
    const datasets: H5Dataset[] = [];
    const groups: H5Group[] = [];
    const seen = new Set<number>();
    const stack: { path: string; address: number }[] = [{ path: '', address: root }];
    while (stack.length > 0) {
      const { path, address } = stack.pop()!;
      if (seen.has(address)) continue;
      seen.add(address);
      this.f.tick();
      const messages = readObjectHeader(this.f, address);
      const has = (type: number) => messages.some((m) => m.type === type);
      if (has(MSG.LAYOUT)) {
        datasets.push(this.dataset(path, messages));
      } else if (has(MSG.SYMBOL_TABLE) || has(MSG.LINK_INFO) || has(MSG.LINK) || has(MSG.GROUP_INFO) || path === '') {
        groups.push({ path, attrs: this.attributes(messages, path) });
        const links = this.links(messages, path).filter((l): l is Link & { kind: 'hard' } => l.kind === 'hard');
        links.sort((a, b) => Buffer.compare(Buffer.from(b.name), Buffer.from(a.name))); // popped in ascending order
        for (const l of links) stack.push({ path: path ? `${path}/${l.name}` : l.name, address: l.address });
      }
      // Anything else (a committed datatype) holds no data and no links.
    }
    return { superblock, datasets, groups, notes: [...this.notes] };
  }

  private superblock(): { superblock: number; root: number } {
    const { f, src } = this;
    let at = 0;
    for (; at + 8 <= src.size; at = at === 0 ? 512 : at * 2) {
      const sig = Buffer.alloc(8);
      src.read(sig, 0, 8, at);
      if (sig.equals(SIGNATURE)) break;
    }
    if (at + 8 > src.size) {
      throw new AppError(
        'MALFORMED',
        `${src.name} is not an HDF5 file: no HDF5 signature at byte 0, 512, 1024… .`,
        'Choose an .h5/.hdf5 file.',
      );
    }
    const buf = Buffer.alloc(Math.min(256, src.size - at));
    src.read(buf, 0, buf.length, at);
    if (buf.length < 48) throw new AppError('TRUNCATED', `${src.name} ends inside its HDF5 superblock (${src.size} bytes).`, HINT);
    const version = buf[8]!;
    const c = f.cursor(buf, 'the superblock', 9);
    let root: number;
    let eof: number;
    if (version === 0 || version === 1) {
      c.skip(4); // free-space, root entry and shared header versions, reserved
      f.offsetSize = c.u8();
      f.lengthSize = c.u8();
      this.checkSizes(at);
      c.skip(1 + 2 + 2 + 4 + (version === 1 ? 4 : 0));
      this.need(c, 4 * f.offsetSize + 2 * f.offsetSize + 24);
      f.base = c.addr();
      c.addr(); // free space info
      eof = c.addr();
      c.addr(); // driver info block
      c.addr(); // root entry: link name offset
      root = c.addr();
    } else if (version === 2 || version === 3) {
      f.offsetSize = c.u8();
      f.lengthSize = c.u8();
      this.checkSizes(at);
      c.skip(1);
      this.need(c, 4 * f.offsetSize + 4);
      f.base = c.addr();
      c.addr(); // superblock extension
      eof = c.addr();
      root = c.addr();
    } else {
      throw malformed(`the superblock at byte ${at} has version ${version} (0–3 are known)`);
    }
    if (f.base === UNDEFINED || f.base > src.size) throw malformed(`the superblock gives a base address of ${f.base}`);
    if (eof !== UNDEFINED && eof > src.size) {
      throw new AppError(
        'TRUNCATED',
        `${src.name} is truncated: its superblock says the file is ${eof} bytes, but it has ${src.size}.`,
        'The copy or download was cut short; get the file again.',
      );
    }
    if (root === UNDEFINED) throw malformed('the superblock has no root group');
    return { superblock: version, root };
  }

  private checkSizes(at: number): void {
    const ok = (n: number) => n === 2 || n === 4 || n === 8;
    if (!ok(this.f.offsetSize) || !ok(this.f.lengthSize)) {
      throw malformed(`the superblock at byte ${at} declares ${this.f.offsetSize}-byte addresses and ${this.f.lengthSize}-byte lengths`);
    }
  }

  private need(c: { left: number }, n: number): void {
    if (c.left < n) throw new AppError('TRUNCATED', `${this.src.name} ends inside its HDF5 superblock (${this.src.size} bytes).`, HINT);
  }

  // ---- groups ----

  private links(messages: Message[], path: string): Link[] {
    const f = this.f;
    const out: Link[] = [];
    for (const m of messages) {
      if (m.type === MSG.LINK) out.push(link(f.cursor(m.data, `a link in /${path}`)));
      else if (m.type === MSG.SYMBOL_TABLE) {
        const st = symbolTable(f.cursor(m.data, `the symbol table of /${path}`));
        const heap = LocalHeap.read(f, st.heap);
        for (const e of symbolTableLinks(f, st.btree, heap)) out.push({ name: e.name, kind: 'hard', address: e.address });
      } else if (m.type === MSG.LINK_INFO) {
        const info = linkInfo(f.cursor(m.data, `the link info of /${path}`));
        if (f.isUndefined(info.heap) || f.isUndefined(info.nameIndex)) continue;
        const heap = new FractalHeap(f, info.heap);
        for (const rec of btree2Records(f, info.nameIndex)) {
          const msg = heap.object(rec.subarray(4)); // type 5 record: name hash, then the heap ID
          out.push(link(f.cursor(msg, `a link in /${path}`)));
        }
      }
    }
    return out;
  }

  private attributes(messages: Message[], path: string): Map<string, AttrValue> {
    const f = this.f;
    const raw: RawAttribute[] = [];
    const shared = (c: ReturnType<H5File['cursor']>) => this.sharedType(c);
    for (const m of messages) {
      if (m.type === MSG.ATTRIBUTE) raw.push(attribute(f, f.cursor(m.data, `an attribute of /${path}`), shared));
      else if (m.type === MSG.ATTRIBUTE_INFO) {
        const info = attributeInfo(f.cursor(m.data, `the attribute info of /${path}`));
        if (f.isUndefined(info.heap) || f.isUndefined(info.nameIndex)) continue;
        const heap = new FractalHeap(f, info.heap);
        for (const rec of btree2Records(f, info.nameIndex)) {
          const msg = heap.object(rec.subarray(0, 8)); // type 8 record: the heap ID first
          raw.push(attribute(f, f.cursor(msg, `an attribute of /${path}`), shared));
        }
      }
    }
    const out = new Map<string, AttrValue>();
    for (const a of raw.sort((x, y) => Buffer.compare(Buffer.from(x.name), Buffer.from(y.name)))) {
      out.set(a.name, decodeAttribute(f, this.heap, a));
    }
    return out;
  }

  /** A datatype kept as a shared message: the committed datatype's own object header holds it. */
  private sharedType(c: ReturnType<H5File['cursor']>): Datatype | null {
    const version = c.u8();
    const type = c.u8();
    if (version === 1) c.skip(6);
    if (version === 3 && type === 1) {
      this.notes.add('Some datatypes live in the shared message table, which this reader does not follow; they show as unknown.');
      return null;
    }
    const at = c.addr();
    this.f.tick();
    const msg = readObjectHeader(this.f, at).find((m) => m.type === MSG.DATATYPE);
    if (!msg) throw malformed(`a shared datatype points to the object at byte ${this.f.base + at}, which holds none`);
    return datatype(this.f.cursor(msg.data, 'a committed datatype'));
  }

  // ---- datasets ----

  private dataset(path: string, messages: Message[]): H5Dataset {
    const f = this.f;
    const find = (type: number) => messages.find((m) => m.type === type);
    const dtMsg = find(MSG.DATATYPE);
    const dsMsg = find(MSG.DATASPACE);
    const lyMsg = find(MSG.LAYOUT)!;
    if (!dtMsg || !dsMsg) throw malformed(`dataset /${path} lacks its ${dtMsg ? 'dataspace' : 'datatype'} message`);
    const type =
      dtMsg.flags & 0x02
        ? this.sharedType(f.cursor(dtMsg.data, `the datatype of /${path}`))
        : datatype(f.cursor(dtMsg.data, `the datatype of /${path}`));
    const shape = dataspace(f.cursor(dsMsg.data, `the dataspace of /${path}`));
    const lay = layout(f.cursor(lyMsg.data, `the layout of /${path}`), lyMsg.at);
    const flMsg = find(MSG.FILTERS);
    const filterNames = flMsg ? filters(f.cursor(flMsg.data, `the filters of /${path}`)) : [];
    const out: H5Dataset = { path, dtype: type?.name ?? 'unknown', shape, bytes: null, layout: lay.kind, filters: filterNames };
    const logical = type ? elementCount(shape) * type.size : null;
    if (find(MSG.EXTERNAL)) {
      this.notes.add('Some datasets keep their data in external files; their sizes are not counted.');
      return out;
    }
    switch (lay.kind) {
      case 'compact':
        out.bytes = lay.size;
        break;
      case 'contiguous':
        if (f.isUndefined(lay.address)) out.bytes = 0;
        else {
          out.bytes = lay.size ?? logical;
          out.offset = f.base + lay.address;
          if (lay.size !== null && logical !== null && lay.size !== logical) {
            this.notes.add(`Dataset /${path} declares ${logical} bytes of elements but stores ${lay.size}.`);
          }
          if (out.bytes !== null && out.offset + out.bytes > f.size) {
            this.notes.add(
              `Dataset /${path} (${out.bytes} bytes at byte ${out.offset}) runs past the end of the file: it may be truncated.`,
            );
          }
        }
        break;
      case 'chunked':
        out.bytes = f.isUndefined(lay.address) ? 0 : this.chunkedBytes(path, lay, shape);
        break;
      case 'virtual':
        this.notes.add('Some datasets are virtual (mapped from other datasets); their sizes are not counted.');
        break;
    }
    return out;
  }

  private chunkedBytes(path: string, lay: Extract<Layout, { kind: 'chunked' }>, shape: number[] | null): number | null {
    const chunkBytes = lay.chunk.reduce((a, d) => a * d, 1) * lay.elementSize;
    const chunks = shape ? shape.reduce((a, d, i) => a * Math.ceil(d / (lay.chunk[i] || 1)), 1) : 0;
    switch (lay.index.type) {
      case 'btree1':
        return chunkBytesV1(this.f, lay.address, lay.chunk.length);
      case 'single':
        return lay.index.filteredSize ?? chunkBytes;
      case 'implicit':
        return chunks * chunkBytes;
      case 'fixed-array':
        return this.fixedArrayBytes(lay.address, chunkBytes);
      default:
        this.notes.add(`The stored size of chunked datasets indexed by ${lay.index.type} (e.g. /${path}) is not computed.`);
        return null;
    }
  }

  /** Sums a fixed array chunk index (layout 4, fixed-size datasets): its entries' sizes or allocated chunks. */
  private fixedArrayBytes(addr: number, chunkBytes: number): number | null {
    const f = this.f;
    f.tick();
    const hc = f.cursor(f.readUpTo(addr, 64, 'a fixed array header'), 'a fixed array header');
    hc.signature('FAHD', f.base + addr);
    hc.skip(1);
    const client = hc.u8();
    const entrySize = hc.u8();
    const pageBits = hc.u8();
    const count = hc.len();
    const block = hc.addr();
    if (f.isUndefined(block)) return 0;
    if (count > 2 ** pageBits) {
      this.notes.add('The stored size of datasets with a paged fixed-array chunk index is not computed.');
      return null;
    }
    const headSize = 4 + 2 + f.offsetSize;
    const body = f.cursor(f.read(block, headSize + count * entrySize, 'a fixed array data block'), 'a fixed array data block');
    body.signature('FADB', f.base + block);
    body.skip(2 + f.offsetSize);
    let total = 0;
    for (let i = 0; i < count; i++) {
      const entry = f.cursor(body.bytes(entrySize), 'a fixed array entry');
      const chunk = entry.addr();
      if (f.isUndefined(chunk)) continue;
      total += client === 1 ? entry.uint(entrySize - f.offsetSize - 4) : chunkBytes;
    }
    return total;
  }
}
