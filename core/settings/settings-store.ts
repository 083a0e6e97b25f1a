// Settings persisted as JSON in the data folder (atomic writes). A file that no longer parses (an
// older or hand-edited one) does not stop the studio: the fields that still validate are kept,
// the others fall back to their defaults.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_SETTINGS, SettingsSchema, type Settings } from '../../shared/settings';
import { writeFileAtomic } from '../fs/atomic-write';

export class SettingsStore {
  private readonly file: string;
  private cached: Settings | null = null;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'settings.json');
  }

  async get(): Promise<Settings> {
    this.cached ??= await this.load();
    return this.cached;
  }

  /** Validated as a whole (zod at the boundary already checked each field). */
  async set(patch: Partial<Settings>): Promise<Settings> {
    const next = SettingsSchema.parse({ ...(await this.get()), ...patch });
    await writeFileAtomic(this.file, `${JSON.stringify(next, null, 2)}\n`);
    this.cached = next;
    return next;
  }

  private async load(): Promise<Settings> {
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(this.file, 'utf8'));
    } catch {
      return DEFAULT_SETTINGS; // none yet, or unreadable: defaults
    }
    const whole = SettingsSchema.safeParse(raw);
    if (whole.success) return whole.data;
    // Field by field: one bad value must not throw away the others.
    const kept: Record<string, unknown> = {};
    const record = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
    for (const key of Object.keys(SettingsSchema.shape) as Array<keyof Settings>) {
      const field = SettingsSchema.shape[key].safeParse(record[key]);
      if (field.success) kept[key] = field.data;
    }
    return SettingsSchema.parse(kept);
  }
}
