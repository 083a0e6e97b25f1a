// Electron entry. Thin on purpose: it cannot run on our CI machines, so everything here only
// wires tested services (createStudio, dispatch) to Electron and is checked by the type checker.
import { app, dialog, ipcMain, BrowserWindow, Menu, screen, shell } from 'electron';
import path from 'node:path';
import { createStudio } from '../../core/studio';
import { registerIpc, sendEvent } from './ipc';
import { utilityRuntime } from './utility-runtime';
import { safeSecrets } from './safe-secrets';
import { menuTemplate } from './menu';
import { loadWindowState, placeWindow, saveWindowState } from '../../core/window-state/window-state';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { createMainWindow, preloadPath } from './window';

const mainDir = __dirname;
/** What the app opens from its command line or a second launch: a model or a bundle (.tar.gz). */
const isOpenable = (a: string) => /\.(onnx|tar\.gz|tgz)$/i.test(a);
const modelArg = process.argv.slice(app.isPackaged ? 1 : 2).find(isOpenable);

registerAppScheme();
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let win: BrowserWindow | undefined;
  const studio = createStudio({
    transport: 'ipc',
    dataDir: app.getPath('userData'),
    secrets: safeSecrets(app.getPath('userData')),
    initialModelPath: modelArg,
    // onnxruntime blocks its thread while loading and running: never on this (the main) process.
    runtime: utilityRuntime(path.join(mainDir, '..', 'runtime-worker.mjs')),
    events: { emit: (event, payload) => win && sendEvent(win.webContents, event, payload) },
    showOpenDialog: async () => {
      const picked = await dialog.showOpenDialog(win ?? BrowserWindow.getFocusedWindow()!, {
        title: 'Open an ONNX model or a bundle',
        properties: ['openFile'],
        filters: [
          { name: 'ONNX models and bundles', extensions: ['onnx', 'gz', 'tgz'] },
          { name: 'All files', extensions: ['*'] },
        ],
      });
      return picked.canceled ? null : (picked.filePaths[0] ?? null);
    },
    // The OS's recent documents (Dock / jump list) list what the user opened.
    onOpened: (filePath) => app.addRecentDocument(filePath),
    showInFolder: (filePath) => shell.showItemInFolder(filePath),
    showSaveDialog: async (o) => {
      const picked = await dialog.showSaveDialog(win ?? BrowserWindow.getFocusedWindow()!, {
        title: o.title,
        defaultPath: o.defaultPath,
        filters: o.filters,
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      });
      return picked.canceled || !picked.filePath ? null : picked.filePath;
    },
  });

  app.on('second-instance', (_event, argv) => {
    const file = argv.slice(1).find(isOpenable);
    if (win && file) {
      studio.handlers['model.openPath']({ path: file }).then(
        (opened) => sendEvent(win!.webContents, 'model.opened', opened),
        () => {},
      );
    }
    if (win?.isMinimized()) win.restore();
    win?.focus();
  });

  app.whenReady().then(async () => {
    serveRenderer(path.join(mainDir, '..', 'renderer'));
    registerIpc(ipcMain, studio.handlers);
    const dataDir = app.getPath('userData');
    const place = placeWindow(
      await loadWindowState(dataDir),
      screen.getAllDisplays().map((d) => d.workArea),
    );
    win = createMainWindow(preloadPath(mainDir), place);
    const w = win;
    // Normal (not maximised) bounds, so a maximised window restores to where it was.
    w.on('close', () => void saveWindowState(dataDir, { bounds: w.getNormalBounds(), maximized: w.isMaximized() }).catch(() => {}));
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate({
          isMac: process.platform === 'darwin',
          isDev: !app.isPackaged,
          appName: app.name,
          send: (command) => win && sendEvent(win.webContents, 'menu.command', { command }),
        }),
      ),
    );
  });

  app.on('window-all-closed', () => {
    void studio.dispose().finally(() => app.quit());
  });
}
