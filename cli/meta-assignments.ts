// `meta set` assignments: `key=value` sets a string, `key:=json` a JSON value (lists, numbers),
// keys are dotted paths into the metadata (e.g. provenance.revision, inputs.x.description).
import { AppError } from '../shared/errors';

const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

export interface Assignment {
  path: string[];
  value: unknown;
}

export function parseAssignment(arg: string): Assignment {
  const json = arg.indexOf(':=');
  const eq = arg.indexOf('=');
  const isJson = json > 0 && json < eq;
  const at = isJson ? json : eq;
  if (at <= 0)
    throw new AppError(
      'INVALID_REQUEST',
      `"${arg}" is not an assignment.`,
      'Write key=value (a string) or key:=json, e.g. license=MIT or authors:=\'["Ada Lovelace"]\'.',
    );
  const key = arg.slice(0, at);
  const raw = arg.slice(at + (isJson ? 2 : 1));
  const path = key.split('.');
  if (path.some((p) => p === '' || FORBIDDEN.has(p)))
    throw new AppError(
      'INVALID_REQUEST',
      `"${key}" is not a metadata field.`,
      'Use dotted field names such as title, provenance.revision or inputs.x.description.',
    );
  if (!isJson) return { path, value: raw };
  try {
    return { path, value: JSON.parse(raw) };
  } catch {
    throw new AppError(
      'INVALID_REQUEST',
      `The value of ${key} is not valid JSON: ${raw}`,
      'Quote it for your shell, e.g. tags:=\'["vision","onnx"]\', or use key=value for a plain string.',
    );
  }
}

/** A copy of `target` with the assignment applied (objects on the way are created as needed). */
export function assign(target: Record<string, unknown>, { path, value }: Assignment): Record<string, unknown> {
  const root = structuredClone(target);
  let node: Record<string, unknown> = root;
  for (const key of path.slice(0, -1)) {
    const next = Object.hasOwn(node, key) ? node[key] : undefined;
    if (next !== undefined && (next === null || typeof next !== 'object' || Array.isArray(next))) {
      throw new AppError('INVALID_REQUEST', `${path.join('.')}: ${key} is not an object, so it has no field ${path[path.length - 1]}.`);
    }
    node = (node[key] ??= {}) as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
  return root;
}
