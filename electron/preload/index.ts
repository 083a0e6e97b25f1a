// The only bridge between the sandboxed renderer and the main process: one typed object, never a
// channel pass-through. Bundled to CommonJS because sandboxed preloads cannot load ES modules.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { DesktopBridge } from '../../shared/api';
import { EVENT_NAMES, type EventName, type Events } from '../../shared/contract';
import type { Result } from '../../shared/errors';
import { CALL_CHANNEL, EVENT_CHANNEL_PREFIX } from '../main/channels';

const bridge: DesktopBridge = {
  transport: 'ipc',
  invoke: (name, input) => ipcRenderer.invoke(CALL_CHANNEL, name, input) as Promise<Result<unknown>>,
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
    if (!EVENT_NAMES.includes(event)) throw new Error(`Unknown event ${String(event)}`);
    const channel = EVENT_CHANNEL_PREFIX + event;
    // Drop the Electron event object: the renderer must never see ipcRenderer.
    const wrapped = (_e: unknown, payload: Events[E]) => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
  pathForFile: (file) => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld('modelcrate', bridge);
