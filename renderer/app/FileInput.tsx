import { registerPickerInput } from './picker';

/** Browser mode's chooser; opened through openPicker(), never shown. */
export function FileInput({ onFiles }: { onFiles: (files: File[]) => void }) {
  return (
    <input
      ref={registerPickerInput}
      type="file"
      multiple
      accept=".onnx,.data,.bin,*"
      hidden
      tabIndex={-1}
      aria-hidden="true"
      data-testid="file-input"
      onChange={(e) => {
        const files = Array.from(e.currentTarget.files ?? []);
        // Cleared so that picking the same file again still fires change.
        e.currentTarget.value = '';
        if (files.length > 0) onFiles(files);
      }}
    />
  );
}
