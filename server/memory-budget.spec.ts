import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { suiteDir } from '../test/fixtures/tmp';
import { BYTES_PER_BODY_BYTE, MIN_BUDGET, bodyBudget, cgroupLimit, memoryLimit } from './memory-budget';
import { parseLoadOptions } from './settings';

const dir = suiteDir('memory-budget');
const MiB = 2 ** 20;

function cgroup(name: string, files: Record<string, string>): string {
  const root = join(dir, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return root;
}

describe('the memory the server may use', () => {
  it("reads a container's limit from cgroup v2 or v1; 'max' and v1's huge number mean none", () => {
    expect(cgroupLimit(cgroup('v2', { 'memory.max': '1610612736\n' }))).toEqual({ bytes: 1536 * MiB, from: 'cgroup v2' });
    expect(cgroupLimit(cgroup('v2max', { 'memory.max': 'max\n' }))).toBeNull();
    expect(cgroupLimit(cgroup('v1', { 'memory/memory.limit_in_bytes': '536870912\n' }))).toEqual({ bytes: 512 * MiB, from: 'cgroup v1' });
    expect(cgroupLimit(cgroup('v1none', { 'memory/memory.limit_in_bytes': '9223372036854771712\n' }))).toBeNull();
    expect(cgroupLimit(join(dir, 'no-cgroup'))).toBeNull();
  });

  it('a setting wins; else the cgroup; else (or when the cgroup allows more) the machine', () => {
    const root = cgroup('limit', { 'memory.max': String(2048 * MiB) });
    expect(memoryLimit(1024 * MiB, root)).toEqual({ bytes: 1024 * MiB, from: 'setting' });
    expect(memoryLimit(undefined, root)).toEqual({ bytes: 2048 * MiB, from: 'cgroup v2' });
    expect(memoryLimit(undefined, join(dir, 'no-cgroup'))).toEqual({ bytes: os.totalmem(), from: 'machine' });
  });

  it('the body budget is what the limit leaves past the working set, per body byte served', () => {
    // 1.5 GiB × 0.75 − 100 MiB = 1052 MiB; / 6 ≈ 175 MiB of bodies: two 60 MiB requests at once.
    expect(BYTES_PER_BODY_BYTE).toBe(6);
    expect(bodyBudget(1536 * MiB, 100 * MiB)).toBe(Math.floor((1536 * MiB * 0.75 - 100 * MiB) / 6));
    expect(bodyBudget(128 * MiB, 120 * MiB)).toBe(MIN_BUDGET);
  });
});

describe('load settings from flags and environment', () => {
  it('defaults, environment, flags winning, Kubernetes quantities', () => {
    expect(parseLoadOptions({}, {})).toEqual({ batch: { maxBatchSize: 32, maxQueueDelayMs: 0 } });
    const env = { MODELCRATE_MAX_BATCH_SIZE: '8', MODELCRATE_MEMORY_LIMIT: '2Gi', MODELCRATE_MEMORY_BUDGET: '268435456' };
    expect(parseLoadOptions({ 'max-batch-size': '1', 'max-queue-delay-ms': '5' }, env)).toEqual({
      batch: { maxBatchSize: 1, maxQueueDelayMs: 5 },
      memoryLimit: 2048 * MiB,
      memoryBudget: 256 * MiB,
    });
  });

  it('a bad value names the flag, its variable and what it takes', () => {
    expect(() => parseLoadOptions({ 'max-batch-size': '0' }, {})).toThrow(
      '--max-batch-size (or MODELCRATE_MAX_BATCH_SIZE) is "0"; it takes a whole number ≥ 1.',
    );
    expect(() => parseLoadOptions({}, { MODELCRATE_MEMORY_LIMIT: '2GB' })).toThrow(
      '--memory-limit (or MODELCRATE_MEMORY_LIMIT) is "2GB"; it takes a size such as 1536Mi, 2Gi or a byte count.',
    );
  });
});
