// `modelcrate artifact push <bundle> <registry/repo:tag>` and `artifact pull <ref> <out-dir>`: a
// bundle as a CNCF ModelPack artifact in an OCI registry, and back into a bundle that verifies.
// Steps go to stderr as they change; stdout gets the result (the manifest digest first), or one
// JSON line with --json. Exit 0 on success, 2 with one `error[CODE]: …` line, 1 on a bug.
import { formatBytes } from '../../shared/format';
import { pullArtifact } from '../../core/artifact/pull-artifact';
import { pushArtifact } from '../../core/artifact/push-artifact';
import { describeSignature, SIGNATURE_FILE } from '../../shared/bundle/manifest-signature';
import { registryCredentials, type CredentialFlags } from '../registry-credentials';
import { signaturePolicy } from './verify';
import { withRuntime } from '../model-runtime';
import { runCommand } from '../run-command';

export interface ArtifactCommandOptions extends CredentialFlags {
  plainHttp: boolean;
  json: boolean;
}

export interface ArtifactPullOptions extends ArtifactCommandOptions {
  /** A PEM file: the artifact must be signed by this key (as `verify --public-key`). */
  publicKey?: string;
  /** The artifact must be signed by one of your own or trusted keys. */
  requireSignature?: boolean;
}

/** Runs a transfer: step lines on stderr as they change (none with --json), its result on stdout. */
function run(opts: ArtifactCommandOptions, work: (signal: AbortSignal, say: (label: string) => void) => Promise<string>): Promise<void> {
  return runCommand({ cancel: 'The transfer was cancelled; nothing was written.' }, async (signal) => {
    let last = '';
    const say = (label: string) => {
      if (opts.json || label === last) return;
      last = label;
      process.stderr.write(`${label}\n`);
    };
    process.stdout.write(await work(signal, say));
  });
}

export function artifactPushCommand(bundle: string, reference: string, opts: ArtifactCommandOptions): Promise<void> {
  return run(opts, async (signal, say) => {
    const credentials = await registryCredentials(opts);
    const r = await pushArtifact({
      bundlePath: bundle,
      reference,
      credentials,
      plainHttp: opts.plainHttp,
      signal,
      onProgress: (_d, _t, label) => say(label),
    });
    if (opts.json) return `${JSON.stringify(r)}\n`;
    const skipped = r.bytes - r.uploadedBytes;
    // Say whether a signature went along: an unsigned artifact is refused by `pull --public-key`.
    const signed = r.layers.some((l) => l.filepath === SIGNATURE_FILE);
    return `${r.digest}\npushed ${r.reference} (${r.layers.length} layers, ${formatBytes(r.bytes)}${skipped > 0 ? `, ${formatBytes(skipped)} already in the registry` : ''}); ${signed ? `signed (${SIGNATURE_FILE} pushed)` : 'unsigned: `modelcrate sign <bundle>` first if pullers require a signature'}\n`;
  });
}

export function artifactPullCommand(reference: string, out: string, opts: ArtifactPullOptions): Promise<void> {
  return run(opts, async (signal, say) => {
    // The key before the network: a wrong --public-key path fails at once.
    const signature = await signaturePolicy(opts);
    const credentials = await registryCredentials(opts);
    const r = await withRuntime((runtime) =>
      pullArtifact({
        reference,
        out,
        credentials,
        plainHttp: opts.plainHttp,
        runtime,
        signature,
        signal,
        onProgress: (_d, _t, label) => say(label.replace(/^Verifying: Sample .*/, 'Verifying: samples')),
      }),
    );
    const sig = r.verify.signature ?? { state: 'unsigned' as const };
    if (opts.json)
      return `${JSON.stringify({ path: r.path, reference: r.reference, digest: r.digest, bytes: r.bytes, files: r.files, verified: r.verify.ok, signature: sig })}\n`;
    const passed = r.verify.checks.filter((c) => c.ok).length;
    return `${r.digest}\npulled ${r.reference} into ${r.path} (${r.files} files, ${formatBytes(r.bytes)}); verified: all ${passed} checks hold; ${describeSignature(sig)}\n`;
  });
}
