import { callSchemas, isCallName } from '../shared/contract';
import { toErrorData, type Result } from '../shared/errors';
import type { Handlers } from './studio';

/**
 * The one wrapper every transport goes through: known call name, input parsed with the call's zod
 * schema, handler run, anything thrown turned into a Result with a stable code. Sender checks
 * happen before this (IPC: frame origin; WebSocket: token, Origin and Host at connect).
 */
export async function dispatch(handlers: Handlers, name: unknown, input: unknown): Promise<Result<unknown>> {
  if (!isCallName(name)) {
    return { ok: false, error: { code: 'UNKNOWN_CALL', message: `Unknown call ${JSON.stringify(name)}.` } };
  }
  const parsed = callSchemas[name].safeParse(input ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
    return { ok: false, error: { code: 'INVALID_REQUEST', message: `Invalid input for ${name}: ${issues}.` } };
  }
  try {
    const handler = handlers[name] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (err) {
    return { ok: false, error: toErrorData(err) };
  }
}
