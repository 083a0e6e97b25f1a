// Errors cross every boundary (IPC, WebSocket, CLI, the OIP server) as data with a stable code.
// Codes are part of the public contract: scripts match on them, so never rename one.
export const ERROR_CODES = [
  // boundary
  'INVALID_REQUEST', // input failed schema validation
  'UNKNOWN_CALL',
  'FORBIDDEN', // wrong sender / token / origin
  'NOT_SUPPORTED', // call exists but not on this transport (e.g. uploads under Electron)
  // files
  'FILE_NOT_FOUND',
  'NOT_A_FILE',
  'PERMISSION_DENIED',
  'IO_ERROR',
  'DISK_FULL',
  'FILE_EXISTS', // an output path is taken and overwriting was not asked for
  'TOO_LARGE',
  // ONNX reading
  'EMPTY_FILE',
  'NOT_ONNX',
  'TRUNCATED',
  'MALFORMED',
  'TOO_DEEP',
  'EXTERNAL_DATA_MISSING',
  'EXTERNAL_DATA_UNSAFE',
  'EXTERNAL_DATA_OUT_OF_RANGE',
  // inputs for predictions (each names the input and says what was expected)
  'INVALID_TENSOR', // a tensor file or JSON that cannot be decoded (bad .npy, bad .pb, bad JSON form)
  'INPUT_MISSING',
  'INPUT_UNKNOWN',
  'INPUT_TYPE_MISMATCH',
  'INPUT_RANK_MISMATCH',
  'INPUT_DIM_MISMATCH', // a fixed dim given another size
  'INPUT_DIM_CONFLICT', // one symbolic dim given two sizes
  'INPUT_SIZE_MISMATCH', // element count ≠ product of shape
  'INPUT_TOO_LARGE',
  'UNSUPPORTED_TYPE', // a dtype onnxruntime cannot run (bfloat16, float8, complex…)
  // runtime
  'RUNTIME_ERROR', // onnxruntime refused to load or run
  'RUNTIME_CRASHED', // the runtime process died; the next call restarts it
  // metadata and bundles
  'INVALID_METADATA', // names the field and says what it takes
  'BUNDLE_INVALID', // modelcrate.json missing or not a valid manifest
  'BUNDLE_TAMPERED', // a file's sha256 or size differs from the manifest (names the file)
  'BUNDLE_UNSAFE', // an entry would land outside the bundle's folder (.., absolute, link)
  'SAMPLE_MISMATCH', // a golden sample's outputs are not reproduced within tolerance
  // bundle signatures (modelcrate.sig)
  'SIGNATURE_INVALID', // the signature file is malformed, or does not match modelcrate.json's bytes
  'SIGNATURE_UNTRUSTED', // a valid signature, but not by the key that is required
  'SIGNATURE_MISSING', // unsigned, where a signature is required
  'KEY_NOT_FOUND', // no signing key of that name (or none at all)
  'KEY_INVALID', // a PEM that is not an Ed25519 key
  // Docker images (build, run, push)
  'DOCKER_UNAVAILABLE', // the engine does not answer on its socket (not running, wrong DOCKER_HOST)
  'DOCKER_PERMISSION', // the socket exists but this user may not use it (not in the docker group)
  'DOCKER_ERROR', // the engine refused a request for another reason (its message is shown)
  'BASE_IMAGE_MISSING', // the base image is neither local nor pullable
  'BUILD_FAILED', // a Dockerfile step failed (names the step)
  'PUSH_UNAUTHORIZED', // the registry refused the credentials
  'PUSH_FAILED', // the registry or the engine refused the push for another reason
  'PARITY_FAILED', // the built image did not start, or did not reproduce a golden sample
  // OCI model artifacts (artifact push / pull)
  'REGISTRY_UNREACHABLE', // no answer from the registry (host, port, TLS vs plain HTTP)
  'REGISTRY_UNAUTHORIZED', // the registry refused the credentials (or asked for some)
  'REGISTRY_ERROR', // the registry answered with another error (names the status and its message)
  'ARTIFACT_INVALID', // the reference is not a CNCF ModelPack artifact of a Modelcrate bundle
  'DIGEST_MISMATCH', // a blob's bytes do not have the digest the manifest promises
  // other model formats (docs/formats.md)
  'UNSAFE_PICKLE', // the security scan found a callable that can run code: never converted or loaded
  'PYTHON_UNAVAILABLE', // no Python with the framework a conversion needs (says what to install)
  'CONVERT_FAILED', // the conversion script failed (its last lines are shown)
  // serving
  'SERVER_BUSY', // over the requests or body-bytes budget in flight: 503 with Retry-After, retry later
  // sessions
  'MODEL_NOT_OPEN',
  'CANCELLED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorData {
  code: ErrorCode;
  /** What happened, in plain words. */
  message: string;
  /** What the user can do about it. */
  hint?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorData };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  constructor(code: ErrorCode, message: string, hint?: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.hint = hint;
  }
  toData(): ErrorData {
    return this.hint ? { code: this.code, message: this.message, hint: this.hint } : { code: this.code, message: this.message };
  }
  static fromData(data: ErrorData): AppError {
    return new AppError(data.code, data.message, data.hint);
  }
}

/** Turns anything thrown into ErrorData; unknown errors become INTERNAL without leaking stacks. */
export function toErrorData(err: unknown): ErrorData {
  if (err instanceof AppError) return err.toData();
  // Structural, not NodeJS.ErrnoException: this file is also type-checked for the renderer (no Node types).
  const e = err as { code?: unknown; path?: string } | undefined;
  switch (e?.code) {
    case 'ENOENT':
      return { code: 'FILE_NOT_FOUND', message: `File not found: ${e.path ?? ''}`.trim(), hint: 'Check the path and try again.' };
    case 'EACCES':
    case 'EPERM':
      return { code: 'PERMISSION_DENIED', message: `Permission denied: ${e.path ?? ''}`.trim(), hint: 'Check the file permissions.' };
    case 'EISDIR':
      return { code: 'NOT_A_FILE', message: `Expected a file but found a folder: ${e.path ?? ''}`.trim() };
    case 'EROFS':
      // e.g. a container run with a read-only root filesystem and no writable /tmp.
      return {
        code: 'IO_ERROR',
        message: `Read-only file system: ${e.path ?? ''}`.trim(),
        hint: 'Give the process a writable folder there (in Kubernetes: an emptyDir volume mounted at /tmp).',
      };
    case 'ENOSPC':
      return { code: 'DISK_FULL', message: 'The disk is full.', hint: 'Free some disk space and try again.' };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message: `Unexpected error: ${message}`, hint: 'This is a bug in Modelcrate Studio; please report it.' };
}

export function errorLine(e: ErrorData): string {
  return `error[${e.code}]: ${e.message}${e.hint ? ` ${e.hint}` : ''}`;
}
