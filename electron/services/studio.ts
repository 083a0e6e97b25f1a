// The services behind the contract, wired once. Electron main, the web host and tests all build
// the studio through createStudio, so every transport runs the same code.
import type { CallName, CallOutput, OpenedModel, ParsedInput } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { ModelRegistry, type SummaryReader } from './models/model-registry';
import { RecentFiles } from './recent/recent-files';
import { UploadStore } from './uploads/upload-store';
import { readModelSummary } from './onnx/reader';
import { APP_NAME, APP_VERSION } from './app-version';

export interface StudioOptions {
  transport: 'ipc' | 'web';
  /** Where recent files etc. are kept. */
  dataDir: string;
  /** A model named on the command line; opened on the renderer's first request. */
  initialModelPath?: string;
  /** Desktop only: the native open dialog. */
  showOpenDialog?: () => Promise<string | null>;
  readSummary?: SummaryReader;
}

export type Handlers = { [N in CallName]: (input: ParsedInput<N>) => Promise<CallOutput<N>> };

export interface Studio {
  handlers: Handlers;
  models: ModelRegistry;
  uploads: UploadStore | undefined;
  dispose(): Promise<void>;
}

export function createStudio(opts: StudioOptions): Studio {
  const models = new ModelRegistry(opts.readSummary ?? ((p) => readModelSummary(p)));
  const recents = new RecentFiles(opts.dataDir);
  const uploads = opts.transport === 'web' ? new UploadStore() : undefined;
  let initial: Promise<OpenedModel | null> | undefined;

  const openAndRemember = async (filePath: string): Promise<OpenedModel> => {
    const opened = await models.open(filePath);
    // Remembering is a convenience; a read-only data folder must not fail the open.
    await recents.add(opened.displayPath).catch(() => {});
    return opened;
  };

  const handlers: Handlers = {
    'app.info': async () => ({ name: APP_NAME, version: APP_VERSION, transport: opts.transport, platform: process.platform }),
    'app.initialModel': () => {
      if (!opts.initialModelPath) return Promise.resolve(null);
      initial ??= openAndRemember(opts.initialModelPath);
      return initial;
    },
    'model.openPath': ({ path }) => openAndRemember(path),
    'model.openRecent': async ({ recentId }) => openAndRemember(await recents.pathFor(recentId)),
    'model.openUpload': async ({ uploadId, fileName }) => {
      if (!uploads) throw new AppError('NOT_SUPPORTED', 'Uploads exist only in browser mode.', 'Drop the file onto the window instead.');
      // Uploaded copies live in a temp folder: not worth a recent entry.
      const opened = await models.open(await uploads.pathOf(uploadId, fileName), fileName);
      return opened;
    },
    'dialog.openModel': async () => {
      if (!opts.showOpenDialog) throw new AppError('NOT_SUPPORTED', 'The native file dialog exists only in the desktop app.', 'Use the file picker in the page.');
      const picked = await opts.showOpenDialog();
      return picked ? openAndRemember(picked) : null;
    },
    'model.close': async ({ modelId }) => ({ closed: models.close(modelId) }),
    'recent.list': () => recents.list(),
    'recent.clear': async () => ({ cleared: await recents.clear() }),
  };

  return {
    handlers,
    models,
    uploads,
    dispose: async () => {
      await uploads?.dispose();
    },
  };
}
