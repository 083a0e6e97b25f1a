// One layout worker for the page, created on first use and kept: its cache of recent layouts then
// survives leaving the Inspect step and coming back.
import { LayoutClient } from './layout-client';

let client: LayoutClient | null = null;

export function layoutClient(): LayoutClient {
  client ??= new LayoutClient(() => new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module', name: 'graph-layout' }));
  return client;
}
