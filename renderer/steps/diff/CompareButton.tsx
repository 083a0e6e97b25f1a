import { useRef } from 'react';
import { compareWithDialog, compareWithFiles, comparesWithDialog } from './diff-commands';

/**
 * Inspect's "Compare with…": desktop opens the native dialog; the browser its own file chooser
 * (not the Open step's, which would replace the shown model), uploaded the same way.
 */
export function CompareButton() {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className="btn btn-sm" data-testid="compare-with" onClick={() => (comparesWithDialog() ? void compareWithDialog() : input.current?.click())}>
        Compare with…
      </button>
      <input
        ref={input}
        type="file"
        multiple
        accept=".onnx,.gz,.tgz,.data,.bin,*"
        className="diff-compare-input"
        tabIndex={-1}
        aria-hidden="true"
        data-testid="compare-input"
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []);
          e.currentTarget.value = '';
          if (files.length > 0) void compareWithFiles(files);
        }}
      />
    </>
  );
}
