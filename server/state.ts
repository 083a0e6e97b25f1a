// Where the server is in its start-up: loading the model, replaying the golden samples, ready, or
// failed (and then never ready: it keeps answering health and metadata, and says why).
import type { ErrorData } from '../shared/errors';

export type ServerState = { phase: 'loading' } | { phase: 'ready'; samples: number; ms: number } | { phase: 'failed'; error: ErrorData };
