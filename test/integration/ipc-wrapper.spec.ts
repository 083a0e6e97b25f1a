// The Electron side of the boundary: only our app:// frame may call, and transport-specific calls
// answer clearly on the wrong transport.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureIpc } from './contract-adapters';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mc-ipc-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('IPC wrapper', () => {
  it('registers exactly one invoke channel', () => {
    expect(captureIpc({ dataDir: dir }).channels).toEqual(['modelcrate:call']);
  });

  it('rejects calls from a foreign frame or a frame-less sender', async () => {
    const { invoke } = captureIpc({ dataDir: dir });
    for (const senderFrame of [{ url: 'https://evil.example/' }, { url: 'file:///tmp/x.html' }, { url: 'app://other/index.html' }, null]) {
      expect(await invoke({ senderFrame }, 'app.info', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });

  it('uses the native dialog for dialog.openModel and returns null on cancel', async () => {
    const { invoke } = captureIpc({ dataDir: dir, showOpenDialog: async () => null });
    expect(await invoke({ senderFrame: { url: 'app://studio/' } }, 'dialog.openModel', {})).toEqual({ ok: true, value: null });
  });

  it('refuses uploads, which exist only in browser mode', async () => {
    const { invoke } = captureIpc({ dataDir: dir });
    const r = await invoke({ senderFrame: { url: 'app://studio/' } }, 'model.openUpload', { uploadId: 'abcdefgh', fileName: 'm.onnx' });
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_SUPPORTED' } });
  });
});
