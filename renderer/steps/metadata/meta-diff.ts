// What a save will change in the file, shown before "Save": each metadata_props key, doc_string
// and model_version with its value now and after. Pure, so it is tested under Node.
import type { ModelSummary } from '../../../shared/model-summary';
import { metadataToProps } from '../../../shared/metadata/onnx-props';
import type { Metadata } from '../../../shared/metadata/schema';

export interface DiffRow {
  field: string;
  before: string | null;
  after: string | null;
}

export function metadataDiff(summary: ModelSummary, m: Metadata): DiffRow[] {
  const edit = metadataToProps(m);
  const rows: DiffRow[] = [];
  for (const [key, value] of Object.entries(edit.set)) {
    const before = summary.metadata[key] ?? null;
    if (before !== value) rows.push({ field: key, before, after: value });
  }
  for (const key of edit.remove) if (key in summary.metadata) rows.push({ field: key, before: summary.metadata[key]!, after: null });
  if (edit.docString !== summary.docString)
    rows.push({ field: 'doc_string', before: summary.docString || null, after: edit.docString || null });
  if (edit.modelVersion !== undefined && edit.modelVersion !== summary.modelVersion)
    rows.push({ field: 'model_version', before: String(summary.modelVersion), after: String(edit.modelVersion) });
  return rows;
}

/** One line of a long value: the record's JSON is shown by its length, not in full. */
export function shortValue(v: string | null, max = 80): string {
  if (v === null) return '—';
  const flat = v.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}… (${v.length} chars)` : flat;
}
