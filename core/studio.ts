// The services behind the contract, wired once. Electron main, the web host and tests all build
// the studio through createStudio, so every transport runs the same code.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { CallName, CallOutput, OpenedFile, ParsedInput } from '../shared/contract';
import type { SettingsState } from '../shared/settings';
import { AppError } from '../shared/errors';
import { ModelRegistry, type SummaryReader } from './models/model-registry';
import { RecentFiles } from './recent/recent-files';
import { UploadStore } from './uploads/upload-store';
import { readModelSummary } from './onnx/reader';
import { APP_NAME, APP_VERSION } from './app-version';
import { EventHub, type EventSink } from './events';
import { Jobs } from './jobs/jobs';
import type { RuntimeProcessFactory } from './runtime/runtime-port';
import { RuntimeService } from './runtime/runtime-service';
import { Predictor } from './runtime/predictor';
import { profileModel } from './runtime/profile';
import { pictureInput } from './inputs/picture-input';
import { metadataOfModel } from '../shared/metadata/defaults';
import { saveMetadata } from './metadata/save-metadata';
import { PathTokens } from './outputs/path-tokens';
import { NO_SECRETS, type SecretStore } from './settings/secret-store';
import { SettingsStore } from './settings/settings-store';
import { isBundle, openBundleAsModel } from './models/open-bundle-model';
import { packJob, verifyJob } from './export/bundle-jobs';
import { dockerStatus, imageJob, pushJob } from './export/image-jobs';
import { localBaseImages } from './export/base-images';
import { artifactPushJob } from './export/artifact-jobs';
import { diffJob } from './diff/diff-job';
import { KeyStore } from './signing/key-store';
import { previewInitializer } from './onnx/initializer-preview';
import { ForeignRegistry } from './formats/foreign-registry';
import { previewTensorOf } from './formats/preview-foreign';
import { convertForeign, defaultOutPath, planForForeign } from './formats/convert-foreign';

export interface StudioOptions {
  transport: 'ipc' | 'web';
  /** Where recent files etc. are kept. */
  dataDir: string;
  /** A model named on the command line; opened on the renderer's first request. */
  initialModelPath?: string;
  /** Desktop only: the native open dialog. */
  showOpenDialog?: () => Promise<string | null>;
  readSummary?: SummaryReader;
  /** Where onnxruntime runs: Electron passes a utilityProcess, Node hosts forkRuntime(). */
  runtime: RuntimeProcessFactory;
  /** Where events go (Electron: the window). The web host subscribes to studio.events itself. */
  events?: EventSink;
  /** Cap on one prediction's inputs, in bytes. */
  maxInputBytes?: number;
  /** Where secrets are kept (Electron: safeStorage); none elsewhere. */
  secrets?: SecretStore;
  /** Desktop: a file the user opened (the OS's recent documents). */
  onOpened?: (filePath: string) => void;
  /** Desktop: reveal a file in the OS file manager. */
  showInFolder?: (filePath: string) => void;
  /** Desktop: the native save dialog; null when cancelled. */
  showSaveDialog?: (o: {
    title: string;
    defaultPath: string;
    filters: Array<{ name: string; extensions: string[] }>;
  }) => Promise<string | null>;
}

/** The one secret the studio keeps. */
const REGISTRY_PASSWORD = 'registry-password';

export type Handlers = { [N in CallName]: (input: ParsedInput<N>) => Promise<CallOutput<N>> };

export interface Studio {
  handlers: Handlers;
  models: ModelRegistry;
  uploads: UploadStore | undefined;
  events: EventHub;
  runtime: RuntimeService;
  jobs: Jobs;
  /** Files written for the user, downloadable by id in browser mode. */
  written: PathTokens;
  dispose(): Promise<void>;
}

export function createStudio(opts: StudioOptions): Studio {
  const models = new ModelRegistry(opts.readSummary ?? ((p) => readModelSummary(p, { inferShapes: true })));
  const foreign = new ForeignRegistry();
  const recents = new RecentFiles(opts.dataDir);
  const uploads = opts.transport === 'web' ? new UploadStore() : undefined;
  const events = new EventHub();
  if (opts.events) events.subscribe(opts.events);
  const runtime = new RuntimeService(opts.runtime);
  const settings = new SettingsStore(opts.dataDir);
  const keys = new KeyStore(opts.dataDir);
  /** Bundles open against the studio's own and trusted keys; a signature is shown, not required. */
  const signaturePolicy = async () => ({ trusted: await keys.trustedKeys() });
  const secrets = opts.secrets ?? NO_SECRETS;
  const predictor = new Predictor(runtime, {
    maxInputBytes: opts.maxInputBytes,
    defaultSession: async () => {
      const threads = (await settings.get()).runtimeThreads;
      return threads ? { intraOpNumThreads: threads } : {};
    },
  });
  const settingsState = async (): Promise<SettingsState> => ({
    settings: await settings.get(),
    secretsAvailable: secrets.available,
    registryPasswordStored: secrets.available && (await secrets.get(REGISTRY_PASSWORD)) !== null,
  });
  const jobs = new Jobs(events);
  const written = new PathTokens({ message: 'The studio has written no file with this id.', hint: 'Save or pack again, then download.' });
  /** Paths the user chose in a native save dialog, by token: the page never handles them raw. */
  const targets = new PathTokens({ message: 'No save dialog chose this target.', hint: 'Choose where to save again.' });
  /** Predictions that can be stopped, by the caller's run id. */
  const runs = new Map<string, AbortController>();
  let initial: Promise<OpenedFile | null> | undefined;

  /** A bundle, a model of another format (read and scanned, docs/formats.md), or an ONNX model. */
  const openAny = async (filePath: string): Promise<OpenedFile> =>
    (await isBundle(filePath))
      ? await openBundleAsModel(models, filePath, opts.dataDir, undefined, await signaturePolicy())
      : ((await foreign.open(filePath)) ?? (await models.open(filePath)));

  const remember = async <T extends OpenedFile>(opened: T): Promise<T> => {
    // Remembering is a convenience; a read-only data folder must not fail the open.
    await recents.add(opened.displayPath).catch(() => {});
    opts.onOpened?.(opened.displayPath);
    return opened;
  };
  const openAndRemember = async (filePath: string): Promise<OpenedFile> => remember(await openAny(filePath));

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
      const file = await uploads.pathOf(uploadId, fileName);
      if (await isBundle(file)) return openBundleAsModel(models, file, opts.dataDir, fileName, await signaturePolicy());
      const other = await foreign.open(file, { displayPath: fileName, outputDir: opts.dataDir });
      return other ?? models.open(file, { displayPath: fileName, origin: 'upload' });
    },
    'dialog.openModel': async () => {
      if (!opts.showOpenDialog)
        throw new AppError('NOT_SUPPORTED', 'The native file dialog exists only in the desktop app.', 'Use the file picker in the page.');
      const picked = await opts.showOpenDialog();
      return picked ? openAndRemember(picked) : null;
    },
    'model.close': async ({ modelId }) => {
      await runtime.close(modelId); // frees the session's native memory, if one was open
      return { closed: models.close(modelId) };
    },
    'foreign.close': async ({ fileId }) => ({ closed: foreign.close(fileId) }),
    'foreign.previewTensor': async ({ fileId, tensor }) => previewTensorOf(foreign.get(fileId), tensor),
    'foreign.convertPlan': async ({ fileId }) => planForForeign(foreign.get(fileId), { python: (await settings.get()).python }),
    'foreign.convert': async ({ fileId, inputs }) => {
      const file = foreign.get(fileId); // MODEL_NOT_OPEN now, not as a failed job
      const python = (await settings.get()).python;
      return jobs.start(async (ctx) => {
        const out = await defaultOutPath(file.model, file.outputDir);
        const result = await convertForeign(file, { inputs, out, python }, ctx, runtime);
        // The converted model opens like any other; the wizard continues with it.
        const opened = await remember(await models.open(result.out));
        const { size } = await stat(result.out);
        return {
          opened,
          displayPath: result.out,
          bytes: size,
          seconds: result.seconds,
          converter: result.converter,
          script: result.script,
          pythonVersion: result.pythonVersion,
          frameworks: result.frameworks,
          parity: result.parity,
        };
      });
    },
    'recent.list': () => recents.list(),
    'recent.clear': async () => ({ cleared: await recents.clear() }),
    'model.predict': async ({ modelId, inputs, outputNames, session, runId }) => {
      const model = models.get(modelId);
      if (!runId) return predictor.predictJson(model, inputs, { outputNames, session });
      const stop = new AbortController();
      runs.set(runId, stop);
      try {
        return await predictor.predictJson(model, inputs, { outputNames, session, signal: stop.signal });
      } finally {
        runs.delete(runId);
      }
    },
    'model.cancelPredict': async ({ runId }) => {
      const stop = runs.get(runId);
      stop?.abort();
      return { cancelled: stop !== undefined };
    },
    'model.profile': async ({ modelId, ...req }) => {
      const model = models.get(modelId); // MODEL_NOT_OPEN now, not as a failed job
      return jobs.start((ctx) => profileModel(runtime, model, { ...req, maxInputBytes: opts.maxInputBytes }, ctx));
    },
    'job.cancel': async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    'input.fromPicture': async ({ modelId, input, pictureBase64, preprocessing }) =>
      pictureInput(models.get(modelId).summary, { input, bytes: Buffer.from(pictureBase64, 'base64'), preprocessing }),
    'model.metadata': async ({ modelId }) => metadataOfModel(models.get(modelId).summary),
    'model.initializerPreview': async ({ modelId, ...req }) => previewInitializer(models.get(modelId), req),
    'dialog.saveTarget': async ({ modelId, kind, suggestedName }) => {
      if (!opts.showSaveDialog)
        throw new AppError(
          'NOT_SUPPORTED',
          'The native save dialog exists only in the desktop app.',
          'Type a file name; it is written beside the model.',
        );
      const model = models.get(modelId);
      const picked = await opts.showSaveDialog({
        title: kind === 'model' ? 'Save the model with its metadata' : 'Save the bundle',
        defaultPath: path.join(model.outputDir, suggestedName),
        filters:
          kind === 'model'
            ? [{ name: 'ONNX models', extensions: ['onnx'] }]
            : [
                { name: 'Bundles (.tar.gz)', extensions: ['tar.gz', 'tgz'] },
                { name: 'Folder bundle', extensions: ['*'] },
              ],
      });
      if (!picked) return null;
      return { targetId: targets.register(picked), fileName: path.basename(picked), displayPath: picked };
    },
    'model.saveMetadata': async ({ modelId, targetId, ...req }) => {
      const model = models.get(modelId); // MODEL_NOT_OPEN now, not as a failed job
      const targetPath = targetId ? targets.pathOf(targetId) : undefined;
      // An uploaded copy is not worth a recent entry; a file the user chose is.
      return jobs.start(async (ctx) => {
        const saved = await saveMetadata(model, { ...req, targetPath }, ctx, (file, display) =>
          display ? models.open(file, { displayPath: display, origin: 'upload' }) : models.open(file).then(remember),
        );
        return { ...saved, fileId: written.register(models.get(saved.opened.modelId).filePath) };
      });
    },
    'bundle.pack': async ({ modelId, targetId, ...req }) => {
      const model = models.get(modelId);
      const targetPath = targetId ? targets.pathOf(targetId) : undefined;
      if (req.sign || req.keyName !== undefined) await keys.signingKey(req.keyName); // KEY_NOT_FOUND now, not as a failed job
      return jobs.start((ctx) => packJob(model, { ...req, targetPath }, ctx, { runtime, written, keys }));
    },
    'file.showInFolder': async ({ fileId }) => {
      if (!opts.showInFolder)
        throw new AppError('NOT_SUPPORTED', 'Showing a file in its folder works in the desktop app only.', 'Use Download instead.');
      opts.showInFolder(written.pathOf(fileId));
      return { shown: true };
    },
    'keys.list': async () => ({ keys: await keys.list() }),
    'keys.create': ({ name }) => keys.create(name),
    'keys.trust': ({ pem, name }) => keys.trust(pem, name, 'The pasted text'),
    'settings.get': () => settingsState(),
    'settings.set': async ({ settings: patch, registryPassword }) => {
      if (registryPassword !== undefined) {
        if (!secrets.available && registryPassword !== null) {
          throw new AppError(
            'NOT_SUPPORTED',
            'Passwords are kept only by the desktop app, in the OS keychain.',
            'Type the password when you push; it is not stored.',
          );
        }
        await secrets.set(REGISTRY_PASSWORD, registryPassword);
      }
      await settings.set(patch);
      return settingsState();
    },
    'docker.status': async () => dockerStatus((await settings.get()).dockerHost),
    'docker.images': async () => ({ images: await localBaseImages((await settings.get()).dockerHost) }),
    'image.build': async ({ modelId, ...req }) => {
      const model = models.get(modelId);
      const s = await settings.get();
      const signing = req.sign || req.keyName !== undefined ? await keys.signingKey(req.keyName) : undefined; // KEY_NOT_FOUND now, not as a failed job
      return jobs.start((ctx) =>
        imageJob(model, { ...req, baseImage: req.baseImage ?? s.defaultBaseImage, signing }, ctx, {
          runtime,
          dataDir: opts.dataDir,
          dockerHost: s.dockerHost,
        }),
      );
    },
    'image.push': async (req) => {
      const s = await settings.get();
      // The stored password goes with the stored user when the request brings no credentials.
      const stored =
        !req.username && s.registryUser ? { username: s.registryUser, password: (await secrets.get(REGISTRY_PASSWORD)) ?? undefined } : {};
      return jobs.start((ctx) => pushJob({ ...req, ...stored }, ctx, s.dockerHost));
    },
    'artifact.push': async ({ modelId, username, password, ...req }) => {
      const model = models.get(modelId); // MODEL_NOT_OPEN now, not as a failed job
      const s = await settings.get();
      // As image.push: the stored user and keychain password when the request brings no user.
      const credentials = username
        ? { username, password }
        : s.registryUser
          ? { username: s.registryUser, password: (await secrets.get(REGISTRY_PASSWORD)) ?? undefined }
          : undefined;
      const signing = req.sign || req.keyName !== undefined ? await keys.signingKey(req.keyName) : undefined; // KEY_NOT_FOUND now, not as a failed job
      return jobs.start((ctx) => artifactPushJob(model, { ...req, credentials, signing }, ctx, { runtime, dataDir: opts.dataDir }));
    },
    'model.diff': async ({ modelId, otherModelId, ...req }) => {
      const older = models.get(modelId); // MODEL_NOT_OPEN now, not as a failed job
      const newer = models.get(otherModelId);
      return jobs.start((ctx) => diffJob(older, newer, req, ctx, runtime));
    },
    'bundle.verify': async ({ bundleId }) => {
      written.pathOf(bundleId); // an unknown id fails now, not as a failed job
      return jobs.start((ctx) => verifyJob(bundleId, ctx, { runtime, written, keys }));
    },
  };

  return {
    handlers,
    models,
    uploads,
    events,
    runtime,
    jobs,
    written,
    dispose: async () => {
      jobs.cancelAll();
      await runtime.dispose();
      await uploads?.dispose();
    },
  };
}
