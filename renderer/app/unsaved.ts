import { useStudio } from '../store';

/**
 * Before another model replaces the shown one: unsaved metadata edits would be lost with it, so
 * the user is asked first. True when it is fine to go on.
 */
export function confirmDiscardEdits(): boolean {
  const { form, savedForm, model } = useStudio.getState();
  if (form === null || form === savedForm) return true;
  return window.confirm(`Discard the unsaved metadata changes to ${model?.fileName ?? 'this model'}?`);
}
