import { describe, expect, it } from 'vitest';
import { adviseForUpload } from './upload-advice';

describe('errors about an uploaded model speak to the browser user', () => {
  it('missing external data: no temp folder, and "choose both files" instead of "copy it beside"', () => {
    const out = adviseForUpload(
      {
        code: 'EXTERNAL_DATA_MISSING',
        message: "Tensor 'W' keeps its data in 'weights.bin', but that file is not in the model's folder (/tmp/modelcrate-uploads-AbC/x1).",
        hint: "Copy 'weights.bin' (it comes with the model) next to the .onnx file and open the model again.",
      },
      'model.onnx',
    );
    expect(out.message).toBe("Tensor 'W' keeps its data in 'weights.bin', which was not among the files you chose with model.onnx.");
    expect(out.hint).toMatch(/^Choose or drop model\.onnx together with 'weights\.bin'/);
    expect(JSON.stringify(out)).not.toMatch(/tmp|next to/);
  });

  it('any other error loses the upload folder and keeps the rest', () => {
    const err = { code: 'EXTERNAL_DATA_OUT_OF_RANGE' as const, message: 'Bad range in /var/tmp/modelcrate-uploads-Q9/abc/w.bin.' };
    expect(adviseForUpload(err, 'm.onnx').message).toBe('Bad range in w.bin.');
    const dir = { code: 'IO_ERROR' as const, message: 'Could not read the folder (/tmp/modelcrate-uploads-Q9/abc).' };
    expect(adviseForUpload(dir, 'm.onnx').message).toBe('Could not read the folder.');
    const plain = { code: 'NOT_ONNX' as const, message: 'x.txt is not an ONNX model.', hint: 'Pick a .onnx file.' };
    expect(adviseForUpload(plain, 'x.txt')).toBe(plain);
  });
});
