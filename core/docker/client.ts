// The Docker engine over its socket (dockerode), speaking the negotiated API version. Each method
// turns the engine's failures into AppErrors with stable codes; builds and pushes check every line
// of their 200 streams for an error. Cancelling (signal) aborts the HTTP request: closing the
// connection is how the engine learns to stop a build (docs/reference.md §Docker Engine API).
// Type-only at the top: dockerode (and its modem, ssh2 …) is loaded on the first connect, not by
// every CLI command and every studio start that never talks to Docker (~140 ms here).
import type Docker from 'dockerode';
import { AppError } from '../../shared/errors';
import { buildError } from './build-errors';
import { connectionError, endpointFromEnv, pingVersion, type Endpoint } from './connection';
import { demux, eventError, readJsonLines, type DockerEvent } from './json-lines';

export interface BuildOptions {
  tag: string;
  buildArgs?: Record<string, string>;
  labels?: Record<string, string>;
  signal?: AbortSignal;
  /** Every text line of the build output, as it comes. */
  onLine?: (line: string) => void;
  /** Each "Step N/M : …" as it starts. */
  onStep?: (n: number, total: number, text: string) => void;
}

export interface RunOptions {
  labels?: Record<string, string>;
  /** Container port to publish on a free 127.0.0.1 port, e.g. 8080. */
  port: number;
  env?: string[];
}

export interface RegistryAuth {
  username: string;
  password: string;
  serveraddress: string;
}

export class DockerClient {
  private constructor(
    readonly docker: Docker,
    readonly endpoint: Endpoint,
    readonly apiVersion: string,
  ) {}

  /** Pings the engine (DOCKER_HOST or the default socket) and connects with its API version. */
  static async connect(dockerHost?: string): Promise<DockerClient> {
    const ep = endpointFromEnv(dockerHost ?? process.env.DOCKER_HOST);
    const version = await pingVersion(ep);
    const conn = 'socketPath' in ep ? { socketPath: ep.socketPath } : { host: ep.host, port: ep.port, protocol: 'http' as const };
    const { default: Dockerode } = await import('dockerode');
    return new DockerClient(new Dockerode({ ...conn, version: `v${version}` }), ep, version);
  }

  async ping(): Promise<string> {
    return pingVersion(this.endpoint);
  }

  /** Builds from a tar stream; resolves with the image id (sha256:…). */
  async build(context: NodeJS.ReadableStream, opts: BuildOptions): Promise<string> {
    let step: string | undefined;
    let imageId: string | undefined;
    let failure: string | undefined;
    // Classic builder (version 1): BuildKit needs a session for some features and reports steps differently.
    const stream = await this.call(
      () =>
        this.docker.buildImage(context, {
          t: opts.tag,
          buildargs: opts.buildArgs,
          labels: opts.labels,
          rm: true,
          forcerm: true,
          version: '1',
          abortSignal: opts.signal,
        } as Docker.ImageBuildOptions),
      opts.signal,
    );
    await this.follow(stream, opts.signal, (e) => {
      const err = eventError(e);
      if (err) failure ??= err;
      if (e.aux?.ID) imageId = e.aux.ID;
      for (const line of (e.stream ?? e.status ?? '').split('\n')) {
        if (!line.trim()) continue;
        opts.onLine?.(line);
        const m = /^Step (\d+)\/(\d+) : (.*)$/.exec(line);
        if (m) {
          step = line;
          opts.onStep?.(Number(m[1]), Number(m[2]), m[3]!);
        }
        const id = /^Successfully built ([0-9a-f]{12,64})$/.exec(line);
        if (id && !imageId) imageId = id[1];
      }
    });
    if (failure) throw buildError(failure, step, opts.buildArgs?.BASE_IMAGE);
    if (!imageId)
      throw new AppError('BUILD_FAILED', 'The build ended without an image id.', 'Read the build log; the engine may have stopped.');
    const info = await this.inspectImage(opts.tag);
    return info.Id;
  }

  async inspectImage(ref: string): Promise<Docker.ImageInspectInfo> {
    return this.call(() => this.docker.getImage(ref).inspect());
  }

  /** GET /images/json: the engine's images (tagged and not), with sizes and labels. */
  async listImages(): Promise<Docker.ImageInfo[]> {
    return this.call(() => this.docker.listImages());
  }

  /**
   * The first of `paths` that exists in the image's filesystem, or null: a container is created
   * (never started, so an image without a shell or node is fine), asked with HEAD …/archive, removed.
   */
  async findInImage(image: string, paths: string[], labels?: Record<string, string>): Promise<string | null> {
    const c = await this.call(() => this.docker.createContainer({ Image: image, Entrypoint: ['node'], Labels: labels }));
    try {
      for (const path of paths) {
        const found = await c.infoArchive({ path }).then(
          (res: unknown) => ((res as NodeJS.ReadableStream & { resume?: () => void }).resume?.(), true),
          (err: { statusCode?: number }) => {
            if (err.statusCode === 404) return false;
            throw this.mapError(err);
          },
        );
        if (found) return path;
      }
      return null;
    } finally {
      await this.removeContainer(c.id);
    }
  }

  async history(ref: string): Promise<Array<{ Id: string; CreatedBy: string; Size: number }>> {
    return this.call(() => this.docker.getImage(ref).history() as Promise<Array<{ Id: string; CreatedBy: string; Size: number }>>);
  }

  async tag(ref: string, repo: string, tag: string): Promise<void> {
    await this.call(() => this.docker.getImage(ref).tag({ repo, tag }));
  }

  /** Pushes repo:tag; resolves with the manifest digest the registry reported. */
  async push(
    repo: string,
    tag: string,
    auth: RegistryAuth | undefined,
    opts: { signal?: AbortSignal; onLine?: (line: string) => void } = {},
  ): Promise<string | undefined> {
    const stream = await this.call(
      () =>
        this.docker
          .getImage(`${repo}:${tag}`)
          .push({ tag, authconfig: auth ?? {}, abortSignal: opts.signal } as never) as unknown as Promise<NodeJS.ReadableStream>,
      opts.signal,
    );
    let failure: string | undefined;
    let digest: string | undefined;
    await this.follow(stream, opts.signal, (e) => {
      const err = eventError(e);
      if (err) failure ??= err;
      if (e.aux?.Digest) digest = e.aux.Digest;
      if (e.status) opts.onLine?.(e.id ? `${e.id}: ${e.status}` : e.status);
    });
    if (failure) {
      if (/unauthori[sz]ed|authentication required|no basic auth|denied|401/i.test(failure)) {
        throw new AppError(
          'PUSH_UNAUTHORIZED',
          `The registry refused the push of ${repo}:${tag}: ${failure}`,
          'Check the registry user and password (or token) and that this user may push to this repository.',
        );
      }
      if (/no space left on device/i.test(failure))
        throw new AppError('DISK_FULL', `The push failed: ${failure}`, 'Free disk space on the registry or locally.');
      throw new AppError(
        'PUSH_FAILED',
        `The push of ${repo}:${tag} failed: ${failure}`,
        'Check the registry address and that it is reachable from the Docker engine.',
      );
    }
    return digest;
  }

  async pull(ref: string, auth?: RegistryAuth): Promise<void> {
    const stream = await this.call(() => this.docker.pull(ref, { authconfig: auth }) as unknown as Promise<NodeJS.ReadableStream>);
    let failure: string | undefined;
    await this.follow(stream, undefined, (e) => void (failure ??= eventError(e)));
    if (failure) throw new AppError('DOCKER_ERROR', `Pulling ${ref} failed: ${failure}`);
  }

  /** Creates and starts a container with `port` published on a free 127.0.0.1 port. */
  async run(image: string, opts: RunOptions): Promise<{ id: string; hostPort: number; startedAt: number }> {
    const key = `${opts.port}/tcp`;
    const c = await this.call(() =>
      this.docker.createContainer({
        Image: image,
        Labels: opts.labels,
        Env: opts.env,
        ExposedPorts: { [key]: {} },
        HostConfig: { PortBindings: { [key]: [{ HostIp: '127.0.0.1', HostPort: '' }] } },
      }),
    );
    try {
      const startedAt = performance.now();
      await this.call(() => c.start());
      const info = await this.call(() => c.inspect());
      const hostPort = Number(info.NetworkSettings.Ports?.[key]?.[0]?.HostPort);
      if (!hostPort) throw new AppError('DOCKER_ERROR', `The engine published no host port for ${key}.`);
      return { id: c.id, hostPort, startedAt };
    } catch (err) {
      await this.removeContainer(c.id);
      throw err;
    }
  }

  async inspectContainer(id: string): Promise<Docker.ContainerInspectInfo> {
    return this.call(() => this.docker.getContainer(id).inspect());
  }

  /**
   * A running container's memory, one sample: the cgroup's usage and its working set (usage minus
   * inactive page cache — inactive_file on cgroup v2, total_inactive_file on v1), which is what the
   * kubelet compares with a pod's memory limit and what `docker stats` shows.
   */
  async memoryStats(id: string): Promise<{ usageBytes: number; workingSetBytes: number }> {
    const s = (await this.call(
      () => this.docker.getContainer(id).stats({ stream: false, 'one-shot': true } as never) as unknown as Promise<unknown>,
    )) as {
      memory_stats?: { usage?: number; stats?: Record<string, number> };
    };
    const usage = s.memory_stats?.usage;
    if (!usage)
      throw new AppError(
        'DOCKER_ERROR',
        'The engine reported no memory usage for the container.',
        'Is the memory cgroup controller enabled on this Docker host?',
      );
    const stats = s.memory_stats?.stats ?? {};
    const inactive = stats.inactive_file ?? stats.total_inactive_file ?? 0;
    return { usageBytes: usage, workingSetBytes: Math.max(0, usage - inactive) };
  }

  async logs(id: string, tail = 20): Promise<string> {
    const buf = (await this.call(() =>
      this.docker.getContainer(id).logs({ stdout: true, stderr: true, tail, follow: false }),
    )) as unknown as Buffer;
    return demux(buf);
  }

  /** Force-removes a container; a missing one is not an error. */
  async removeContainer(id: string): Promise<void> {
    await this.docker
      .getContainer(id)
      .remove({ force: true, v: true })
      .catch((err: { statusCode?: number }) => {
        if (err.statusCode !== 404) throw this.mapError(err);
      });
  }

  async removeImage(ref: string): Promise<void> {
    await this.docker
      .getImage(ref)
      .remove({ force: true })
      .catch((err: { statusCode?: number }) => {
        if (err.statusCode !== 404) throw this.mapError(err);
      });
  }

  private async follow(stream: NodeJS.ReadableStream, signal: AbortSignal | undefined, onEvent: (e: DockerEvent) => void): Promise<void> {
    try {
      await readJsonLines(stream, onEvent);
    } catch (err) {
      throw signal?.aborted ? cancelled() : this.mapError(err);
    }
    if (signal?.aborted) throw cancelled();
  }

  private async call<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw signal?.aborted ? cancelled() : this.mapError(err);
    }
  }

  private mapError(err: unknown): unknown {
    if (err instanceof AppError) return err;
    const mapped = connectionError(err, this.endpoint);
    if (mapped !== err) return mapped;
    const e = err as { statusCode?: number; json?: { message?: string }; message?: string };
    const msg = e.json?.message ?? e.message ?? String(err);
    if (/no space left on device/i.test(msg))
      return new AppError('DISK_FULL', `Docker: ${msg}`, 'Free space for Docker (`docker system prune`).');
    return new AppError('DOCKER_ERROR', `Docker${e.statusCode ? ` (HTTP ${e.statusCode})` : ''}: ${msg}`);
  }
}

function cancelled(): AppError {
  return new AppError('CANCELLED', 'The Docker operation was cancelled.');
}
