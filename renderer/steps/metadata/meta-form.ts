// The Metadata step's form as plain values: lists are edited as text (one item per line, or
// comma-separated tags), so typing a new line is not undone by a round trip through an array.
// Pure, so it is tested under Node.
import { customProps, isStudioKey, type CustomPropsChange, type LabelsFormat } from '../../../shared/metadata/onnx-props';
import type { Metadata, MetadataInput } from '../../../shared/metadata/schema';

/** One row of the custom metadata_props table (the model's own keys, not the studio's). */
export interface PropRow {
  key: string;
  value: string;
}

export interface MetaForm {
  /** Everything that is not edited as text keeps its typed value here (inputs, outputs, performance…). */
  base: Metadata;
  name: string;
  title: string;
  version: string;
  task: Metadata['task'];
  license: string;
  description: string;
  authors: string;
  tags: string;
  labels: string;
  trainingData: string;
  sourceRepository: string;
  revision: string;
  framework: string;
  frameworkVersion: string;
  intendedUse: string;
  limitations: string;
  /** Per input/output name: description and kind. */
  io: Record<string, { description: string; kind: Metadata['inputs'][string]['kind'] }>;
  /** The user's own card text, or null for the generated one. */
  card: string | null;
  usePerformance: boolean;
  /** The model's own metadata_props keys, in file order, as edited. */
  props: PropRow[];
  /** The labels mirror's format when the user picked one; null keeps the file's. */
  labelsFormat: LabelsFormat | null;
  /** Guessed values the user confirmed as they are ("task", "prep:<input>"); see guesses.ts. */
  confirmed: string[];
}

export type TextField = Exclude<
  keyof MetaForm,
  'base' | 'io' | 'card' | 'usePerformance' | 'task' | 'props' | 'labelsFormat' | 'confirmed'
>;

const lines = (s: string) =>
  s
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);

/** The form for `m`; `fileProps` are the model's metadata_props (its custom keys fill the table). */
export function formOf(m: Metadata, fileProps: Readonly<Record<string, string>> = {}): MetaForm {
  const io: MetaForm['io'] = {};
  for (const [name, d] of [...Object.entries(m.inputs), ...Object.entries(m.outputs)])
    io[name] = { description: d.description, kind: d.kind };
  return {
    base: m,
    name: m.name,
    title: m.title,
    version: m.version,
    task: m.task,
    license: m.license,
    description: m.description,
    authors: m.authors.join('\n'),
    tags: m.tags.join(', '),
    labels: m.labels.join('\n'),
    trainingData: m.provenance.trainingData.join('\n'),
    sourceRepository: m.provenance.sourceRepository,
    revision: m.provenance.revision,
    framework: m.provenance.framework,
    frameworkVersion: m.provenance.frameworkVersion,
    intendedUse: m.intendedUse,
    limitations: m.limitations,
    io,
    card: m.modelCard ?? null,
    usePerformance: m.performance !== undefined,
    props: Object.entries(customProps(fileProps)).map(([key, value]) => ({ key, value })),
    labelsFormat: null,
    confirmed: [],
  };
}

/**
 * The table against the file's custom keys: what to set (new or changed) and remove, and a message
 * per row that cannot be saved (by row index). Keys are taken as typed, except that surrounding
 * spaces are trimmed; a row with neither key nor value is ignored.
 */
export function propsChangeOf(
  rows: readonly PropRow[],
  fileProps: Readonly<Record<string, string>>,
): { change: CustomPropsChange; errors: Record<number, string> } {
  const before = customProps(fileProps);
  const set: Record<string, string> = {};
  const errors: Record<number, string> = {};
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    const key = r.key.trim();
    if (key === '' && r.value === '') return;
    if (key === '') errors[i] = 'a key is needed';
    else if (isStudioKey(key)) errors[i] = 'written by the studio from the fields above';
    else if (seen.has(key)) errors[i] = 'this key is already in the table';
    else if (before[key] !== r.value) set[key] = r.value;
    seen.add(key);
  });
  const remove = Object.keys(before).filter((k) => !seen.has(k));
  return { change: { set, remove }, errors };
}

/** The labels box as a list: inner blank lines keep their class index; trailing ones are dropped. */
export function labelList(text: string): string[] {
  const all = text.split('\n').map((l) => l.trim());
  while (all.length && all.at(-1) === '') all.pop();
  return all;
}

/** What the form says, for the schema to check (and, once valid, to save). */
export function metadataOf(f: MetaForm, performance?: Metadata['performance']): MetadataInput {
  // Preprocessing belongs to image inputs: one set to another kind drops it from what is saved (the
  // form keeps it in base, so turning it back into an image, or undo, brings it back).
  const io = (entries: Metadata['inputs']) =>
    Object.fromEntries(
      Object.entries(entries).map(([name, d]) => {
        const { preprocessing, ...rest } = { ...d, ...(f.io[name] ?? {}) };
        return [name, rest.kind === 'image' && preprocessing ? { ...rest, preprocessing } : rest];
      }),
    );
  const perf = f.usePerformance ? (performance ?? f.base.performance) : undefined;
  return {
    schemaVersion: f.base.schemaVersion,
    name: f.name.trim(),
    title: f.title.trim(),
    version: f.version.trim(),
    description: f.description,
    authors: lines(f.authors),
    license: f.license.trim(),
    tags: f.tags
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
    task: f.task,
    labels: labelList(f.labels),
    inputs: io(f.base.inputs),
    outputs: io(f.base.outputs),
    provenance: {
      trainingData: lines(f.trainingData),
      sourceRepository: f.sourceRepository.trim(),
      revision: f.revision.trim(),
      framework: f.framework.trim(),
      frameworkVersion: f.frameworkVersion.trim(),
    },
    intendedUse: f.intendedUse,
    limitations: f.limitations,
    ...(perf ? { performance: perf } : {}),
    ...(f.card !== null ? { modelCard: f.card } : {}),
  };
}

/** A schema issue path → the form field that shows it. */
export function fieldOfIssue(path: string): string {
  const [head, second] = path.split('.');
  if (head === 'provenance' && second) return second;
  if ((head === 'inputs' || head === 'outputs') && second) return `io:${second}`;
  return head ?? '';
}
