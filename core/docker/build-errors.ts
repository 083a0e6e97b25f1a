// A failed build's error line, in words that say what to do. The engine only gives the message
// (inside the 200 stream), so the step it failed on is tracked by the caller ("Step 2/12 : FROM …").
import { AppError } from '../../shared/errors';

const PULL_FAILED =
  /pull access denied|repository does not exist|manifest (?:for \S+ )?(?:not found|unknown)|no such image|no such host|registry-1\.docker\.io|failed to resolve|dial tcp|i\/o timeout|not found: manifest/i;

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
      'Set the base image to one you have (`docker image ls`) or can pull — a Debian-based Node ≥ 20 image such as node:22-bookworm-slim (--base-image in the CLI, "Base image" in the studio).',
    );
  }
  return new AppError(
    'BUILD_FAILED',
    `The image build failed${step ? ` at ${step}` : ''}: ${msg}`,
    'Read the build log above the failing step; fix the base image or the bundle and build again.',
  );
}
