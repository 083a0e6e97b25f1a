// Class labels from a model's metadata_props, so top-k can say "tabby cat" instead of 281.
// Exporters disagree on the key and the form; these are the ones seen in the wild.

const LIST_KEYS = ['labels', 'classes', 'class_names', 'class_labels'];
const MAP_KEYS = ['id2label', 'index_to_label'];

/**
 * Labels by class index, or undefined when the metadata has none. Lists may be JSON
 * (`["cat","dog"]`), one per line, or comma-separated; maps are JSON objects `{"0":"cat"}`.
 * Holes in a map stay undefined.
 */
export function labelsFromMetadata(metadata: Readonly<Record<string, string>>): Array<string | undefined> | undefined {
  for (const key of [...LIST_KEYS, ...MAP_KEYS]) {
    const raw = metadata[key]?.trim();
    if (!raw) continue;
    const parsed = parseLabels(raw);
    if (parsed && parsed.length > 0) return parsed;
  }
  return undefined;
}

function parseLabels(raw: string): Array<string | undefined> | undefined {
  if (raw.startsWith('[') || raw.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      return undefined; // not JSON after all: do not guess from a half-broken list
    }
    if (Array.isArray(value)) return value.map((v) => (v === null || v === undefined ? undefined : String(v)));
    if (value && typeof value === 'object') {
      const out: Array<string | undefined> = [];
      for (const [k, v] of Object.entries(value)) {
        const i = Number(k);
        if (Number.isInteger(i) && i >= 0 && i < 1_000_000) out[i] = String(v);
      }
      return Array.from(out, (v) => v); // fill holes with undefined so length/indexing are plain
    }
    return undefined;
  }
  const sep = raw.includes('\n') ? '\n' : ',';
  return raw.split(sep).map((s) => s.trim());
}
