// electron-builder cannot run here (it downloads Electron), so its config is read and checked for
// what would hurt if it drifted: native files outside the asar and only for the target platform,
// the security fuses, the targets, the entitlements file it names.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import Ajv from 'ajv';
import sharp from 'sharp';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const config = parse(readFileSync(join(ROOT, 'build/electron-builder.yml'), 'utf8')) as Record<string, any>;
const PLATFORMS = { linux: 'linux', mac: 'darwin', win: 'win32' } as const;

describe('electron-builder config', () => {
  it("is valid against electron-builder's own schema (no misspelt or unknown keys)", () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as object;
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...config, electronFuse: {} })).toBe(false); // the check can fail
  });

  it('unpacks onnxruntime and sharp natives from the asar', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['node_modules/onnxruntime-node/bin/**', 'node_modules/@img/**']));
    expect(config.extraMetadata.main).toBe('dist/electron/main.cjs');
  });

  it('ships onnxruntime binaries for the target platform only', () => {
    const all = Object.values(PLATFORMS);
    for (const [target, ort] of Object.entries(PLATFORMS)) {
      const excluded = (config[target].files as string[]).map((f) => /napi-v6\/(\w+)\/\*\*$/.exec(f)?.[1]);
      expect(excluded.sort(), target).toEqual(all.filter((p) => p !== ort).sort());
      // The platforms named are the ones the package really ships.
      for (const p of all) expect(existsSync(join(ROOT, 'node_modules/onnxruntime-node/bin/napi-v6', p))).toBe(true);
    }
  });

  it('sets the hardening fuses', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
  });

  it('builds AppImage and deb, dmg and zip with the hardened runtime, and nsis; .onnx opens in the app', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg', 'zip']);
    expect(config.mac.hardenedRuntime).toBe(true);
    const plist = readFileSync(join(ROOT, config.mac.entitlements), 'utf8');
    expect(plist).toContain('com.apple.security.cs.allow-jit');
    expect(plist).not.toContain('disable-library-validation');
    expect(config.win.target).toEqual(['nsis']);
    expect(config.fileAssociations).toEqual([expect.objectContaining({ ext: 'onnx' })]);
    expect(config.appId).toBe('dev.modelcrate.studio');
  });

  it('has an app icon electron-builder finds in build/ (1024 px; it derives .icns/.ico from it)', async () => {
    const meta = await sharp(join(ROOT, config.directories.buildResources, 'icon.png')).metadata();
    expect([meta.width, meta.height]).toEqual([1024, 1024]);
  });

  it('has the scripts that run it', () => {
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const p of ['linux', 'mac', 'win'])
      expect(scripts[`dist:${p}`]).toBe(`npm run build && electron-builder --config build/electron-builder.yml --${p}`);
  });
});
