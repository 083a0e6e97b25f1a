// The file name Save suggests: the model's name with the version being saved. A model saved once is
// named "<stem>-<version>.onnx" already: its old version is replaced, never appended to
// ("light_resnet50-1.2.0.onnx" at 1.3.0 → "light_resnet50-1.3.0.onnx", not "…-1.2.0-1.3.0.onnx").
// Pure, so it is tested under Node.

/** A semantic version (with an optional "v", pre-release and build) closing a name after "-" or "_". */
const TRAILING_VERSION = /[-_]v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** The suggested "<stem>-<version>.onnx" for a model file; `version` null (not valid yet) keeps the stem alone. */
export function suggestedFileName(fileName: string, version: string | null): string {
  const base = fileName.replace(/\.onnx$/i, '');
  let stem = base;
  // A name saved twice by an older studio ("…-1.2.0-1.2.0") loses every version it carries.
  while (TRAILING_VERSION.test(stem)) stem = stem.replace(TRAILING_VERSION, '');
  if (stem === '') stem = base; // the whole name was a version ("1.2.0.onnx"): keep it
  return version ? `${stem}-${version}.onnx` : `${stem}.onnx`;
}
