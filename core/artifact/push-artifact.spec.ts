// The push checks every file's sha256 from the same read that digests its layer (not a read of its
// own): a weight changed in place, same size, is still BUNDLE_TAMPERED, before the registry is asked.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { packBundle } from '../bundle/pack';
import { readModelSummary } from '../onnx/reader';
import { forkRuntime } from '../runtime/fork-runtime';
import { RuntimeService } from '../runtime/runtime-service';
import { metadataOfModel } from '../../shared/metadata/defaults';
import { externalData } from '../../test/fixtures/external-models';
import { suiteDir } from '../../test/fixtures/tmp';
import { pushArtifact } from './push-artifact';

const dir = suiteDir('push-artifact');
const runtime = new RuntimeService(forkRuntime());
afterAll(() => runtime.dispose());
it('a weight changed in place (same size) is BUNDLE_TAMPERED, naming the file, before any registry is contacted', async () => {
  const model = externalData(dir, 'ok');
  const summary = await readModelSummary(model);
  const metadata = { ...metadataOfModel(summary).metadata, name: 'ext-mlp', version: '1.2.3', license: 'Apache-2.0' };
  const bundle = join(dir, 'b');
  const { manifest } = await packBundle({
    modelPath: model,
    summary,
    metadata,
    samples: [],
    runtime,
    createdAt: new Date('2025-01-01T00:00:00.000Z'),
    out: bundle,
  });
  const ext = manifest.model.externalData[0]!;
  const f = join(bundle, ext);
  const bytes = readFileSync(f);
  bytes[0] = bytes[0]! ^ 0xff;
  writeFileSync(f, bytes);
  await expect(pushArtifact({ bundlePath: bundle, reference: '127.0.0.1:1/models/tampered:1' })).rejects.toMatchObject({
    code: 'BUNDLE_TAMPERED',
    message: expect.stringContaining(`"${ext}" does not match its sha256`),
  });
}, 120000);
