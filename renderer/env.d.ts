/// <reference types="vite/client" />
import type { DesktopBridge } from '../shared/api';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    modelcrate?: DesktopBridge;
  }
}
