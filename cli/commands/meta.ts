// `modelcrate meta get` and `meta set`: the Metadata step from the command line, through the same
// schema and the same lossless writer.
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { metadataOfModel } from '../../shared/metadata/defaults';
import { metadataToProps } from '../../shared/metadata/onnx-props';
import { parseMetadata } from '../../shared/metadata/parse-metadata';
import { readModelSummary } from '../../core/onnx/reader';
import { writeModelMetadata, writeModelMetadataInPlace } from '../../core/onnx-write/write-metadata';
import { assign, parseAssignment } from '../meta-assignments';
import { readMetadataJson } from '../metadata-file';
import { runCommand } from '../run-command';

/** Prints the stored record, or the defaults read from the model (with --json: {metadata, source, warning?}). */
export function metaGetCommand(model: string, opts: { json: boolean }): Promise<void> {
  return runCommand(async () => {
    const found = metadataOfModel(await readModelSummary(model));
    if (opts.json) return void process.stdout.write(`${JSON.stringify(found)}\n`);
    const m = found.metadata;
    const lines = [
      `${path.basename(model)}  ${found.source === 'stored' ? 'metadata stored in the model' : 'no metadata stored; defaults read from the model'}`,
      ...(found.warning ? [`  warning: ${found.warning}`] : []),
      `  name ${m.name} · version ${m.version} · task ${m.task} · licence ${m.license || '(not set)'}`,
      ...(m.title ? [`  title ${m.title}`] : []),
      ...(m.authors.length ? [`  authors ${m.authors.join(', ')}`] : []),
      ...(m.tags.length ? [`  tags ${m.tags.join(', ')}`] : []),
      ...(m.labels.length ? [`  ${m.labels.length} labels: ${m.labels.slice(0, 8).join(', ')}${m.labels.length > 8 ? ', …' : ''}`] : []),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}

export interface MetaSetOptions {
  assignments: string[];
  from?: string;
  out?: string;
  inPlace: boolean;
}

/** Applies assignments (and/or a metadata file), checks the result and writes it losslessly. */
export function metaSetCommand(model: string, opts: MetaSetOptions): Promise<void> {
  return runCommand(async () => {
    if (!!opts.out === opts.inPlace)
      throw new AppError('INVALID_REQUEST', 'Say where to write: --out <new.onnx>, or --in-place (a backup is kept).');
    const summary = await readModelSummary(model);
    let record: Record<string, unknown> = opts.from ? await readMetadataJson(opts.from) : metadataOfModel(summary).metadata;
    for (const a of opts.assignments) record = assign(record, parseAssignment(a));
    const metadata = parseMetadata(record, opts.from ? `The metadata from ${opts.from}` : 'The metadata');
    const edit = metadataToProps(metadata);
    if (opts.inPlace) {
      const { bytes, backup } = await writeModelMetadataInPlace(model, edit);
      return void process.stdout.write(`wrote ${model} (${bytes} bytes); the original is kept as ${backup}\n`);
    }
    const out = opts.out!;
    // External data is found relative to the model: a model written elsewhere would lose it.
    if (summary.externalData.length && path.resolve(path.dirname(out)) !== path.resolve(path.dirname(model))) {
      throw new AppError(
        'INVALID_REQUEST',
        `${path.basename(model)} keeps its weights in ${summary.externalData.map((e) => e.location).join(', ')}; --out must be in the same folder so they stay found.`,
        `Use --out ${path.join(path.dirname(model), path.basename(out))}.`,
      );
    }
    const { bytes } = await writeModelMetadata(model, out, edit);
    process.stdout.write(`wrote ${out} (${bytes} bytes)\n`);
  });
}
