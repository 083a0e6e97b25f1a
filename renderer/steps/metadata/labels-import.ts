// Class labels from a file the user picks: .txt (one per line), .json (an array, an {index: label}
// object, or Keras' imagenet_class_index.json {"0": ["n01440764", "tench"]}), .csv (one column, or
// index,label rows, with or without a header). Pure, so it is tested under Node; a file that is
// none of these gets a message saying what was expected.

export class LabelsFileError extends Error {}

const MAX_LABELS = 100_000;

export function labelsFromFile(fileName: string, text: string): string[] {
  const body = text.replace(/^\uFEFF/, '');
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  const labels = ext === 'json' ? fromJson(fileName, body) : ext === 'csv' ? fromCsv(body) : fromLines(body);
  if (labels.length === 0) throw new LabelsFileError(`${fileName} holds no labels.`);
  if (labels.length > MAX_LABELS) throw new LabelsFileError(`${fileName} holds ${labels.length} labels; at most ${MAX_LABELS} are kept.`);
  return labels;
}

function fromLines(text: string): string[] {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  while (lines.length && lines.at(-1) === '') lines.pop();
  return lines;
}

function labelOf(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  // imagenet_class_index.json: [wordnet id, name]: the name is the label.
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string')) return v.at(-1) as string;
  return null;
}

function fromJson(fileName: string, text: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new LabelsFileError(`${fileName} is not valid JSON (${(e as Error).message}).`);
  }
  const expected = `${fileName} must hold an array of labels or an {index: label} object.`;
  if (Array.isArray(value)) {
    return value.map((v, i) => {
      const l = labelOf(v);
      if (l === null) throw new LabelsFileError(`${expected} Item ${i} is not a label.`);
      return l;
    });
  }
  if (value && typeof value === 'object') {
    const out: string[] = [];
    for (const [k, v] of Object.entries(value)) {
      const i = Number(k);
      const l = labelOf(v);
      if (!Number.isInteger(i) || i < 0 || i >= MAX_LABELS) throw new LabelsFileError(`${expected} Key "${k}" is not a class index.`);
      if (l === null) throw new LabelsFileError(`${expected} The value of "${k}" is not a label.`);
      out[i] = l;
    }
    const holes = Array.from(out, (v, i) => (v === undefined ? i : -1)).filter((i) => i >= 0);
    if (holes.length)
      throw new LabelsFileError(`${fileName} has no label for class ${holes.slice(0, 5).join(', ')}${holes.length > 5 ? ', …' : ''}.`);
    return out;
  }
  throw new LabelsFileError(expected);
}

/** One CSV field list per line (RFC 4180 quotes). */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') field += text[++i];
      else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else field += c;
  }
  if (field !== '' || row.length) endRow();
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

function fromCsv(text: string): string[] {
  const rows = csvRows(text).map((r) => r.map((f) => f.trim()));
  const indexed = (r: string[]) => r.length >= 2 && /^\d+$/.test(r[0]!);
  // A header ("index,label" / "label") is a first row that does not fit the rest.
  const body =
    rows.length > 1 && (rows.slice(1).every(indexed) ? !indexed(rows[0]!) : /^(labels?|class(es)?|names?)$/i.test(rows[0]![0]!))
      ? rows.slice(1)
      : rows;
  if (body.length && body.every(indexed)) {
    const out: string[] = [];
    for (const r of body) out[Number(r[0])] = r.slice(1).join(',');
    return Array.from(out, (v) => v ?? '');
  }
  return body.map((r) => r.join(','));
}
