import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { suiteDir } from '../test/fixtures/tmp';
import { parseServerArgs } from './options';

const dir = suiteDir('opts');
const pem = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();

describe('server options: the required public key', () => {
  it('a key file is named for its file, the environment key for the variable', () => {
    const file = join(dir, 'release.pub.pem');
    writeFileSync(file, pem);
    expect(parseServerArgs(['--bundle', 'b', '--public-key', file], {}).publicKey?.name).toBe('release.pub.pem');
    expect(parseServerArgs(['--bundle', 'b'], { MODELCRATE_PUBLIC_KEY: pem }).publicKey?.name).toBe('MODELCRATE_PUBLIC_KEY');
  });

  it('a path in MODELCRATE_PUBLIC_KEY (instead of the PEM text) says how to pass the key', () => {
    expect(() => parseServerArgs(['--bundle', 'b'], { MODELCRATE_PUBLIC_KEY: '/keys/release.pub.pem' })).toThrow(
      expect.objectContaining({
        code: 'KEY_INVALID',
        message: expect.stringContaining("takes the key's text, not a path"),
        hint: expect.stringContaining('MODELCRATE_PUBLIC_KEY="$(cat release.pub.pem)"'),
      }),
    );
  });
});
