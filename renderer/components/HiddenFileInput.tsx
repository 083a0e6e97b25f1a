import type { Ref } from 'react';

/**
 * A file chooser never shown: opened by a click from code (browser mode), it hands over what was
 * picked. Cleared after each pick so that picking the same file again still fires change.
 */
export function HiddenFileInput({
  inputRef,
  accept,
  testId,
  onFiles,
}: {
  inputRef: Ref<HTMLInputElement>;
  accept: string;
  testId: string;
  onFiles: (files: File[]) => void;
}) {
  return (
    <input
      ref={inputRef}
      type="file"
      multiple
      accept={accept}
      hidden
      tabIndex={-1}
      aria-hidden="true"
      data-testid={testId}
      onChange={(e) => {
        const files = Array.from(e.currentTarget.files ?? []);
        e.currentTarget.value = '';
        if (files.length > 0) onFiles(files);
      }}
    />
  );
}
