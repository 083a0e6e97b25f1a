// Settings over both transports: defaults, validated changes persisted in the data folder, a
// damaged file keeping its good fields, secrets refused where no keychain exists, and the
// settings taking effect (Docker host for the engine check).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { SettingsStore } from '../../core/settings/settings-store';
import { suiteDir } from '../fixtures/tmp';
import { ipcAdapter, webAdapter } from './contract-adapters';

const dir = suiteDir('contract-settings');

for (const adapter of [ipcAdapter, webAdapter]) {
  describe(`settings over ${adapter.name}`, () => {
    it('defaults, then validated changes that persist and take effect', async () => {
      const dataDir = mkdtempSync(path.join(dir, 'd-'));
      const api = await adapter.connect({ dataDir });
      try {
        expect(await api.call('settings.get', {})).toEqual({
          ok: true,
          value: { settings: DEFAULT_SETTINGS, secretsAvailable: false, registryPasswordStored: false },
        });
        const set = await api.call('settings.set', {
          settings: {
            defaultBaseImage: 'registry.local/node:22',
            theme: 'dark',
            runtimeThreads: 2,
            dockerHost: 'unix:///tmp/modelcrate-no-engine.sock',
          },
        });
        expect(set).toMatchObject({
          ok: true,
          value: { settings: { defaultBaseImage: 'registry.local/node:22', theme: 'dark', runtimeThreads: 2 } },
        });
        expect(JSON.parse(readFileSync(path.join(dataDir, 'settings.json'), 'utf8'))).toMatchObject({ theme: 'dark', runtimeThreads: 2 });
        // The Docker host setting is the one the engine check uses.
        expect(await api.call('docker.status', {})).toMatchObject({
          ok: true,
          value: { ok: false, message: expect.stringMatching(/Docker/) },
        });
        expect(await api.call('settings.set', { settings: { theme: 'sepia' } })).toMatchObject({
          ok: false,
          error: { code: 'INVALID_REQUEST', message: expect.stringContaining('settings.theme') },
        });
        expect(await api.call('settings.set', { settings: { defaultBaseImage: 'Not An Image' } })).toMatchObject({
          ok: false,
          error: { code: 'INVALID_REQUEST' },
        });
        expect(await api.call('settings.set', { settings: {}, registryPassword: 'secret' })).toMatchObject({
          ok: false,
          error: { code: 'NOT_SUPPORTED', message: 'Passwords are kept only by the desktop app, in the OS keychain.' },
        });
        expect(readFileSync(path.join(dataDir, 'settings.json'), 'utf8')).not.toContain('secret');
      } finally {
        await api.close();
      }
    });
  });
}

describe('settings file', () => {
  it('keeps the fields that still validate when the file is damaged or from another version', async () => {
    const dataDir = mkdtempSync(path.join(dir, 'f-'));
    writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ theme: 'dark', runtimeThreads: -4, future: true }));
    expect(await new SettingsStore(dataDir).get()).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark' });
    writeFileSync(path.join(dataDir, 'settings.json'), '{ not json');
    expect(await new SettingsStore(dataDir).get()).toEqual(DEFAULT_SETTINGS);
  });
});
