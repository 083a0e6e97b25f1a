// docker.images against the real engine: the offline node base qualifies (node found in its files,
// no NODE_VERSION), the base without node does not, fit ones come first, and looking into an image
// leaves no container behind.
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { localBaseImages } from '../../core/export/base-images';
import { BASE_IMAGE, NO_NODE_IMAGE, dockerAvailable, ensureBaseImage, ensureNoNodeImage } from '../fixtures/docker-base';

describe.skipIf(!dockerAvailable())('local base images (real engine)', () => {
  beforeAll(() => {
    ensureBaseImage();
    ensureNoNodeImage();
  }, 180_000);

  it('judges the offline node base fit and the node-less one unfit, fit first, with sizes', async () => {
    const images = await localBaseImages();
    const fit = images.find((i) => i.ref === BASE_IMAGE)!;
    const unfit = images.find((i) => i.ref === NO_NODE_IMAGE)!;
    expect(fit).toMatchObject({ fit: 'node', why: 'node at /usr/bin/node' });
    expect(fit.sizeBytes).toBeGreaterThan(10_000_000);
    expect(unfit).toMatchObject({ fit: 'unfit' });
    expect(images.indexOf(fit)).toBeLessThan(images.indexOf(unfit));
    expect(images.some((i) => i.ref.includes('<none>'))).toBe(false);
    expect(execFileSync('docker', ['ps', '-aq', '--filter', 'label=io.modelcrate.probe=1'], { encoding: 'utf8' }).trim()).toBe('');
  }, 60_000);
});
