import type { Locator, Page } from '@playwright/test';

/** Inspect → Compare with…: the side-by-side comparison. */
export class DiffView {
  readonly compareButton: Locator;
  readonly compareInput: Locator;
  readonly root: Locator;
  readonly verdict: Locator;
  readonly progress: Locator;
  readonly io: Locator;
  readonly samples: Locator;
  readonly findings: Locator;
  readonly metadata: Locator;
  readonly back: Locator;

  constructor(readonly page: Page) {
    this.compareButton = page.getByRole('button', { name: 'Compare with…' });
    this.compareInput = page.getByTestId('compare-input');
    this.root = page.getByTestId('diff-view');
    this.verdict = page.getByTestId('diff-verdict');
    this.progress = page.getByTestId('diff-progress');
    this.io = page.getByRole('table', { name: 'Inputs and outputs' });
    this.samples = page.getByTestId('diff-samples');
    this.findings = page.getByTestId('diff-findings');
    this.metadata = page.getByTestId('diff-metadata');
    this.back = page.getByRole('button', { name: 'Back to Inspect' });
  }

  /** Browser mode: the compare chooser with files from disk (uploaded like the Open step's). */
  async compareWith(paths: string[]): Promise<void> {
    await this.compareInput.setInputFiles(paths);
  }

  /** The IO table's rows by status (same, added, removed, renamed, changed). */
  rows(status: string): Locator {
    return this.io.locator(`tr[data-io-status="${status}"]`);
  }
}
