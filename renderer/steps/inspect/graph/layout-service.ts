// One layout worker for the page, started when this code loads (with the app: its script is then
// loaded before the first model arrives) and kept: its cache of recent layouts survives leaving the
// Inspect step and coming back.
import { LayoutClient } from './layout-client';

let client: LayoutClient | null = null;

export function layoutClient(): LayoutClient {
  client ??= new LayoutClient(() => new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module', name: 'graph-layout' }));
  return client;
}

layoutClient().prewarm();
