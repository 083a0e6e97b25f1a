// Values the studio guessed for a model without a record (the task, an image input's preprocessing)
// stay marked as guesses until the user confirms or changes them, so a guessed mean/std or task is
// never shipped unseen. Pure, so it is tested under Node.
import type { MetaForm } from './meta-form';

/** The guesses still open: "task" and "prep:<input>" keys, in form order. */
export function openGuesses(form: MetaForm, loadedForm: MetaForm | null, source: 'stored' | 'derived' | undefined): string[] {
  if (source !== 'derived' || !loadedForm) return [];
  const open: string[] = [];
  if (form.task === loadedForm.task && !form.confirmed.includes('task')) open.push('task');
  for (const [name, d] of Object.entries(form.base.inputs)) {
    const key = `prep:${name}`;
    const guessed = loadedForm.base.inputs[name]?.preprocessing;
    if (!guessed || form.io[name]?.kind !== 'image' || form.confirmed.includes(key)) continue;
    if (JSON.stringify(d.preprocessing) === JSON.stringify(guessed)) open.push(key);
  }
  return open;
}
