// The studio's settings: one validated shape, kept as JSON in the data folder. Secrets (the
// registry password) are never part of it: they live in the OS keychain through Electron's
// safeStorage, and only in the desktop app.
import { z } from 'zod';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/** [registry[:port]/]name[:tag], lowercase: what Docker takes as an image reference. */
export const IMAGE_REF = /^[a-z0-9]([a-z0-9._/:-]*[a-zA-Z0-9_.-])?$/;

export const SettingsSchema = z
  .object({
    /** Empty: DOCKER_HOST, else the default socket. E.g. unix:///var/run/docker.sock, tcp://host:2375. */
    dockerHost: z
      .string()
      .max(1024)
      .regex(/^$|^(unix|tcp|npipe|ssh):\/\//, 'unix://, tcp://, npipe:// or ssh:// followed by the address')
      .default(''),
    defaultBaseImage: z
      .string()
      .max(255)
      .regex(IMAGE_REF, 'an image reference such as node:22-bookworm-slim')
      .default('node:22-bookworm-slim'),
    /** Where Push goes by default, e.g. registry.example.com/team (the model's name:version is added). */
    registry: z
      .string()
      .max(255)
      .regex(/^$|^[a-z0-9]([a-z0-9._/:-]*[a-z0-9])?$/, 'a registry host with an optional path, e.g. 127.0.0.1:5000 or ghcr.io/team')
      .default(''),
    registryUser: z.string().max(256).default(''),
    /** onnxruntime intra-op threads for new sessions; 0 = one per core. */
    runtimeThreads: z.number().int().min(0).max(256).default(0),
    theme: z.enum(THEMES).default('system'),
    /** The Python that converts other formats to ONNX (docs/formats.md); empty: /usr/bin/python3, python3, python. */
    python: z
      .string()
      .max(4096)
      .regex(/^$|^[^\0\n]+$/, 'a path to a Python interpreter, e.g. /usr/bin/python3 or ~/venv/bin/python')
      .default(''),
  })
  .strict();

export type Settings = z.output<typeof SettingsSchema>;
export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});

export interface SettingsState {
  settings: Settings;
  /** Whether this app can keep secrets (the desktop app with an OS keychain). */
  secretsAvailable: boolean;
  /** Whether a registry password is stored. */
  registryPasswordStored: boolean;
}
