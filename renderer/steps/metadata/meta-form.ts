// The Metadata step's form as plain values: lists are edited as text (one item per line, or
// comma-separated tags), so typing a new line is not undone by a round trip through an array.
// Pure, so it is tested under Node.
import type { Metadata, MetadataInput } from '../../../shared/metadata/schema';

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
}

export type TextField = Exclude<keyof MetaForm, 'base' | 'io' | 'card' | 'usePerformance' | 'task'>;

const lines = (s: string) =>
  s
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);

export function formOf(m: Metadata): MetaForm {
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
  };
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
    // Labels keep inner blanks' positions only if the user typed them: an empty line is dropped.
    labels: f.labels
      .split('\n')
      .map((l) => l.trim())
      .filter((l, i, all) => l !== '' || all.slice(i).some(Boolean)),
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
