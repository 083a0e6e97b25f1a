// What `predict`, `profile` and `pack` share: read the model's signature, start a runtime process
// and always stop it. Failures are thrown, for the command's runner to report (cli/run-command.ts).
import path from 'node:path';
import { readModelSummary } from '../core/onnx/reader';
import { forkRuntime } from '../core/runtime/fork-runtime';
import type { ModelRef } from '../core/runtime/predictor';
import { RuntimeService } from '../core/runtime/runtime-service';

/** Runs `fn` with the model and a runtime, and stops the runtime however `fn` ends. */
export async function withModelRuntime<T>(modelPath: string, fn: (model: ModelRef, runtime: RuntimeService) => Promise<T>): Promise<T> {
  const runtime = new RuntimeService(forkRuntime());
  try {
    const filePath = path.resolve(modelPath);
    const summary = await readModelSummary(filePath);
    return await fn({ modelId: 'cli-model', filePath, summary }, runtime);
  } finally {
    await runtime.dispose();
  }
}
