// A failed build's error line, in words that say what to do. The engine only gives the message
// (inside the 200 stream), so the step it failed on is tracked by the caller ("Step 2/12 : FROM …").
import { AppError } from '../../shared/errors';
import { MIN_NODE_MAJOR } from '../../shared/image/base-images';
import { DEFAULT_BASE_IMAGE } from '../image/dockerfile';

const PULL_FAILED =
  /pull access denied|repository does not exist|manifest (?:for \S+ )?(?:not found|unknown)|no such image|no such host|registry-1\.docker\.io|failed to resolve|dial tcp|i\/o timeout|not found: manifest/i;

/** What a base can be; it never recommends the image that just failed (offline, the default is the one that fails). */
function baseImageHint(failed: string | undefined): string {
  const pull = failed?.trim() === DEFAULT_BASE_IMAGE ? '' : `, or \`${DEFAULT_BASE_IMAGE}\` once a registry can be reached`;
  return `Use a base image this engine already has: a Debian-based one with Node ≥ ${MIN_NODE_MAJOR} (in the studio, pick it from the local images under "Base image"; in the CLI, \`docker image ls\` lists them for --base-image)${pull}.`;
}

export function buildError(message: string, step: string | undefined, baseImage: string | undefined): AppError {
  const msg = message.trim();
  if (/no space left on device/i.test(msg))
    return new AppError(
      'DISK_FULL',
      `Docker ran out of disk space${step ? ` at ${step}` : ''}: ${msg}`,
      'Free space for Docker (`docker system prune`) and build again.',
    );
  const atFrom = !step || /^Step \d+\/\d+ : (FROM|ARG)\b/i.test(step);
  if (atFrom && PULL_FAILED.test(msg)) {
    return new AppError(
      'BASE_IMAGE_MISSING',
      `The base image ${baseImage ?? ''} is not available locally and cannot be pulled: ${msg}`.replace('  ', ' '),
      baseImageHint(baseImage),
    );
  }
  return new AppError(
    'BUILD_FAILED',
    `The image build failed${step ? ` at ${step}` : ''}: ${msg}`,
    'Read the build log above the failing step; fix the base image or the bundle and build again.',
  );
}
