// How the metadata lives inside an ONNX file. The whole record is one JSON value under our own
// namespaced key (lossless, versioned); the fields other tools already read are mirrored into the
// keys they read: model_author / model_license (ONNX's documented keys), "labels" (what our Test
// step, and many exporters, read class names from), doc_string and model_version.
import { AppError } from '../errors';
import { labelsFromMetadata } from '../labels';
import type { Metadata } from './schema';
import parseSemver from 'semver/functions/parse.js';

export const METADATA_KEY = 'modelcrate.metadata';
/** Keys the studio writes from the record; every other metadata_props key is the user's own (custom). */
export const MIRRORED_KEYS = ['model_author', 'model_license', 'labels'] as const;
type Mirrored = (typeof MIRRORED_KEYS)[number];

/** Keys the studio owns: its record and the mirrors written from it. Not editable as custom props. */
export function isStudioKey(key: string): boolean {
  return key === METADATA_KEY || (MIRRORED_KEYS as readonly string[]).includes(key);
}

/** The model's own metadata_props keys, without the ones the studio owns, in file order. */
export function customProps(props: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(props).filter(([k]) => !isStudioKey(k)));
}

/** How a labels value is written: a JSON array, a comma list (`a,b` or `a, b`), one per line. */
export const LABEL_FORMATS = ['json', 'comma', 'lines'] as const;
export type LabelsFormat = (typeof LABEL_FORMATS)[number];

export interface PropsEdit {
  set: Record<string, string>;
  remove: string[];
  docString: string;
  /** Absent when the version cannot be packed into ONNX's int64 (see versionNumber). */
  modelVersion?: number;
}

/** Changes to custom (non-studio) metadata_props keys. */
export interface CustomPropsChange {
  set: Record<string, string>;
  remove: string[];
}

export interface PropsOptions {
  /** The file's metadata_props now: a mirror keeps its text when its meaning is unchanged, else its format. */
  existing?: Readonly<Record<string, string>>;
  /** The user's choice of format for the labels mirror (default: as the file had it, else JSON). */
  labelsFormat?: LabelsFormat;
  /** Custom keys to set or remove beside the record. */
  custom?: CustomPropsChange;
}

/**
 * The edit that writes `m`. A mirrored key the file already has is left as it is when it means
 * what the record says (so `labels: a,b,c` stays byte for byte); when the value changes it is
 * written in the format it was read in (a comma list stays a comma list, JSON stays JSON), unless
 * `labelsFormat` asks for another or the new labels cannot be written that way (a label with a
 * comma in a comma list: JSON then).
 */
export function metadataToProps(m: Metadata, opts: PropsOptions = {}): PropsEdit {
  const existing = opts.existing ?? {};
  const set: Record<string, string> = { [METADATA_KEY]: JSON.stringify(m) };
  const remove: string[] = [];
  for (const key of MIRRORED_KEYS) {
    const value = mirrorValue(key, m, existing[key], opts.labelsFormat);
    // A mirror emptied in the form is removed, not left stale beside the record that cleared it.
    if (value === null) remove.push(key);
    else if (value !== existing[key]) set[key] = value;
  }
  if (opts.custom) {
    const change = checkCustomChange(opts.custom);
    Object.assign(set, change.set);
    remove.push(...change.remove);
  }
  const modelVersion = versionNumber(m.version);
  return { set, remove, docString: m.description, ...(modelVersion === null ? {} : { modelVersion }) };
}

/** Refuses studio-owned and empty keys, and a key both set and removed; the change as given otherwise. */
export function checkCustomChange(change: CustomPropsChange): CustomPropsChange {
  for (const key of [...Object.keys(change.set), ...change.remove]) {
    if (key === '')
      throw new AppError('INVALID_REQUEST', 'A metadata_props key cannot be empty.', 'Write props.<key>=<value>, e.g. props.team=vision.');
    if (isStudioKey(key)) {
      throw new AppError(
        'INVALID_REQUEST',
        `"${key}" is written by the studio from the metadata record, so it cannot be set or removed as a custom key.`,
        key === METADATA_KEY
          ? 'Edit the metadata fields instead.'
          : `Edit the field it mirrors (${MIRROR_FIELD[key as Mirrored]}) instead.`,
      );
    }
    if (Object.hasOwn(change.set, key) && change.remove.includes(key))
      throw new AppError('INVALID_REQUEST', `Metadata key "${key}" is both set and removed; choose one.`);
  }
  return change;
}

const MIRROR_FIELD: Record<Mirrored, string> = { model_author: 'authors', model_license: 'license', labels: 'labels' };

/** The mirror's text for `m`, keeping `before` when it already says the same; null = remove. */
function mirrorValue(key: Mirrored, m: Metadata, before: string | undefined, labelsFormat?: LabelsFormat): string | null {
  switch (key) {
    case 'model_license':
      if (!m.license) return null;
      return before !== undefined && before.trim() === m.license ? before : m.license;
    case 'model_author': {
      if (!m.authors.length) return null;
      if (before !== undefined && sameList(splitAuthors(before), m.authors)) return before;
      // The separator the file used (", " when it had none to copy).
      const sep = before?.match(/\s*[;\n]\s*|\s*,\s*/)?.[0] ?? ', ';
      return m.authors.join(sep);
    }
    case 'labels': {
      if (!m.labels.length) return null;
      const was = before === undefined ? undefined : labelsFormatOf(before);
      if (
        before !== undefined &&
        (labelsFormat === undefined || labelsFormat === was?.format) &&
        sameList(labelsFromMetadata({ labels: before })?.map((l) => l ?? '') ?? [], m.labels)
      )
        return before;
      return formatLabels(m.labels, labelsFormat ?? was?.format ?? 'json', was?.sep);
    }
  }
}

const splitAuthors = (s: string) =>
  s
    .split(/[,;\n]/)
    .map((a) => a.trim())
    .filter(Boolean);
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The format a labels value is in, and a comma list's separator as written (`,` or `, `). */
export function labelsFormatOf(raw: string): { format: LabelsFormat; sep?: string } {
  const t = raw.trim();
  if (t.startsWith('[') || t.startsWith('{')) return { format: 'json' };
  if (t.includes('\n')) return { format: 'lines' };
  return { format: 'comma', sep: /,[ \t]+/.test(t) ? ', ' : ',' };
}

/**
 * Labels in `format`; JSON when they would not read back the same from that format (a comma in a
 * comma list, a label with spaces around it or a line break, a first label that looks like JSON).
 */
export function formatLabels(labels: readonly string[], format: LabelsFormat, sep?: string): string {
  const json = JSON.stringify(labels);
  if (format === 'json') return json;
  const text = labels.join(format === 'lines' && labels.length > 1 ? '\n' : (sep ?? ','));
  const back = labelsFromMetadata({ labels: text })?.map((l) => l ?? '');
  return back && sameList(back, labels) ? text : json;
}

/**
 * ONNX's model_version is one int64: MAJOR·10^6 + MINOR·10^3 + PATCH, so 1.2.3 → 1002003 and the
 * order of versions is kept. Null when minor or patch exceed 999 or there is a pre-release.
 */
export function versionNumber(version: string): number | null {
  const v = parseSemver(version);
  if (!v || v.prerelease.length || v.minor > 999 || v.patch > 999 || v.major > 9_000_000_000) return null;
  return v.major * 1_000_000 + v.minor * 1_000 + v.patch;
}

/**
 * A version for a model_version found in a file (0 = unset). Exporters mostly write small counters
 * (1, 2, …): those read as majors; larger numbers as versionNumber's packing.
 */
export function versionFromNumber(n: number): string | null {
  if (!Number.isSafeInteger(n) || n <= 0) return null;
  if (n < 1_000) return `${n}.0.0`;
  return `${Math.floor(n / 1_000_000)}.${Math.floor(n / 1_000) % 1_000}.${n % 1_000}`;
}
