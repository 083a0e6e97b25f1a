import { BrowserWindow, session, shell } from 'electron';
import path from 'node:path';
import type { Rect } from '../../core/window-state/window-state';
import { APP_ORIGIN, isAppUrl } from './channels';

const EXTERNAL_ALLOW = [/^https:\/\/onnx\.ai\//, /^https:\/\/github\.com\/modelcrate\//];

/**
 * The hardened main window (docs/architecture.md §Electron security checklist): isolated,
 * sandboxed, no Node, no navigation.
 */
export function createMainWindow(preloadFile: string, place: { bounds: Rect; maximized: boolean }): BrowserWindow {
  const win = new BrowserWindow({
    ...place.bounds,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'Modelcrate Studio',
    webPreferences: {
      preload: preloadFile,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => {
    if (place.maximized) win.maximize();
    win.show();
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (EXTERNAL_ALLOW.some((re) => re.test(url))) void shell.openExternal(url);
    return { action: 'deny' };
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

export function preloadPath(mainDir: string): string {
  return path.join(mainDir, 'preload.cjs');
}
