// Object headers (HDF5 File Format Specification 3.0, IV.A): the version 1 prefix (16 bytes, 8-byte
// aligned messages) and the version 2 one ("OHDR", messages with a 1-byte type), each followed by
// continuation blocks named in continuation messages. Continuations are followed once each (a
// block naming itself or an earlier one is a cycle) and their number and bytes are capped.
import type { H5File } from './io';
import { MAX_BLOCK, malformed } from './io';

export interface Message {
  type: number;
  flags: number;
  data: Buffer;
  /** Relative address of the message data in the file (compact data and inline values start here). */
  at: number;
}

export const MSG = {
  NIL: 0x00,
  DATASPACE: 0x01,
  LINK_INFO: 0x02,
  DATATYPE: 0x03,
  FILL_OLD: 0x04,
  FILL: 0x05,
  LINK: 0x06,
  EXTERNAL: 0x07,
  LAYOUT: 0x08,
  GROUP_INFO: 0x0a,
  FILTERS: 0x0b,
  ATTRIBUTE: 0x0c,
  CONTINUATION: 0x10,
  SYMBOL_TABLE: 0x11,
  ATTRIBUTE_INFO: 0x15,
} as const;

const MAX_CHUNKS = 4096;
const MAX_HEADER_BYTES = 64 << 20;

export function readObjectHeader(f: H5File, addr: number): Message[] {
  const head = f.readUpTo(addr, 64, 'an object header');
  if (head.subarray(0, 4).toString('latin1') === 'OHDR') return readV2(f, addr);
  if (head[0] === 1) return readV1(f, addr, head);
  throw malformed(`the object header at byte ${f.base + addr} has version ${head[0]} (expected 1, or 2 with the OHDR signature)`);
}

function readV1(f: H5File, addr: number, head: Buffer): Message[] {
  const c = f.cursor(head, 'an object header');
  c.skip(2); // version, reserved
  c.u16(); // number of messages: not trusted, the chunks' sizes bound the walk
  c.u32(); // reference count
  const size = c.u32();
  const messages: Message[] = [];
  const chunks: [number, number][] = [[addr + 16, size]];
  walkChunks(f, addr, chunks, (chunkAddr, buf) => {
    let p = 0;
    while (p + 8 <= buf.length) {
      const type = buf.readUInt16LE(p);
      const len = buf.readUInt16LE(p + 2);
      const flags = buf[p + 4]!;
      if (p + 8 + len > buf.length) {
        throw malformed(`a message (type ${type}) in the object header at byte ${f.base + addr} runs past its block`);
      }
      messages.push({ type, flags, data: buf.subarray(p + 8, p + 8 + len), at: chunkAddr + p + 8 });
      if (type === MSG.CONTINUATION) chunks.push(continuation(f, buf.subarray(p + 8, p + 8 + len)));
      p += 8 + len;
      p = (p + 7) & ~7; // version 1 messages are 8-byte aligned
    }
  });
  return messages;
}

function readV2(f: H5File, addr: number): Message[] {
  const pre = f.readUpTo(addr, 64, 'an object header');
  const c = f.cursor(pre, 'an object header');
  c.skip(4);
  const version = c.u8();
  if (version !== 2) throw malformed(`the object header at byte ${f.base + addr} has version ${version} (expected 2)`);
  const flags = c.u8();
  if (flags & 0x20) c.skip(16); // access, modification, change, birth times
  if (flags & 0x10) c.skip(4); // attribute storage phase change values
  const size = c.uint(1 << (flags & 3));
  const tracked = (flags & 0x04) !== 0; // each message carries a 2-byte creation order
  const messages: Message[] = [];
  const first = c.pos;
  const chunks: [number, number][] = [[addr + first, size]];
  let isFirst = true;
  walkChunks(f, addr, chunks, (chunkAddr, buf) => {
    let p = 0;
    let end = buf.length;
    if (!isFirst) {
      if (buf.subarray(0, 4).toString('latin1') !== 'OCHK') {
        throw malformed(`the continuation block at byte ${f.base + chunkAddr} of object header ${f.base + addr} lacks its OCHK signature`);
      }
      p = 4;
      end -= 4; // checksum
    }
    isFirst = false;
    const hdr = tracked ? 6 : 4;
    while (p + hdr <= end) {
      const type = buf[p]!;
      const len = buf.readUInt16LE(p + 1);
      const mflags = buf[p + 3]!;
      if (p + hdr + len > end)
        throw malformed(`a message (type ${type}) in the object header at byte ${f.base + addr} runs past its block`);
      messages.push({ type, flags: mflags, data: buf.subarray(p + hdr, p + hdr + len), at: chunkAddr + p + hdr });
      if (type === MSG.CONTINUATION) chunks.push(continuation(f, buf.subarray(p + hdr, p + hdr + len)));
      p += hdr + len;
    }
  });
  return messages;
}

function continuation(f: H5File, data: Buffer): [number, number] {
  const c = f.cursor(data, 'a continuation message');
  return [c.addr(), c.len()];
}

/** Reads each chunk once, in order, with caps on their number and total size. */
function walkChunks(f: H5File, addr: number, chunks: [number, number][], each: (chunkAddr: number, buf: Buffer) => void): void {
  const seen = new Set<number>();
  let total = 0;
  for (let i = 0; i < chunks.length; i++) {
    const [at, len] = chunks[i]!;
    if (seen.has(at)) throw malformed(`the object header at byte ${f.base + addr} continues into block ${f.base + at} twice (a cycle)`);
    seen.add(at);
    if (seen.size > MAX_CHUNKS)
      throw malformed(`the object header at byte ${f.base + addr} has more than ${MAX_CHUNKS} continuation blocks`);
    total += len;
    if (len > MAX_BLOCK || total > MAX_HEADER_BYTES) {
      throw malformed(`the object header at byte ${f.base + addr} declares ${total} bytes of messages, more than any header takes`);
    }
    each(at, f.read(at, len, 'an object header block'));
  }
}
