// Push: tag the built image as <registry>/<repo>:<tag> and push it with credentials
// (X-Registry-Auth). Every line of the push stream is checked (an error arrives inside a 200);
// a 401 from the registry becomes PUSH_UNAUTHORIZED.
import { AppError } from '../../shared/errors';
import type { PushResult } from '../../shared/image/types';
import { DockerClient } from '../docker/client';
import type { JobContext } from '../jobs/jobs';

export interface PushImageOptions extends Partial<JobContext> {
  /** The local image (tag or id). */
  image: string;
  /** Where to push, e.g. registry.example.com/team/model:1.0.0 or 127.0.0.1:5055/mlp:1.2.3. */
  reference: string;
  username?: string;
  password?: string;
  docker?: DockerClient;
}

export interface ParsedReference {
  repo: string;
  tag: string;
  /** The registry host for credentials (docker.io when the reference names none). */
  registry: string;
}

export function parseReference(ref: string): ParsedReference {
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  const [repo, tag] = colon > slash ? [ref.slice(0, colon), ref.slice(colon + 1)] : [ref, 'latest'];
  if (!repo || !/^[\w][\w.-]{0,127}$/.test(tag) || /[A-Z\s@]/.test(repo)) {
    throw new AppError(
      'INVALID_REQUEST',
      `"${ref}" is not an image reference.`,
      'Use [registry/]name[:tag], lowercase, e.g. 127.0.0.1:5055/mlp:1.2.3.',
    );
  }
  const first = repo.split('/')[0]!;
  const registry = repo.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : 'docker.io';
  return { repo, tag, registry };
}

export async function pushImage(opts: PushImageOptions): Promise<PushResult> {
  const docker = opts.docker ?? (await DockerClient.connect());
  const { repo, tag, registry } = parseReference(opts.reference);
  await docker.tag(opts.image, repo, tag);
  opts.progress?.(0, undefined, `Pushing ${repo}:${tag}`);
  const auth =
    opts.username !== undefined ? { username: opts.username, password: opts.password ?? '', serveraddress: registry } : undefined;
  const digest = await docker.push(repo, tag, auth, { signal: opts.signal, onLine: (l) => opts.log?.(l) });
  opts.progress?.(1, 1, `Pushed ${repo}:${tag}`);
  return digest ? { reference: `${repo}:${tag}`, digest } : { reference: `${repo}:${tag}` };
}
