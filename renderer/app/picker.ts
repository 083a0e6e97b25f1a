import { openWithDialog, usesNativeDialog } from './commands';

let input: HTMLInputElement | null = null;

/** The hidden file input registers itself so a button anywhere, or Ctrl/Cmd+O, can open it. */
export function registerPickerInput(el: HTMLInputElement | null): void {
  input = el;
}

/** Desktop: the native dialog; browser: the file input's chooser. */
export function openPicker(): void {
  if (usesNativeDialog()) void openWithDialog();
  else input?.click();
}
