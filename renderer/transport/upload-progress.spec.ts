import { describe, expect, it } from 'vitest';
import { UploadTracker } from './upload-progress';

const MB = 1 << 20;

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('UploadTracker', () => {
  it('folds a model and its external data into one progress, in upload order', () => {
    const c = clock();
    const tracker = new UploadTracker(
      [
        { name: 'weights.bin', size: 300 * MB },
        { name: 'model.onnx', size: 100 * MB },
      ],
      c.now,
    );
    expect(tracker.total).toBe(400 * MB);
    expect(tracker.update(0, 0)).toMatchObject({ fileName: 'weights.bin', index: 0, count: 2, sent: 0, fraction: 0 });
    expect(tracker.update(0, 150 * MB)).toMatchObject({ sent: 150 * MB, fraction: 0.375 });
    // The second request's `loaded` starts again at 0; the group's count does not.
    expect(tracker.update(1, 0)).toMatchObject({ fileName: 'model.onnx', index: 1, sent: 300 * MB, fraction: 0.75 });
    expect(tracker.update(1, 100 * MB)).toMatchObject({ sent: 400 * MB, fraction: 1, etaSeconds: 0 });
  });

  it('never goes backwards and ignores bytes past a file’s size', () => {
    const tracker = new UploadTracker([{ name: 'm.onnx', size: 10 }], () => 0);
    expect(tracker.update(0, 8).sent).toBe(8);
    expect(tracker.update(0, 5).sent).toBe(8);
    expect(tracker.update(0, 99).sent).toBe(10);
  });

  it('gives no rate or ETA until half a second of data, then measures over a recent window', () => {
    const c = clock();
    const tracker = new UploadTracker([{ name: 'big.onnx', size: 1000 * MB }], c.now);
    tracker.update(0, 0);
    c.advance(200);
    expect(tracker.update(0, 20 * MB)).toMatchObject({ bytesPerSecond: null, etaSeconds: null });
    c.advance(800);
    const p = tracker.update(0, 100 * MB);
    expect(p.bytesPerSecond).toBeCloseTo(100 * MB, -3);
    expect(p.etaSeconds).toBeCloseTo(9, 5);
    // The link slows to 10 MB/s: after the window has passed, the old fast start no longer counts.
    for (let i = 0; i < 5; i++) {
      c.advance(1000);
      tracker.update(0, (110 + i * 10) * MB);
    }
    const slow = tracker.update(0, 150 * MB);
    expect(slow.bytesPerSecond! / MB).toBeGreaterThan(9);
    expect(slow.bytesPerSecond! / MB).toBeLessThan(14);
  });

  it('an empty group is complete at once', () => {
    expect(new UploadTracker([{ name: 'empty.onnx', size: 0 }], () => 0).update(0, 0)).toMatchObject({ fraction: 1, total: 0 });
  });

  it('refuses a file index it was not given', () => {
    expect(() => new UploadTracker([], () => 0).update(0, 0)).toThrow(RangeError);
  });
});
