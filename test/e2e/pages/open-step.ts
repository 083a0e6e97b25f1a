import type { Locator, Page } from '@playwright/test';

export class OpenStep {
  readonly heading: Locator;
  readonly openButton: Locator;
  readonly recent: Locator;
  readonly recentItems: Locator;
  readonly clearRecent: Locator;
  /** Browser mode with nothing opened from disk: why there is no recent list. */
  readonly recentWebNote: Locator;

  constructor(page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Open a model' });
    this.openButton = page.getByRole('button', { name: 'Open model…' });
    this.recent = page.getByRole('region', { name: 'Recent files' });
    this.recentItems = this.recent.getByRole('listitem');
    this.clearRecent = this.recent.getByRole('button', { name: 'Clear recent files', exact: true });
    this.recentWebNote = page.getByTestId('recent-web-note');
  }

  recentEntry(name: string): Locator {
    return this.recentItems.filter({ hasText: name }).getByRole('button');
  }
}
