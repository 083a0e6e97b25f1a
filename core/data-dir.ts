import os from 'node:os';
import path from 'node:path';

/** Same folder Electron's app.getPath('userData') uses for productName "Modelcrate Studio". */
export function defaultDataDir(): string {
  const name = 'Modelcrate Studio';
  if (process.env.MODELCRATE_DATA_DIR) return process.env.MODELCRATE_DATA_DIR;
  switch (process.platform) {
    case 'darwin':
      return path.join(os.homedir(), 'Library', 'Application Support', name);
    case 'win32':
      return path.join(process.env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), name);
    default:
      return path.join(process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), name);
  }
}
