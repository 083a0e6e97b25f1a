// Where each form problem lives: the name a person reads in the summary ("Licence") and the id of the
// control that takes the focus when it is picked there. Keys are fieldOfIssue's ("license",
// "io:<name>") and "prop:<row>" for the custom keys' table.

const LABELS: Record<string, string> = {
  name: 'Name',
  version: 'Version',
  title: 'Title',
  task: 'Task',
  license: 'Licence',
  tags: 'Tags',
  authors: 'Authors',
  description: 'Description',
  labels: 'Class labels',
  sourceRepository: 'Source repository',
  revision: 'Revision',
  framework: 'Framework',
  frameworkVersion: 'Framework version',
  trainingData: 'Training data',
  intendedUse: 'Intended use',
  limitations: 'Limitations',
  modelCard: 'Model card',
};

export interface IssueTarget {
  key: string;
  label: string;
  /** The element id to focus. */
  id: string;
}

export function issueTarget(key: string): IssueTarget {
  if (key.startsWith('io:')) return { key, label: `Description of ${key.slice(3)}`, id: `meta-io-${key.slice(3)}` };
  if (key.startsWith('prep:')) return { key, label: `Preprocessing of ${key.slice(5)}`, id: `meta-prep-${key.slice(5)}` };
  if (key.startsWith('prop:')) {
    const row = Number(key.slice(5));
    return { key, label: `Custom key ${row + 1}`, id: `meta-prop-key-${row}` };
  }
  return { key, label: LABELS[key] ?? key, id: `meta-${key}` };
}

/** Moves the focus to a field named in a summary, scrolled into the middle of the view. */
export function focusField(id: string): void {
  const el = document.getElementById(id);
  if (!el) return;
  el.scrollIntoView({ block: 'center' });
  el.focus({ preventScroll: true });
}
