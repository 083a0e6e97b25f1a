import AxeBuilder from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';

/** axe's serious and critical findings, reduced to what a failure message needs. */
export async function seriousViolations(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

/** A full-page screenshot at a fixed path (for people to look at), also attached to the report. */
export async function screenshot(page: Page, testInfo: TestInfo, path: string, title: string): Promise<void> {
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(title, { path, contentType: 'image/png' });
}
