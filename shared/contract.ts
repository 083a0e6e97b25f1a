// The one contract between the renderer and the main-process services. Every call and event is
// listed here once: the zod schema validates input at the boundary (IPC and WebSocket alike),
// the result type is what the handler returns. Add a call here first; TypeScript then demands a
// handler (core/studio.ts) and gives the renderer a typed `call`.
import { z } from 'zod';
import type { ModelSummary } from './model-summary';
import type { ForeignModel, ForeignTensorPreview } from './formats/types';
import type { ConvertDone, ConvertPlanView } from './formats/convert';
import { CONVERT_DTYPES } from './formats/convert-types';
import type { ArtifactPushResult } from './artifact';
import type { VerifyReport } from './bundle/verify-report';
import type { DiffReport } from './diff/types';
import type { ImageBuildResult, PushResult } from './image/types';
import type { LocalImage } from './image/base-images';
import type { Job, JobEvent } from './jobs';
import { SessionOptionsSchema, type PredictResult, type ProfileResult } from './predictions';
import type { ModelMetadata } from './metadata/defaults';
import { MetadataSchema } from './metadata/schema';
import { LABEL_FORMATS } from './metadata/onnx-props';
import { DiffSamplesSchema, SamplePolicySchema, SamplesSchema, type NamedSampleFile } from './bundle/sample';
import type { BundleFormat } from './bundle/manifest';
import { KEY_NAME, type KeyInfo, type SignatureStatus, type SignedBy } from './bundle/manifest-signature';
import { IMAGE_REF, SettingsSchema, type SettingsState } from './settings';
import { PreprocessingSchema, type PreprocessingSpec } from './preprocessing';
import { tensorNameSchema, wireTensorMapSchema } from './tensor-schema';
import type { JsonTensor } from './tensors';
import { MAX_PREVIEW_VALUES, type InitializerPreview } from './initializer-preview';

const id = z.string().regex(/^[A-Za-z0-9_-]{6,64}$/, 'expected an id');
/** A plain file name: no folders, no `..`, nothing hidden. Used for uploaded files. */
export const fileNameSchema = z
  .string()
  .min(1)
  .max(255)
  .refine((s) => !/[\\/\0]/.test(s) && s !== '.' && s !== '..', 'expected a file name without folders');

const empty = z.object({}).strict();
/** A Docker image reference: [registry[:port]/]name[:tag] (lowercase name, no digests here). */
const imageRef = z.string().min(1).max(255).regex(IMAGE_REF, 'an image reference such as mlp:1.0.0 or 127.0.0.1:5055/mlp:1.0.0');

/**
 * Largest picture input.fromPicture takes, in bytes before base64. Photos are a few MB; the cap keeps
 * a mistaken drop (a 2 GB TIFF renamed .png) from being buffered twice on its way to sharp.
 */
export const MAX_PICTURE_BYTES = 32 * 1024 * 1024;
const base64 = z
  .string()
  .min(4)
  .max(Math.ceil(MAX_PICTURE_BYTES / 3) * 4, `expected a picture of at most ${MAX_PICTURE_BYTES / (1024 * 1024)} MB`)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'expected base64');

export const callSchemas = {
  'app.info': empty,
  /** The model named on the command line (`modelcrate studio model.onnx`), if any, opened. */
  'app.initialModel': empty,
  'model.openPath': z.object({ path: z.string().min(1).max(4096) }).strict(),
  /** Browser mode: open files the user dropped, after they were uploaded to the host. */
  'model.openUpload': z.object({ uploadId: id, fileName: fileNameSchema }).strict(),
  'model.openRecent': z.object({ recentId: id }).strict(),
  /** Desktop only: native open dialog; null when the user cancels. */
  'dialog.openModel': empty,
  'model.close': z.object({ modelId: id }).strict(),
  /** Forgets a non-ONNX model file the studio read (OpenedForeign). */
  'foreign.close': z.object({ fileId: id }).strict(),
  /** A bounded look at one tensor's first values in a non-ONNX file (safetensors, GGUF…). */
  'foreign.previewTensor': z.object({ fileId: id, tensor: z.string().min(1).max(4096) }).strict(),
  /** What Convert to ONNX would run, with which Python, and what is missing (nothing runs). */
  'foreign.convertPlan': z.object({ fileId: id }).strict(),
  /** A job: converts with the local Python, checks parity with onnxruntime, opens the result. */
  'foreign.convert': z
    .object({
      fileId: id,
      inputs: z
        .array(
          z
            .object({
              name: z.string().min(1).max(256),
              dtype: z.enum(CONVERT_DTYPES),
              shape: z
                .array(
                  z
                    .number()
                    .int()
                    .min(1)
                    .max(1 << 20),
                )
                .min(0)
                .max(8),
            })
            .strict(),
        )
        .max(64)
        .default([]),
    })
    .strict(),
  'recent.list': empty,
  'recent.clear': empty,
  /** Runs the model once on the given inputs (checked against its signature first). */
  'model.predict': z
    .object({
      modelId: id,
      inputs: wireTensorMapSchema,
      outputNames: z.array(tensorNameSchema).max(1024).optional(),
      session: SessionOptionsSchema.optional(),
      /** Chosen by the caller so it can stop this run with model.cancelPredict. */
      runId: id.optional(),
    })
    .strict(),
  /** Stops a prediction: dropped if still queued, else the runtime process is ended (it restarts). */
  'model.cancelPredict': z.object({ runId: id }).strict(),
  /** A job: latency percentiles per batch size; progress and the ProfileResult arrive as job events. */
  'model.profile': z
    .object({
      modelId: id,
      runs: z.number().int().min(1).max(100_000).default(50),
      warmup: z.number().int().min(0).max(10_000).default(5),
      batchSizes: z
        .array(
          z
            .number()
            .int()
            .min(1)
            .max(1 << 16),
        )
        .min(1)
        .max(16)
        .default([1]),
      dims: z.record(z.string().min(1).max(256), z.number().int().positive()).optional(),
      session: SessionOptionsSchema.optional(),
    })
    .strict(),
  'job.cancel': z.object({ jobId: id }).strict(),
  /**
   * A picture (PNG/JPEG/WebP) → the tensor for one image input, decoded and resized with sharp in
   * the main process (the renderer cannot match libvips' resampling). The bytes travel as base64:
   * binary frames (shared/wire-frame.ts) carry typed arrays, not byte strings inside a request, so
   * base64 is one form both transports carry as they are; a photo's 4/3 inflation is small beside
   * the float tensor that comes back. Without `preprocessing` the
   * spec is inferred from the input's signature.
   */
  'input.fromPicture': z
    .object({
      modelId: id,
      input: tensorNameSchema,
      pictureBase64: base64,
      preprocessing: PreprocessingSchema.optional(),
    })
    .strict(),
  /** The model's metadata: the record stored in it, or defaults read from the model. */
  'model.metadata': z.object({ modelId: id }).strict(),
  /**
   * The first values of one initializer (of the main graph, or of the subgraph `path` leads to),
   * read from the file at its offset, with min/max/mean/NaN count (shared/initializer-preview.ts).
   */
  'model.initializerPreview': z
    .object({
      modelId: id,
      /** An initializer by name… */
      tensor: z.string().min(1).max(4096).optional(),
      /** …or the tensor a node's attribute holds (a Constant's value): node name or id n:<index>. */
      attribute: z
        .object({ node: z.string().min(1).max(4096), name: z.string().min(1).max(256) })
        .strict()
        .optional(),
      path: z
        .array(
          z
            .object({
              node: z.string().min(1).max(4096),
              attribute: z.string().min(1).max(256),
              index: z
                .number()
                .int()
                .min(0)
                .max(1 << 16)
                .optional(),
            })
            .strict(),
        )
        .max(64)
        .optional(),
      limit: z.number().int().min(1).max(MAX_PREVIEW_VALUES).optional(),
    })
    .strict()
    .refine(
      (r) => (r.tensor === undefined) !== (r.attribute === undefined),
      'give tensor (an initializer) or attribute (a node attribute holding a tensor)',
    ),
  /**
   * A job: writes the metadata into the model (metadata_props, doc_string, model_version; the graph
   * is copied byte for byte). `fileName` writes a new file beside the model (same folder, so
   * external data stays found); `overwrite` replaces the model itself after keeping a backup.
   * The written file is opened: the job's result is a SavedModel.
   */
  'model.saveMetadata': z
    .object({
      modelId: id,
      metadata: MetadataSchema,
      /** The model's own metadata_props keys to set or remove beside the record (not the studio's keys). */
      props: z
        .object({ set: z.record(z.string(), z.string()), remove: z.array(z.string()).max(10_000) })
        .strict()
        .optional(),
      /** How the labels mirror is written; default: the format the model has it in, else JSON. */
      labelsFormat: z.enum(LABEL_FORMATS).optional(),
      fileName: fileNameSchema.optional(),
      targetId: id.optional(),
      overwrite: z.boolean().default(false),
    })
    .strict()
    .refine(
      (r) => [r.overwrite, r.fileName !== undefined, r.targetId !== undefined].filter(Boolean).length === 1,
      'give one of fileName (beside the model), targetId (from dialog.saveTarget) or overwrite: true',
    ),
  /**
   * Desktop: the native save dialog. The chosen path stays in the main process; the page gets a
   * token for it (targetId) and the name to show. null when the user cancels.
   */
  'dialog.saveTarget': z.object({ modelId: id, kind: z.enum(['model', 'bundle']), suggestedName: fileNameSchema }).strict(),
  /**
   * A job: packs the model, its metadata, card, SBOM and golden samples (outputs recomputed) into a
   * bundle beside the model: a folder, or `fileName` ending .tar.gz / .tgz. Result: PackedBundle.
   */
  'bundle.pack': z
    .object({
      modelId: id,
      metadata: MetadataSchema,
      samples: SamplesSchema.default([]),
      /** The samples' size budget and which outputs they keep in full (shared/bundle/sample.ts); default the budget rule. */
      samplePolicy: SamplePolicySchema.optional(),
      fileName: fileNameSchema.optional(),
      targetId: id.optional(),
      overwrite: z.boolean().default(false),
      /** Sign modelcrate.json (modelcrate.sig) with the studio's key `keyName` (default: the only / "default" own key). */
      sign: z.boolean().default(false),
      keyName: z.string().regex(KEY_NAME, 'a key name: letters, digits and . _ -').optional(),
    })
    .strict()
    .refine(
      (r) => (r.fileName === undefined) !== (r.targetId === undefined),
      'give fileName (beside the model) or targetId (from dialog.saveTarget)',
    ),
  /** A job: checks a bundle the studio packed (bundleId from PackedBundle). Result: VerifyReport. */
  'bundle.verify': z.object({ bundleId: id }).strict(),
  /** Desktop: reveal a file the studio wrote (SavedModel.fileId, PackedBundle.bundleId) in the file manager. */
  'file.showInFolder': z.object({ fileId: id }).strict(),
  /** The studio's signing keys: its own (can sign) and the public keys it trusts. */
  'keys.list': empty,
  /** Makes a new Ed25519 key pair in the data folder (private key 0600). */
  'keys.create': z.object({ name: z.string().regex(KEY_NAME, 'letters, digits and . _ - (e.g. "release")') }).strict(),
  /** Trusts someone's public key (PEM): bundles they sign then open as signed by a trusted key. */
  'keys.trust': z
    .object({ pem: z.string().min(1).max(16_384), name: z.string().regex(KEY_NAME, 'letters, digits and . _ -').optional() })
    .strict(),
  'settings.get': empty,
  /** Changes some settings; `registryPassword` is kept in the OS keychain (desktop only), null forgets it. */
  'settings.set': z
    .object({ settings: SettingsSchema.partial().strict(), registryPassword: z.string().max(4096).nullable().optional() })
    .strict(),
  /** Whether the Docker engine answers (before offering a build). */
  'docker.status': empty,
  /** The engine's local images, judged as bases for an image build (fit Node bases first). */
  'docker.images': empty,
  /**
   * A job: packs the model with its golden samples, builds the image through the Docker socket,
   * runs it and replays the samples over OIP (the parity gate). Result: ImageBuildResult.
   */
  'image.build': z
    .object({
      modelId: id,
      metadata: MetadataSchema,
      samples: SamplesSchema,
      samplePolicy: SamplePolicySchema.optional(),
      tag: imageRef,
      baseImage: imageRef.optional(),
      /** Sign the bundle with the studio's key `keyName` and bake its public key in: the image serves only that signer's bundle. */
      sign: z.boolean().default(false),
      keyName: z.string().regex(KEY_NAME, 'a key name: letters, digits and . _ -').optional(),
    })
    .strict(),
  /** A job: tags a built image as `reference` and pushes it. Result: PushResult. */
  'image.push': z
    .object({ image: imageRef, reference: imageRef, username: z.string().max(256).optional(), password: z.string().max(4096).optional() })
    .strict(),
  /**
   * A job: packs the model (metadata, golden samples) into a bundle and pushes it to a registry as a
   * CNCF ModelPack artifact (`registry/repository:tag`). Result: ArtifactPushResult. Without a user
   * here, the one stored in Settings signs in.
   */
  'artifact.push': z
    .object({
      modelId: id,
      metadata: MetadataSchema,
      samples: SamplesSchema.default([]),
      samplePolicy: SamplePolicySchema.optional(),
      reference: z.string().trim().min(1).max(512),
      username: z.string().max(256).optional(),
      password: z.string().max(4096).optional(),
      plainHttp: z.boolean().default(false),
      /** Sign the bundle (modelcrate.sig travels as a layer) with the studio's key `keyName`. */
      sign: z.boolean().default(false),
      keyName: z.string().regex(KEY_NAME, 'a key name: letters, digits and . _ -').optional(),
    })
    .strict(),
  /**
   * A job: compares the open model (older) with another open model or bundle (newer): signature,
   * opsets, ops, weights, metadata, size; unless `run` is false, the older model's golden samples
   * (`samples`, e.g. the Test step's; else its bundle's; else one seeded random sample) on both, and
   * latency. Result: DiffReport (shared/diff/types.ts).
   */
  'model.diff': z
    .object({
      modelId: id,
      otherModelId: id,
      samples: DiffSamplesSchema.default([]),
      run: z.boolean().default(true),
    })
    .strict(),
} as const;

export type CallName = keyof typeof callSchemas;
export type CallInput<N extends CallName> = z.input<(typeof callSchemas)[N]>;
export type ParsedInput<N extends CallName> = z.output<(typeof callSchemas)[N]>;

export interface AppInfo {
  name: string;
  version: string;
  transport: 'ipc' | 'web';
  platform: string;
}

/** A bundle opened like a model: where it came from and its golden samples (for the Test step). */
export interface BundleInfo {
  fileName: string;
  format: BundleFormat;
  samples: NamedSampleFile[];
  /** All the bundle holds; more than `samples` when they were too big to bring along. */
  sampleCount: number;
  /** modelcrate.sig against the studio's keys (an invalid signature refuses the open instead). */
  signature: SignatureStatus;
}

/** A model the studio has open, as the renderer sees it: its id, never its path (core keeps a ModelRecord). */
export interface OpenedModel {
  kind?: 'onnx';
  modelId: string;
  fileName: string;
  /** Shown to the user; only ever a path the user chose themselves. */
  displayPath: string;
  summary: ModelSummary;
  /** Wall time of reading the summary, for the status bar. */
  readMs: number;
  /** Set when a bundle was opened: its model is what the steps show. */
  bundle?: BundleInfo;
}

/**
 * A model file of another format (safetensors, GGUF, PyTorch, Keras, TFLite…), read and scanned but
 * not runnable: the Inspect step shows it, and Convert turns it into an OpenedModel (docs/formats.md).
 */
export interface OpenedForeign {
  kind: 'foreign';
  fileId: string;
  fileName: string;
  displayPath: string;
  model: ForeignModel;
  readMs: number;
}

/** What opening a file gives: an ONNX model (or bundle), or a file of another format. */
export type OpenedFile = OpenedModel | OpenedForeign;

export function isForeign(opened: OpenedFile): opened is OpenedForeign {
  return opened.kind === 'foreign';
}

export interface RecentFile {
  recentId: string;
  name: string;
  displayPath: string;
  openedAt: string;
  exists: boolean;
}

/**
 * The calls that start a job, and the result each job's `done` event brings. Such a call answers
 * Job<result> at once (CallResults): its jobId is typed with the result.
 */
export interface JobResults {
  'model.profile': ProfileResult;
  'model.saveMetadata': SavedModel;
  'bundle.pack': PackedBundle;
  'bundle.verify': VerifyReport;
  'image.build': ImageBuildResult;
  'image.push': PushResult;
  'artifact.push': ArtifactPushResult;
  'model.diff': DiffReport;
  'foreign.convert': ConvertDone;
}
export type JobKind = keyof JobResults;
export type JobResult = JobResults[JobKind];
type JobCalls = { [K in JobKind]: Job<JobResults[K]> };

export interface CallResults extends JobCalls {
  'app.info': AppInfo;
  'app.initialModel': OpenedFile | null;
  'model.openPath': OpenedFile;
  'model.openUpload': OpenedFile;
  'model.openRecent': OpenedFile;
  'dialog.openModel': OpenedFile | null;
  'model.close': { closed: boolean };
  'foreign.close': { closed: boolean };
  'foreign.previewTensor': ForeignTensorPreview;
  'foreign.convertPlan': ConvertPlanView;
  'recent.list': RecentFile[];
  'recent.clear': { cleared: number };
  'model.predict': PredictResult;
  /** False when the run had already ended (or never existed). */
  'model.cancelPredict': { cancelled: boolean };
  /** False when the job had already finished (or never existed). */
  'job.cancel': { cancelled: boolean };
  'input.fromPicture': PictureInputResult;
  'model.metadata': ModelMetadata;
  'model.initializerPreview': InitializerPreview;
  'dialog.saveTarget': { targetId: string; fileName: string; displayPath: string } | null;
  'file.showInFolder': { shown: boolean };
  'keys.list': { keys: KeyInfo[] };
  'keys.create': KeyInfo;
  'keys.trust': KeyInfo;
  'settings.get': SettingsState;
  'settings.set': SettingsState;
  'docker.status': { ok: true; apiVersion: string } | { ok: false; message: string; hint?: string };
  'docker.images': { images: LocalImage[] };
}

/** The result of a bundle.pack job. */
export interface PackedBundle {
  fileName: string;
  /** The full path for a model the user opened from disk; the name only for an uploaded one. */
  displayPath: string;
  format: BundleFormat;
  bytes: number;
  /** Of the .tar.gz, or of modelcrate.json for a folder (which pins every other file). */
  sha256: string;
  files: number;
  samples: number;
  /** For bundle.verify, and (a .tar.gz) the download in browser mode. */
  bundleId: string;
  /** The signing key's id and name, when signed. */
  signedBy?: SignedBy;
}

/** The result of a model.saveMetadata job. */
export interface SavedModel {
  /** The written model, opened (a new modelId). */
  opened: OpenedModel;
  bytes: number;
  /** When overwriting: the copy of the original kept beside it. */
  backupFileName: string | null;
  /** Browser mode downloads the written file by this id (DOWNLOAD_PATH). */
  fileId: string;
}

export type CallOutput<N extends CallName> = CallResults[N];

export interface PictureInputResult {
  /** The input's tensor in the JSON form (docs/architecture.md §The JSON form of tensors), ready for model.predict. */
  tensor: Required<JsonTensor>;
  /** The spec applied, defaults filled: what the renderer shows and previews with. */
  spec: PreprocessingSpec;
  /** The picture as decoded, upright, before resizing. */
  picture: { width: number; height: number; format: string };
}

/** What the desktop app's menu asks the page to do (the page owns the state these act on). */
export const MENU_COMMANDS = ['open', 'save-metadata', 'run', 'export', 'toggle-theme'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

export interface Events {
  /** Every job's events; isEventOf (shared/jobs.ts) picks one job's, typed with its result. */
  'job.event': JobEvent;
  /** Desktop only: a menu item or its shortcut. */
  'menu.command': { command: MenuCommand };
  /** The main process opened a model on its own (second launch with a file, menu, CLI). */
  'model.opened': OpenedFile;
}
export type EventName = keyof Events;
export const EVENT_NAMES: readonly EventName[] = ['job.event', 'model.opened', 'menu.command'];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(callSchemas, name);
}
