import { useRef } from 'react';
import { HiddenFileInput } from '../../components/HiddenFileInput';
import { compareWithDialog, compareWithFiles, comparesWithDialog } from './diff-commands';

/**
 * Inspect's "Compare with…": desktop opens the native dialog; the browser its own file chooser
 * (not the Open step's, which would replace the shown model), uploaded the same way.
 */
export function CompareButton() {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        className="btn btn-sm"
        data-testid="compare-with"
        onClick={() => (comparesWithDialog() ? void compareWithDialog() : input.current?.click())}
      >
        Compare with…
      </button>
      <HiddenFileInput
        inputRef={input}
        accept=".onnx,.gz,.tgz,.data,.bin,*"
        testId="compare-input"
        onFiles={(files) => void compareWithFiles(files)}
      />
    </>
  );
}
