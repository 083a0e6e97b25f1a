import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';

export type GraphState = 'laying-out' | 'ready' | 'error';

/** The Inspect step's graph card: state attributes, toolbar, canvas, properties and breadcrumbs. */
export class GraphView {
  readonly card: Locator;
  readonly view: Locator;
  readonly canvas: Locator;
  readonly minimap: Locator;
  readonly search: Locator;
  readonly properties: Locator;
  readonly breadcrumbs: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.card = page.getByRole('region', { name: /^Graph/ });
    this.view = page.getByTestId('graph-view');
    this.canvas = this.view.locator('canvas.graph-canvas');
    this.minimap = page.getByTestId('graph-minimap');
    this.search = page.getByLabel('Search the graph', { exact: true });
    this.properties = page.getByRole('complementary', { name: 'Node properties' });
    this.breadcrumbs = page.getByRole('navigation', { name: 'Subgraph path' });
    this.error = this.card.getByRole('alert');
  }

  button(name: string): Locator {
    return this.card.getByRole('toolbar', { name: 'Graph view' }).getByRole('button', { name, exact: true });
  }

  /** Waits for data-graph-state (ready = the first frame of the graph shown has been drawn). */
  async expectState(state: GraphState, timeout?: number): Promise<void> {
    await expect(this.view).toHaveAttribute('data-graph-state', state, timeout ? { timeout } : undefined);
  }

  async nodeCount(): Promise<number> {
    return Number(await this.view.getAttribute('data-node-count'));
  }

  /** The drawing point at the viewport's centre, and the zoom. */
  async camera(): Promise<{ x: number; y: number; zoom: number }> {
    const [x, y] = ((await this.view.getAttribute('data-view-centre')) ?? '').split(',').map(Number);
    return { x: x!, y: y!, zoom: Number(await this.view.getAttribute('data-zoom')) };
  }

  /** Clicks Export PNG and reads the downloaded file. */
  async exportPng(): Promise<Buffer> {
    const download = this.page.waitForEvent('download');
    await this.button('Export PNG').click();
    return readFileSync(await (await download).path());
  }

  /** Clicks Export SVG and reads the downloaded file. */
  async exportSvg(): Promise<string> {
    const download = this.page.waitForEvent('download');
    await this.button('Export SVG').click();
    const file = await (await download).path();
    return readFileSync(file, 'utf8');
  }

  /** Clicks (or double-clicks) the canvas at its centre, where a focused search hit is put. */
  async clickCentre(opts: { double?: boolean } = {}): Promise<void> {
    await this.canvas.scrollIntoViewIfNeeded();
    const box = await this.canvas.boundingBox();
    if (!box) throw new Error('the graph canvas is not visible');
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
    await (opts.double ? this.page.mouse.dblclick(x, y) : this.page.mouse.click(x, y));
  }
}
