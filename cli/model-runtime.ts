// What `predict` and `profile` share: read the model's signature, start a runtime process, always
// stop it, and report failures the CLI way (exit 2, one `error[CODE]: message` line on stderr).
import path from 'node:path';
import { errorLine, toErrorData } from '../shared/errors';
import { readModelSummary } from '../core/onnx/reader';
import { forkRuntime } from '../core/runtime/fork-runtime';
import type { ModelHandle } from '../core/runtime/predictor';
import { RuntimeService } from '../core/runtime/runtime-service';

/** Runs `fn` with the model and a runtime; returns the exit code (0, 2 for known errors, 1 for bugs). */
export async function withModelRuntime(modelPath: string, fn: (model: ModelHandle, runtime: RuntimeService) => Promise<void>): Promise<number> {
  const runtime = new RuntimeService(forkRuntime());
  try {
    const filePath = path.resolve(modelPath);
    const summary = await readModelSummary(filePath);
    await fn({ modelId: 'cli-model', filePath, summary }, runtime);
    return 0;
  } catch (err) {
    const data = toErrorData(err);
    process.stderr.write(`${errorLine(data)}\n`);
    return data.code === 'INTERNAL' ? 1 : 2;
  } finally {
    await runtime.dispose();
  }
}
