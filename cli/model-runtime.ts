// A runtime process for the commands that run a model (predict, profile, pack, verify, diff,
// build, artifact pull): forked for the command and always stopped. Failures are thrown, for the
// command's runner to report (cli/run-command.ts).
import path from 'node:path';
import { readModelSummary } from '../core/onnx/reader';
import { forkRuntime } from '../core/runtime/fork-runtime';
import type { ModelHandle } from '../core/runtime/predictor';
import { RuntimeService } from '../core/runtime/runtime-service';

/** Runs `fn` with a runtime, and stops the runtime however `fn` ends. */
export async function withRuntime<T>(fn: (runtime: RuntimeService) => Promise<T>): Promise<T> {
  const runtime = new RuntimeService(forkRuntime());
  try {
    return await fn(runtime);
  } finally {
    await runtime.dispose();
  }
}

/** withRuntime, with the model's signature read first (predict, profile, pack). */
export function withModelRuntime<T>(modelPath: string, fn: (model: ModelHandle, runtime: RuntimeService) => Promise<T>): Promise<T> {
  return withRuntime(async (runtime) => {
    const filePath = path.resolve(modelPath);
    const summary = await readModelSummary(filePath);
    return fn({ modelId: 'cli-model', filePath, summary }, runtime);
  });
}
