// Which local images may be a base: the rules a user sees as the reason beside each image.
import { describe, expect, it } from 'vitest';
import { judgeBase, sortBases, type LocalImage } from './base-images';

describe('judgeBase', () => {
  it('official node images qualify by NODE_VERSION (≥ 20); older Node, Alpine, other platforms and model images do not', () => {
    expect(judgeBase({ ref: 'node:22-bookworm-slim', os: 'linux', arch: 'amd64', env: ['NODE_VERSION=22.11.0'] })).toEqual({
      fit: 'node',
      why: 'Node 22.11.0',
    });
    expect(judgeBase({ ref: 'node:18', env: ['NODE_VERSION=18.20.4'] }).fit).toBe('unfit');
    expect(judgeBase({ ref: 'node:22-alpine', env: ['NODE_VERSION=22.11.0'] }).why).toMatch(/musl/);
    expect(judgeBase({ ref: 'node:22', arch: 'arm64', os: 'linux', env: ['NODE_VERSION=22.1.0'] }).why).toMatch(/linux\/amd64/);
    expect(judgeBase({ ref: 'mlp:1', labels: { 'io.modelcrate.model.name': 'mlp' } }).fit).toBe('unfit');
  });
  it('without NODE_VERSION, what was found in the filesystem decides', () => {
    expect(judgeBase({ ref: 'mine:local', nodeAt: '/usr/bin/node' })).toEqual({ fit: 'node', why: 'node at /usr/bin/node' });
    expect(judgeBase({ ref: 'busybox:1', nodeAt: null }).fit).toBe('unfit');
    expect(judgeBase({ ref: 'busybox:1' }).fit).toBe('unknown');
  });
  it('sorts fit bases first, newest first within a group', () => {
    const img = (ref: string, fit: LocalImage['fit'], created: number): LocalImage => ({
      ref,
      id: ref,
      sizeBytes: 1,
      created,
      fit,
      why: '',
    });
    const sorted = sortBases([img('a', 'unfit', 9), img('b', 'node', 1), img('c', 'unknown', 5), img('d', 'node', 3)]);
    expect(sorted.map((i) => i.ref)).toEqual(['d', 'b', 'c', 'a']);
  });
});
