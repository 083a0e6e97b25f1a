import { readFile, stat, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { RecentFile } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { writeFileAtomic } from '../fs/atomic-write';
import { idForPath } from '../ids';

const MAX_ENTRIES = 12;
const entrySchema = z.object({ path: z.string(), name: z.string(), openedAt: z.string() });
const fileSchema = z.object({ version: z.literal(1), entries: z.array(entrySchema) });
type Entry = z.infer<typeof entrySchema>;

/** Recently opened model paths, persisted as JSON in the data folder (atomic writes). */
export class RecentFiles {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'recent.json');
  }

  async add(filePath: string): Promise<void> {
    const entries = (await this.load()).filter((e) => e.path !== filePath);
    entries.unshift({ path: filePath, name: path.basename(filePath), openedAt: new Date().toISOString() });
    await this.save(entries.slice(0, MAX_ENTRIES));
  }

  async list(): Promise<RecentFile[]> {
    const entries = await this.load();
    return Promise.all(
      entries.map(async (e) => ({
        recentId: idForPath(e.path),
        name: e.name,
        displayPath: e.path,
        openedAt: e.openedAt,
        exists: await stat(e.path).then(
          (s) => s.isFile(),
          () => false,
        ),
      })),
    );
  }

  async pathFor(recentId: string): Promise<string> {
    const entry = (await this.load()).find((e) => idForPath(e.path) === recentId);
    if (!entry) throw new AppError('FILE_NOT_FOUND', 'That recent file is no longer in the list.', 'Open the file again.');
    return entry.path;
  }

  async clear(): Promise<number> {
    const count = (await this.load()).length;
    await this.save([]);
    return count;
  }

  private async load(): Promise<Entry[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return [];
    }
    // A corrupt list is not worth an error dialog: start afresh.
    const parsed = fileSchema.safeParse(safeJson(text));
    return parsed.success ? parsed.data.entries : [];
  }

  private async save(entries: Entry[]): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    await writeFileAtomic(this.file, JSON.stringify({ version: 1, entries }, null, 2));
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
