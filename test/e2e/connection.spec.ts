import type { WebSocketRoute } from '@playwright/test';
import { mlp } from '../fixtures/models';
import { payload } from './pages/studio-page';
import { requireChromium } from './support/chromium';
import { expect, test } from './support/fixtures';

requireChromium();

// Runs in the page (a string: the Node-side tsconfig has no DOM types). Records every connection
// state the header shows, so a short-lived "disconnected" cannot slip between two polls.
const RECORD_CONNECTION_STATES = `(() => {
  const el = document.querySelector('[data-connection]');
  const seen = (window.__connectionStates = [el.getAttribute('data-connection')]);
  new MutationObserver(() => seen.push(el.getAttribute('data-connection'))).observe(el, { attributes: true });
})()`;

test('a dropped connection is shown, and the page reconnects and keeps working', async ({ host, studio, page, modelsDir }) => {
  const sockets: WebSocketRoute[] = [];
  await page.routeWebSocket(/\/ws(\?|$)/, (ws) => {
    sockets.push(ws);
    ws.connectToServer();
  });
  await studio.goto(host.url);
  await studio.expectState('idle');
  const dot = page.locator('[data-connection]');
  await expect(dot).toHaveAttribute('data-connection', 'connected');
  await page.evaluate(RECORD_CONNECTION_STATES);

  await sockets[0]!.close({ code: 1012, reason: 'restart' });

  await expect.poll(() => page.evaluate('window.__connectionStates')).toEqual(['connected', 'disconnected', 'connecting', 'connected']);
  expect(sockets).toHaveLength(2);
  await expect(page.getByTestId('connection-banner')).toBeHidden();
  await studio.dropFiles([payload(mlp(modelsDir))]);
  await studio.expectState('ready');
});
