// The metadata a model starts with in the Metadata step: what it stored itself (our record), or
// else what can be read from it — graph name, doc string, producer, model_author/model_license,
// labels, each input's kind (inferInputKind: image only with evidence) with the default preprocessing
// of image inputs (torchvision's ImageNet mean/std when the model looks like an ImageNet classifier),
// class-score outputs, the task with evidence (task-guess.ts). The step marks these as guesses.
import { labelsFromMetadata } from '../labels';
import type { ModelSummary, ValueInfo } from '../model-summary';
import { inferPreprocessing } from '../preprocessing';
import { inferInputKind } from './input-kind';
import { METADATA_KEY, versionFromNumber } from './onnx-props';
import { guessTask, imagenetInput, isScores } from './task-guess';
import { parseMetadata } from './parse-metadata';
import { METADATA_SCHEMA_VERSION, NAME_PATTERN, type IoDescription, type Metadata } from './schema';
import { isValidSpdx } from './validators';

export interface ModelMetadata {
  metadata: Metadata;
  /** stored: our record in the file; derived: read from the model's other fields. */
  source: 'stored' | 'derived';
  /** Why a stored record was not used (it did not parse), to show beside the form. */
  warning?: string;
}

export function metadataOfModel(summary: ModelSummary): ModelMetadata {
  const raw = summary.metadata[METADATA_KEY];
  if (raw !== undefined) {
    try {
      return { metadata: parseMetadata(JSON.parse(raw), `The model's "${METADATA_KEY}" record`), source: 'stored' };
    } catch (e) {
      const why = e instanceof SyntaxError ? 'it is not valid JSON' : (e as Error).message;
      return { metadata: derivedMetadata(summary), source: 'derived', warning: `The metadata stored in the model was not used: ${why}` };
    }
  }
  return { metadata: derivedMetadata(summary), source: 'derived' };
}

export function derivedMetadata(summary: ModelSummary): Metadata {
  const base = summary.file.name.replace(/\.onnx$/i, '');
  const title = summary.graph.name && !/^(main_graph|torch[-_]jit|graph)$/i.test(summary.graph.name) ? summary.graph.name : base;
  const license = summary.metadata.model_license?.trim() ?? '';
  const labels = labelsFromMetadata(summary.metadata)?.map((l) => l ?? '') ?? [];
  const outputs = Object.fromEntries(summary.graph.outputs.map((o) => [o.name, outputDescription(o)]));
  return parseMetadata({
    schemaVersion: METADATA_SCHEMA_VERSION,
    name: slug(title) || slug(base) || 'model',
    title,
    version: versionFromNumber(summary.modelVersion) ?? '0.1.0',
    description: summary.docString,
    authors: (summary.metadata.model_author ?? '')
      .split(/[,;\n]/)
      .map((a) => a.trim())
      .filter(Boolean)
      .slice(0, 50),
    license: isValidSpdx(license) ? license : '',
    task: guessTask(summary, labels.length).task,
    labels,
    inputs: Object.fromEntries(
      summary.graph.inputs.map((i) => [i.name, inputDescription(i, summary.graph.inputs, imagenetInput(summary)?.input === i.name)]),
    ),
    outputs,
    provenance: {
      trainingData: [],
      sourceRepository: '',
      revision: '',
      framework: summary.producer.name,
      frameworkVersion: summary.producer.version,
    },
  });
}

/** A name for NAME_PATTERN from any text: lowercase, runs of other characters become "-". */
export function slug(s: string): string {
  const out = s
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
    .slice(0, 128)
    .replace(/[^a-z0-9]+$/, '');
  return NAME_PATTERN.test(out) ? out : '';
}

function inputDescription(i: ValueInfo, all: ValueInfo[], imagenet: boolean): IoDescription {
  const { kind } = inferInputKind(i, all);
  const preprocessing = kind === 'image' ? inferPreprocessing(i, imagenet ? { preset: 'imagenet' } : {}) : null;
  return { description: i.docString ?? '', kind, ...(preprocessing ? { preprocessing } : {}) };
}

function outputDescription(o: ValueInfo): IoDescription {
  return {
    description: o.docString ?? '',
    kind: o.type.elemType === 'string' ? 'text' : 'tensor',
    ...(isScores(o) ? { postprocessing: { activation: 'none', topK: 5 } } : {}),
  };
}
