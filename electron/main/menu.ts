// The application menu. A pure template builder (types only from electron), so its items and
// shortcuts are tested without an Electron binary; index.ts builds and installs it. Items that
// act on the page's state send a menu.command event; the rest use Electron's roles.
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../shared/contract';

export interface MenuOptions {
  isMac: boolean;
  /** Developer tools only when not packaged. */
  isDev: boolean;
  appName: string;
  send(command: MenuCommand): void;
}

export function menuTemplate(o: MenuOptions): MenuItemConstructorOptions[] {
  const item = (label: string, accelerator: string, command: MenuCommand): MenuItemConstructorOptions => ({
    label,
    accelerator,
    click: () => o.send(command),
  });
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      item('Open Model…', 'CmdOrCtrl+O', 'open'),
      item('Save Metadata', 'CmdOrCtrl+S', 'save-metadata'),
      item('Export…', 'CmdOrCtrl+E', 'export'),
      { type: 'separator' },
      o.isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      item('Toggle Theme', 'CmdOrCtrl+Shift+L', 'toggle-theme'),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { role: 'togglefullscreen' },
      ...(o.isDev ? ([{ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' }] as MenuItemConstructorOptions[]) : []),
    ],
  };
  const model: MenuItemConstructorOptions = { label: 'Model', submenu: [item('Run Prediction', 'CmdOrCtrl+Enter', 'run')] };
  const app: MenuItemConstructorOptions[] = o.isMac
    ? [
        {
          label: o.appName,
          submenu: [
            { role: 'about' },
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            { type: 'separator' },
            { role: 'quit' },
          ],
        },
      ]
    : [];
  return [...app, file, { role: 'editMenu' }, view, model, { role: 'windowMenu' }];
}
