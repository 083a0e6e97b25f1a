import { expect, type Locator, type Page } from '@playwright/test';

export type TestState = 'idle' | 'running' | 'done' | 'error';

/** The Test step: input editors by input name, Run, output cards by output name, profile, samples. */
export class TestStep {
  readonly root: Locator;
  readonly runButton: Locator;
  /** The Run button while a run is under way (spinner, "Running…", disabled). */
  readonly runningButton: Locator;
  readonly cancelRun: Locator;
  readonly runStatus: Locator;
  readonly profile: Locator;
  readonly profileResult: Locator;
  readonly samples: Locator;

  constructor(readonly page: Page) {
    this.root = page.locator('[data-test-state]');
    this.runButton = page.getByRole('button', { name: 'Run', exact: true });
    this.runningButton = page.getByRole('button', { name: 'Running…', exact: true });
    this.cancelRun = page.locator('.run-bar').getByRole('button', { name: 'Cancel', exact: true });
    this.runStatus = page.getByTestId('run-status');
    this.profile = page.getByRole('region', { name: 'Latency profile' });
    this.profileResult = page.getByTestId('profile-result');
    this.samples = page.getByRole('region', { name: 'Golden samples' });
  }

  /** Waits for the step's state attribute; never a sleep. */
  async expectState(state: TestState, timeout?: number): Promise<void> {
    await expect(this.root).toHaveAttribute('data-test-state', state, timeout ? { timeout } : undefined);
  }

  input(name: string): Locator {
    return this.page.locator(`[data-input-name="${name}"]`);
  }

  async chooseTab(input: string, tab: 'Grid' | 'JSON' | 'File' | 'Image' | 'Generate'): Promise<void> {
    await this.input(input).getByRole('tab', { name: tab, exact: true }).click();
    await expect(this.input(input)).toHaveAttribute('data-input-tab', tab.toLowerCase());
  }

  /** The size field of a symbolic dim, by its name. */
  dim(name: string): Locator {
    return this.page.locator(`[data-dim="${name}"] input`);
  }

  cell(input: string, index: number[]): Locator {
    return this.input(input).getByRole('textbox', { name: `${input}[${index.join(',')}]`, exact: true });
  }

  /** Types a row-major matrix into the grid. */
  async fillGrid(input: string, rows: number[][]): Promise<void> {
    for (const [r, row] of rows.entries()) {
      for (const [c, v] of row.entries()) await this.cell(input, [r, c]).fill(String(v));
    }
  }

  json(input: string): Locator {
    return this.input(input).getByRole('textbox', { name: /Tensor as JSON/ });
  }

  inputError(input: string): Locator {
    return this.input(input).getByTestId('input-error');
  }

  /** The hidden chooser behind a tab's "Choose …" button (File or Image tab). */
  picker(kind: 'file' | 'image', input: string): Locator {
    return this.page.getByTestId(`${kind}-drop-${input}-input`);
  }

  /** A tab's drop zone (File or Image tab). */
  dropZone(kind: 'file' | 'image', input: string): Locator {
    return this.page.getByTestId(`${kind}-drop-${input}`);
  }

  /** Drops one file on a drop zone as a user would (a DataTransfer with a real File, built in the page). */
  async dropOn(zone: Locator, name: string, bytes: Buffer): Promise<void> {
    const transfer = await this.page.evaluateHandle(
      ({ name, b64 }) => {
        // Runs in the page (the Node-side tsconfig has no DOM types, hence the cast).
        const { DataTransfer } = globalThis as unknown as { DataTransfer: new () => { items: { add(file: File): unknown } } };
        const dt = new DataTransfer();
        const bin = atob(b64);
        dt.items.add(new File([Uint8Array.from(bin, (c) => c.charCodeAt(0))], name));
        return dt;
      },
      { name, b64: bytes.toString('base64') },
    );
    for (const type of ['dragenter', 'dragover', 'drop']) await zone.dispatchEvent(type, { dataTransfer: transfer });
    await transfer.dispose();
  }

  async run(): Promise<void> {
    await this.runButton.click();
  }

  /** The mlp-shaped flow the export tests start from: a grid `x` with a symbolic batch, run, kept. */
  async keepGoldenSample(rows: number[][], name?: string): Promise<void> {
    await this.dim('batch').fill(String(rows.length));
    await this.fillGrid('x', rows);
    await this.run();
    await this.expectState('done');
    if (name) await this.samples.getByLabel('Sample name').fill(name);
    await this.samples.getByRole('button', { name: 'Save as golden sample' }).click();
  }

  output(name: string): Locator {
    return this.page.locator(`[data-output-name="${name}"]`);
  }

  outputCard(name: string): Locator {
    return this.page.locator('section.output-card').filter({ has: this.output(name) });
  }

  /** The values shown for an output (first ones, as displayed), parsed back to numbers. */
  async outputValues(name: string): Promise<number[]> {
    const cells = this.output(name).locator('td[data-index]');
    return (await cells.allTextContents()).map(Number);
  }

  /** Top-k rows as shown: [label or "class i", score]. */
  async topK(name: string): Promise<Array<{ label: string; index: number; score: number }>> {
    const rows = this.output(name).getByTestId('topk').locator('tbody tr');
    const out = [];
    for (const row of await rows.all()) {
      out.push({
        label: (await row.getAttribute('data-class-label')) ?? '',
        index: Number(await row.getAttribute('data-class-index')),
        score: Number(await row.locator('.topk-score').textContent()),
      });
    }
    return out;
  }

  profileField(label: 'Runs' | 'Warm-up' | 'Batch sizes'): Locator {
    return this.profile.getByLabel(label, { exact: true });
  }

  profileRow(batch: number): Locator {
    return this.profileResult.locator(`tr[data-batch="${batch}"]`);
  }
}
