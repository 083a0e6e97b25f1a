// The Profile form's batch sizes, checked as typed against what the model accepts, so a size the
// model cannot take is refused in the form, not after a job started. The rule is the profiler's
// (core/runtime/profile.ts): the first input whose leading dim is symbolic names the batch; a model
// without one runs at batch 1 only.
import type { ValueInfo } from '../../../shared/model-summary';

export interface BatchRule {
  /** The symbolic dim a batch size sets, or null: the batch is fixed. */
  dim: string | null;
  /** What the model accepts, for the hint under the field. */
  accepts: string;
  /** Why the batch is fixed: the first input's shape. */
  why: string;
}

export function batchRule(inputs: readonly ValueInfo[]): BatchRule {
  for (const input of inputs) {
    const first = input.type.shape?.[0];
    if (typeof first === 'string') return { dim: first, accepts: `any size ≥ 1 (sets "${first}"), e.g. 1, 8`, why: '' };
  }
  const first = inputs[0];
  const shape = first ? ` (${first.name} is [${(first.type.shape ?? []).map((d) => d ?? '?').join(', ')}])` : '';
  return { dim: null, accepts: `1 only: the batch is fixed${shape}`, why: `the batch is fixed${shape}` };
}

/** The sizes typed, or what is wrong with them and what to type instead. */
export function checkBatchSizes(text: string, rule: BatchRule): { sizes: number[]; error: null } | { sizes: null; error: string } {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  if (parts.length === 0) return { sizes: null, error: rule.dim ? 'Give at least one batch size, e.g. 1, 8.' : 'Give batch size 1.' };
  const sizes: number[] = [];
  for (const p of parts) {
    const n = Number(p);
    if (!Number.isInteger(n) || n < 1) return { sizes: null, error: `"${p}" is not a batch size: use whole numbers ≥ 1, e.g. 1, 8.` };
    sizes.push(n);
  }
  const refused = sizes.filter((n) => n !== 1);
  if (!rule.dim && refused.length)
    return { sizes: null, error: `This model takes batch size 1 only, not ${refused.join(', ')}: ${rule.why}. Profile with 1.` };
  return { sizes, error: null };
}
