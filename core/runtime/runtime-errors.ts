// How a dead runtime process is reported: what happened, to which call, and what to do.
import { AppError } from '../../shared/errors';
import type { RuntimeExit } from './runtime-port';

const how = (exit: RuntimeExit) => (exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`);

/** The process died after it had started; `what` is the call in flight, e.g. "running mlp.onnx". */
export function crashedError(exit: RuntimeExit, what?: string): AppError {
  return new AppError(
    'RUNTIME_CRASHED',
    `The runtime process stopped unexpectedly (${how(exit)})${what ? ` while ${what}` : ''}.`,
    'It may have run out of memory or hit a bug in onnxruntime. The next call starts a new runtime process and reloads the model.',
  );
}

/** The process died before saying it was ready: a broken install rather than a model. */
export function startError(exit: RuntimeExit): AppError {
  return new AppError(
    'RUNTIME_CRASHED',
    `The runtime process could not start (${how(exit)}).`,
    'Its error is printed above. Check that onnxruntime-node is installed and the app is built (npm run build).',
  );
}
