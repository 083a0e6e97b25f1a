import WebSocket from 'ws';
import { requireChromium } from './support/chromium';
import { expect, test } from './support/fixtures';

requireChromium();

/** The HTTP status a WebSocket handshake gets (101 when it is accepted). */
function handshake(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.once('error', reject);
  });
}

test('without the right token the page, uploads and the WebSocket are refused', async ({ host, request, page }) => {
  expect((await request.get(`${host.origin}/`)).status()).toBe(401);
  expect((await request.get(`${host.origin}/?token=not-the-token`)).status()).toBe(401);
  expect((await request.post(`${host.origin}/api/upload?name=m.onnx`, { data: Buffer.from('x') })).status()).toBe(401);

  const ws = host.origin.replace('http:', 'ws:') + '/ws';
  expect(await handshake(ws)).toBe(403);
  expect(await handshake(`${ws}?token=not-the-token`)).toBe(403);
  expect(await handshake(`${ws}?token=${host.token}`, { Origin: 'http://evil.example' })).toBe(403);
  expect(await handshake(`${ws}?token=${host.token}`)).toBe(101);

  const res = await page.goto(`${host.origin}/`);
  expect(res?.status()).toBe(401);
  expect((await page.goto(host.url))?.status()).toBe(200);
});

test('without ?token= the page works through the session cookie, and says which URL to use when refused', async ({
  host,
  studio,
  page,
  browser,
}) => {
  // Same browser session: the first visit's cookie lets a bookmark without the token in.
  await studio.goto(host.url);
  await studio.expectState('idle');
  await studio.goto(`${host.origin}/`);
  await studio.expectState('idle');
  await expect(page.getByText('Connected', { exact: true })).toBeVisible();

  // A fresh session that somehow got the page (here: served through a route) but has no token
  // and no cookie: the host refuses the socket, and the page explains how to get in.
  const context = await browser.newContext();
  const stranger = await context.newPage();
  await stranger.route(`${host.origin}/**`, async (route) => {
    const url = new URL(route.request().url());
    url.searchParams.set('token', host.token);
    const r = await fetch(url);
    await route.fulfill({
      status: r.status,
      contentType: r.headers.get('content-type') ?? undefined,
      body: Buffer.from(await r.arrayBuffer()),
    });
  });
  await stranger.goto(`${host.origin}/`);
  const screen = stranger.getByTestId('missing-token');
  await expect(screen).toBeVisible();
  await expect(screen).toContainText('npx modelcrate studio --web');
  await expect(stranger.locator('[data-app-state]')).toHaveAttribute('data-app-state', 'error');
  await context.close();
});
