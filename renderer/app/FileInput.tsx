import { HiddenFileInput } from '../components/HiddenFileInput';
import { registerPickerInput } from './picker';

/** Browser mode's chooser; opened through openPicker(), never shown. */
export function FileInput({ onFiles }: { onFiles: (files: File[]) => void }) {
  return <HiddenFileInput inputRef={registerPickerInput} accept=".onnx,.data,.bin,*" testId="file-input" onFiles={onFiles} />;
}
