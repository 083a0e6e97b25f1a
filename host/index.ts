// What other deliverables may use of the local web host: the CLI's `studio --web` starts it.
// Everything else under host/ is internal (test/integration/boundaries.spec.ts).
export { startWebHost } from './web-host';
