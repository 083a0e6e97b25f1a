// The engine's progress streams (build, push, pull) are one JSON object per line. A failure comes
// as an {"error", "errorDetail"} line inside an HTTP 200 (docs/reference.md §Docker Engine API) —
// dockerode's followProgress would not fail on it — so every line goes through here and the caller
// decides.

export interface DockerEvent {
  stream?: string;
  status?: string;
  id?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
  aux?: { ID?: string; Tag?: string; Digest?: string; Size?: number };
  error?: string;
  errorDetail?: { message?: string; code?: number };
}

/** Calls onEvent for each JSON line; resolves when the stream ends. A line that is not JSON is kept as text. */
export async function readJsonLines(stream: NodeJS.ReadableStream, onEvent: (e: DockerEvent) => void): Promise<void> {
  let rest = '';
  const take = (line: string) => {
    if (!line.trim()) return;
    try {
      onEvent(JSON.parse(line) as DockerEvent);
    } catch {
      onEvent({ stream: `${line}\n` });
    }
  };
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    rest += chunk.toString();
    const lines = rest.split(/\r?\n/);
    rest = lines.pop()!;
    lines.forEach(take);
  }
  take(rest);
}

export function eventError(e: DockerEvent): string | undefined {
  return e.errorDetail?.message ?? e.error;
}

/** Container logs without a TTY come framed: 8-byte headers (stream, size) before each chunk. */
export function demux(buf: Buffer): string {
  if (!Buffer.isBuffer(buf)) return String(buf);
  const out: Buffer[] = [];
  for (let i = 0; i + 8 <= buf.length;) {
    const size = buf.readUInt32BE(i + 4);
    out.push(buf.subarray(i + 8, i + 8 + size));
    i += 8 + size;
  }
  return Buffer.concat(out).toString('utf8');
}
