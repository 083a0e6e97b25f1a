// The Electron security checklist (docs/architecture.md §Electron security checklist), point by
// point, against the real main-process code with `electron` replaced by a recorder (no Electron
// binary runs here): the window's web preferences, navigation and window-open guards,
// openExternal's allow-list, permissions, the app:// protocol's folder boundary, and the renderer's
// CSP.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { suiteDir } from '../../test/fixtures/tmp';

const rec = vi.hoisted(() => ({
  windows: [] as Array<{
    options: Record<string, any>;
    handlers: Record<string, (...a: any[]) => void>;
    openHandler?: (d: { url: string }) => { action: string };
    loaded?: string;
  }>,
  external: [] as string[],
  permission: undefined as undefined | ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void),
  protocolHandler: undefined as undefined | ((req: { url: string }) => Promise<Response> | Response),
  fetched: [] as string[],
}));

vi.mock('electron', () => {
  class BrowserWindow {
    webContents: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      const w: (typeof rec.windows)[number] = { options, handlers: {} };
      rec.windows.push(w);
      this.webContents = {
        on: (event: string, fn: (...a: any[]) => void) => void (w.handlers[event] = fn),
        setWindowOpenHandler: (fn: (d: { url: string }) => { action: string }) => void (w.openHandler = fn),
      };
      (this as any).loadURL = async (url: string) => void (w.loaded = url);
    }
    once() {}
  }
  return {
    BrowserWindow,
    shell: { openExternal: async (url: string) => void rec.external.push(url) },
    session: { defaultSession: { setPermissionRequestHandler: (fn: typeof rec.permission) => void (rec.permission = fn) } },
    protocol: {
      handle: (_scheme: string, fn: typeof rec.protocolHandler) => void (rec.protocolHandler = fn),
      registerSchemesAsPrivileged: () => {},
    },
    net: { fetch: async (url: string) => (rec.fetched.push(url), new Response('ok')) },
  };
});

const { createMainWindow } = await import('./window');
const { serveRenderer } = await import('./app-protocol');

// A fresh folder removed after the suite: the protocol handler must serve inside it and nowhere else.
const rendererDir = suiteDir('renderer');

describe('Electron security checklist', () => {
  beforeEach(() => {
    rec.windows.length = 0;
    rec.external.length = 0;
  });

  it('the window: context isolation, sandbox, no Node, web security, no webview; loads app://', () => {
    createMainWindow('/x/preload.cjs', { bounds: { x: 0, y: 0, width: 1000, height: 700 }, maximized: false });
    const w = rec.windows[0]!;
    expect(w.options.webPreferences).toMatchObject({
      preload: '/x/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(w.loaded).toBe('app://studio/index.html');
  });

  it('navigation to a foreign origin is prevented; the app origin is not', () => {
    createMainWindow('/p', { bounds: { x: 0, y: 0, width: 1000, height: 700 }, maximized: false });
    const nav = rec.windows[0]!.handlers['will-navigate']!;
    for (const [url, blocked] of [
      ['https://evil.example/', true],
      ['file:///etc/passwd', true],
      ['app://other/index.html', true],
      ['app://studio/index.html', false],
    ] as const) {
      const event = { preventDefault: vi.fn() };
      nav(event, url);
      expect(event.preventDefault.mock.calls.length > 0, url).toBe(blocked);
    }
  });

  it('window.open is always denied; only allow-listed https links go to the browser', () => {
    createMainWindow('/p', { bounds: { x: 0, y: 0, width: 1000, height: 700 }, maximized: false });
    const open = rec.windows[0]!.openHandler!;
    for (const url of ['https://onnx.ai/onnx/', 'http://onnx.ai/', 'https://evil.example/', 'file:///etc/passwd', 'javascript:alert(1)'])
      expect(open({ url })).toEqual({ action: 'deny' });
    expect(rec.external).toEqual(['https://onnx.ai/onnx/']);
  });

  it('permission requests (camera, notifications, …) are denied', () => {
    createMainWindow('/p', { bounds: { x: 0, y: 0, width: 1000, height: 700 }, maximized: false });
    for (const p of ['media', 'notifications', 'geolocation', 'clipboard-read']) {
      const cb = vi.fn();
      rec.permission!(null, p, cb);
      expect(cb).toHaveBeenCalledWith(false);
    }
  });

  it('app:// serves the renderer folder and nothing outside it', async () => {
    const root = rendererDir;
    writeFileSync(path.join(root, 'index.html'), '<!doctype html>');
    serveRenderer(root);
    rec.fetched.length = 0;
    expect((await rec.protocolHandler!({ url: 'app://studio/index.html' })).status).toBe(200);
    // URL parsing already folds plain dots into the root; encoded ones reach the handler's check.
    const folded = await rec.protocolHandler!({ url: 'app://studio/../../etc/passwd' });
    expect(folded.status).toBe(200);
    expect(rec.fetched.at(-1)).toBe(`file://${path.join(root, 'etc/passwd')}`); // inside the folder (and absent)
    for (const url of ['app://studio/..%2F..%2Fetc%2Fpasswd', 'app://studio/%2e%2e%2f%2e%2e%2fetc%2fpasswd']) {
      expect((await rec.protocolHandler!({ url })).status, url).toBe(403);
    }
    expect(rec.fetched.every((f) => f.startsWith(`file://${root}/`))).toBe(true);
  });

  it('the renderer carries a strict CSP: self only, no inline scripts, no objects', () => {
    const html = readFileSync(path.join(__dirname, '../../renderer/index.html'), 'utf8');
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    const directives = Object.fromEntries(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([k, ...v]) => [k, v]),
    );
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(csp).not.toContain('unsafe-eval');
  });
});
