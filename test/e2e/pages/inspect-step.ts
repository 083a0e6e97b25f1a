import type { Locator, Page } from '@playwright/test';

export interface IoRow {
  name: string;
  type: string;
  shape: string;
}

export class InspectStep {
  readonly heading: Locator;
  readonly ioTable: Locator;
  readonly facts: Locator;
  readonly metadata: Locator;
  readonly ops: Locator;
  readonly weights: Locator;
  readonly readTime: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.ioTable = page.getByRole('table', { name: 'Inputs and outputs' });
    this.facts = page.getByTestId('model-facts');
    this.metadata = page.getByRole('region', { name: 'Metadata' });
    this.ops = page.getByRole('table', { name: 'Operators' });
    this.weights = page.getByRole('table', { name: 'Weights by size' });
    // Shown once, in the header beside the file name (Inspect no longer repeats it).
    this.readTime = page.locator('.header-model-meta');
  }

  private async rows(kind: 'input' | 'output'): Promise<IoRow[]> {
    const rows = this.ioTable.locator(`tr[data-io-kind="${kind}"]`);
    const out: IoRow[] = [];
    for (const row of await rows.all()) {
      // textContent, not innerText: the dim chips are flex items, which innerText pads with spaces.
      const [name, type, shape] = await Promise.all([
        row.locator('th').textContent(),
        row.locator('td').nth(0).textContent(),
        row.locator('td').nth(1).textContent(),
      ]);
      out.push({ name: (name ?? '').trim(), type: (type ?? '').trim(), shape: (shape ?? '').trim() });
    }
    return out;
  }

  inputs(): Promise<IoRow[]> {
    return this.rows('input');
  }

  outputs(): Promise<IoRow[]> {
    return this.rows('output');
  }

  fact(label: string): Locator {
    return this.facts
      .locator('.fact')
      .filter({ has: this.page.locator('dt', { hasText: label }) })
      .locator('dd');
  }
}
