import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { InspectStep } from './inspect-step';
import { OpenStep } from './open-step';
import { TestStep } from './test-step';

export type AppState = 'idle' | 'loading' | 'ready' | 'error';

export interface FilePayload {
  name: string;
  bytes: Buffer;
}

export const payload = (filePath: string, name = basename(filePath)): FilePayload => ({ name, bytes: readFileSync(filePath) });

/** The whole app: its state attribute, shell, error banner, and the ways files come in. */
export class StudioPage {
  readonly root: Locator;
  readonly header: Locator;
  readonly steps: Locator;
  readonly errorBanner: Locator;
  readonly dropOverlay: Locator;
  readonly fileInput: Locator;
  /** A model on its way in: name, phase, upload progress, Cancel. */
  readonly openingStrip: Locator;
  readonly uploadBar: Locator;
  readonly cancelOpen: Locator;
  readonly notice: Locator;
  readonly open: OpenStep;
  readonly inspect: InspectStep;
  readonly test: TestStep;

  constructor(readonly page: Page) {
    this.root = page.locator('[data-app-state]');
    this.header = page.getByTestId('header-model');
    this.steps = page.getByRole('navigation', { name: 'Steps' });
    this.errorBanner = page.getByTestId('error-banner');
    this.dropOverlay = page.getByTestId('drop-overlay');
    this.fileInput = page.getByTestId('file-input');
    this.openingStrip = page.getByTestId('opening-strip');
    this.uploadBar = this.openingStrip.getByRole('progressbar', { name: 'Upload progress' });
    this.cancelOpen = this.openingStrip.getByRole('button', { name: 'Cancel' });
    this.notice = page.getByTestId('notice');
    this.open = new OpenStep(page);
    this.inspect = new InspectStep(page);
    this.test = new TestStep(page);
  }

  async goto(url: string): Promise<void> {
    await this.page.goto(url);
  }

  /** Waits for the app-wide state attribute; never a sleep. */
  /** The studio at `url` with its model open and the page ready. */
  async gotoReady(url: string): Promise<void> {
    await this.goto(url);
    await this.expectState('ready');
  }

  /** gotoReady, then the Metadata step with the model's record loaded. */
  async gotoMetadata(url: string): Promise<void> {
    await this.gotoReady(url);
    await this.step('Metadata').click();
    await expect(this.page.locator('[data-meta-state]')).toHaveAttribute('data-meta-state', 'saved');
  }

  async expectState(state: AppState, timeout?: number): Promise<void> {
    await expect(this.root).toHaveAttribute('data-app-state', state, timeout ? { timeout } : undefined);
  }

  step(name: string): Locator {
    return this.steps.getByRole('button', { name: new RegExp(`^${name}\\b`) });
  }

  /** Where every export test starts: the studio at url, rows kept as a golden sample, then the Export step. */
  async gotoExportWithGoldenSample(url: string, rows: number[][]): Promise<void> {
    await this.goto(url);
    await this.expectState('ready');
    await this.step('Test').click();
    await this.test.keepGoldenSample(rows);
    await this.step('Export').click();
  }

  /**
   * Drops files the way a user does, minus the mouse: a DataTransfer holding real File objects
   * is built in the page, then dragenter/dragover/drop are dispatched on the body.
   */
  async dropFiles(files: FilePayload[]): Promise<void> {
    const transfer = await this.page.evaluateHandle(
      (list) => {
        // Runs in the page (the Node-side tsconfig has no DOM types, hence the cast).
        const { DataTransfer } = globalThis as unknown as { DataTransfer: new () => { items: { add(file: File): unknown } } };
        const dt = new DataTransfer();
        for (const f of list) {
          const bin = atob(f.b64);
          const bytes = new Uint8Array(bin.length);
          for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
          dt.items.add(new File([bytes], f.name, { type: 'application/octet-stream' }));
        }
        return dt;
      },
      files.map((f) => ({ name: f.name, b64: f.bytes.toString('base64') })),
    );
    await this.page.dispatchEvent('body', 'dragenter', { dataTransfer: transfer });
    await expect(this.dropOverlay).toBeVisible();
    await this.page.dispatchEvent('body', 'dragover', { dataTransfer: transfer });
    await this.page.dispatchEvent('body', 'drop', { dataTransfer: transfer });
    await expect(this.dropOverlay).toBeHidden();
    await transfer.dispose();
  }

  /** The strip's data-upload-progress (0–1), or null when nothing is uploading. */
  async uploadProgress(): Promise<number | null> {
    const v = await this.openingStrip.getAttribute('data-upload-progress', { timeout: 1000 }).catch(() => null);
    return v === null ? null : Number(v);
  }

  /** The file picker with files from disk: Chromium reads them in place, however large. */
  async pickPaths(paths: string[]): Promise<void> {
    await this.fileInput.setInputFiles(paths);
  }

  /** The file picker (browser mode's hidden input), as if the user chose these files. */
  async pickFiles(files: FilePayload[]): Promise<void> {
    await this.fileInput.setInputFiles(files.map((f) => ({ name: f.name, mimeType: 'application/octet-stream', buffer: f.bytes })));
  }
}
