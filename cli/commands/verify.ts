// `modelcrate verify <bundle>`: exit 0 only when every check holds. Each check is printed on
// stdout (or the whole report as one JSON line with --json); a failure adds the CLI's one
// `error[CODE]: message` line on stderr and exits 2.
import { AppError } from '../../shared/errors';
import type { VerifyReport } from '../../shared/bundle/verify-report';
import { verifyBundle } from '../../core/bundle/verify';
import { defaultDataDir } from '../../core/data-dir';
import type { SignaturePolicy } from '../../core/signing/bundle-signature';
import { KeyStore } from '../../core/signing/key-store';
import { readPublicKey } from '../../core/signing/public-key';
import { withRuntime } from '../model-runtime';
import { runCommand } from '../run-command';

export interface VerifyCommandOptions {
  json: boolean;
  /** A PEM file: the bundle must be signed by this key (and only this key counts). */
  publicKey?: string;
  /** The bundle must be signed by one of the store's own or trusted keys. */
  requireSignature?: boolean;
}

/** --public-key: that key, required; else the store's keys, required with --require-signature. */
export async function signaturePolicy(opts: Pick<VerifyCommandOptions, 'publicKey' | 'requireSignature'>): Promise<SignaturePolicy> {
  const key = readPublicKey(opts.publicKey, undefined);
  if (key) return { trusted: [key], require: true };
  return { trusted: await new KeyStore(defaultDataDir()).trustedKeys(), require: !!opts.requireSignature };
}

export function verifyCommand(bundle: string, opts: VerifyCommandOptions): Promise<void> {
  return runCommand({ cancel: true, bugExit: 2 }, async (signal) => {
    // The key before the runtime: a wrong --public-key fails at once.
    const signature = await signaturePolicy(opts);
    const report = await withRuntime((runtime) => verifyBundle(bundle, { runtime, signal, signature }));
    process.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : readable(report));
    // A failed check is a failure (exit 2, its error line), not a verdict of 1.
    if (!report.ok) throw AppError.fromData(report.error ?? { code: 'INTERNAL', message: 'A check failed without an error.' });
  });
}

function readable(r: VerifyReport): string {
  const lines = r.checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'}  ${c.name}: ${c.message}`);
  const passed = r.checks.filter((c) => c.ok).length;
  lines.push(
    r.ok
      ? `verified ${r.bundle}: all ${passed} checks hold`
      : `${r.bundle}: ${r.checks.length - passed} of ${r.checks.length} checks failed`,
  );
  return `${lines.join('\n')}\n`;
}
