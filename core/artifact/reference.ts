// An artifact reference, `registry[:port]/repo[:tag|@sha256:…]`, split into what the distribution
// API needs: the host to talk to, the repository and the tag or digest. A reference without a
// registry means Docker Hub, as `docker push` reads it.
import { AppError } from '../../shared/errors';

export interface ArtifactReference {
  /** host[:port] as written (docker.io for Docker Hub). */
  registry: string;
  /** The host the API is served from (registry-1.docker.io for docker.io). */
  apiHost: string;
  repository: string;
  /** A tag, or a digest `sha256:…`. */
  reference: string;
  /** `registry/repository:tag` (or `@digest`), for messages. */
  display: string;
}

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const REPOSITORY = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;

function invalid(ref: string, why: string): AppError {
  return new AppError(
    'INVALID_REQUEST',
    `"${ref}" is not an artifact reference: ${why}.`,
    'Use registry/repository:tag, lowercase, e.g. 127.0.0.1:5055/models/mlp:1.2.3 or ghcr.io/team/mlp:1.2.3.',
  );
}

export function parseArtifactReference(ref: string): ArtifactReference {
  const text = ref.trim();
  if (!text || text.length > 512 || /\s/.test(text)) throw invalid(ref, 'empty, too long or with spaces');
  let rest = text;
  let reference = 'latest';
  const at = rest.indexOf('@');
  if (at >= 0) {
    reference = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(reference)) throw invalid(ref, 'the digest after "@" must be sha256: and 64 lowercase hex digits');
  } else {
    const slash = rest.lastIndexOf('/');
    const colon = rest.lastIndexOf(':');
    if (colon > slash) {
      reference = rest.slice(colon + 1);
      rest = rest.slice(0, colon);
      if (!TAG.test(reference)) throw invalid(ref, `"${reference}" is not a tag (letters, digits, _ . -, up to 128)`);
    }
  }
  const first = rest.split('/')[0]!;
  const hasRegistry = rest.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasRegistry ? first : 'docker.io';
  let repository = hasRegistry ? rest.slice(first.length + 1) : rest;
  if (registry === 'docker.io' && !repository.includes('/')) repository = `library/${repository}`;
  if (!REPOSITORY.test(repository)) throw invalid(ref, `"${repository}" is not a repository name (lowercase letters, digits, . _ - and /)`);
  if (hasRegistry && !/^[A-Za-z0-9.-]+(?::\d{1,5})?$|^\[[0-9a-fA-F:]+\](?::\d{1,5})?$/.test(registry))
    throw invalid(ref, `"${registry}" is not a registry host`);
  const apiHost = registry === 'docker.io' ? 'registry-1.docker.io' : registry;
  return {
    registry,
    apiHost,
    repository,
    reference,
    display: `${registry}/${repository}${reference.startsWith('sha256:') ? '@' : ':'}${reference}`,
  };
}

/** Loopback registries are spoken to over plain HTTP, as Docker does; others need --plain-http. */
export function isLoopbackHost(host: string): boolean {
  const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return name === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(name) || name === '::1';
}
