// In the browser, a model is an uploaded copy in the host's temp folder: an error that names that
// folder, or says to copy a file "next to the .onnx file", means nothing to the person at the
// browser. They can only choose files again, so that is what the advice says.
import type { ErrorData } from '../../shared/errors';

/** A path in the host's private upload folder (core/uploads/upload-store.ts): root, group, then the file. */
const UPLOAD_PATH = /[^\s()'"]*modelcrate-uploads-[^\s()'"/]*((?:\/[^\s()'"/]+)*)/g;

/** A file in the upload folder is named by its own name; the folder itself is not named at all. */
function withoutUploadDir(text: string): string {
  return text
    .replace(UPLOAD_PATH, (_, rest: string) => {
      const parts = rest.split('/').filter(Boolean);
      return parts.length >= 2 ? parts[parts.length - 1]! : '@@upload-dir@@';
    })
    .replace(/\s*\(@@upload-dir@@\)|\s*@@upload-dir@@/g, '');
}

const MISSING = /^Tensor '(.+?)' keeps its data in '(.+?)'/;

export function adviseForUpload(err: ErrorData, modelName: string): ErrorData {
  const missing = err.code === 'EXTERNAL_DATA_MISSING' ? MISSING.exec(err.message) : null;
  if (missing) {
    const [, tensor, file] = missing;
    return {
      ...err,
      message: `Tensor '${tensor}' keeps its data in '${file}', which was not among the files you chose with ${modelName}.`,
      hint: `Choose or drop ${modelName} together with '${file}' (select both at once): the browser sends only the files you pick.`,
    };
  }
  const message = withoutUploadDir(err.message);
  const hint = err.hint === undefined ? undefined : withoutUploadDir(err.hint);
  return message === err.message && hint === err.hint ? err : { ...err, message, ...(hint !== undefined ? { hint } : {}) };
}
