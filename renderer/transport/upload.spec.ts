import { describe, expect, it } from 'vitest';
import { uploadFile } from './upload';

/** Just enough of XMLHttpRequest to drive uploadFile's paths. */
class FakeXhr {
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown;
  status = 0;
  responseText = '';
  responseType = '';
  upload: { onprogress: ((e: { loaded: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  ontimeout: (() => void) | null = null;
  onabort: (() => void) | null = null;
  aborted = false;
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(k: string, v: string) {
    this.headers[k] = v;
  }
  send(body: unknown) {
    this.body = body;
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
  respond(status: number, text: string) {
    this.status = status;
    this.responseText = text;
    this.onload?.();
  }
}

function start(opts: { signal?: AbortSignal; onProgress?: (n: number) => void } = {}) {
  const xhr = new FakeXhr();
  const file = new File([new Uint8Array(10)], 'm.onnx');
  const done = uploadFile(file, {
    token: 'tok',
    uploadId: 'g1',
    origin: 'http://127.0.0.1:9',
    createXhr: () => xhr as unknown as XMLHttpRequest,
    ...opts,
  });
  return { xhr, file, done };
}

describe('uploadFile', () => {
  it('POSTs the File itself with token, name and group, reports bytes sent, and returns the receipt', async () => {
    const seen: number[] = [];
    const { xhr, file, done } = start({ onProgress: (n) => seen.push(n) });
    expect(xhr.method).toBe('POST');
    expect(new URL(xhr.url).pathname).toBe('/api/upload');
    expect(Object.fromEntries(new URL(xhr.url).searchParams)).toEqual({ token: 'tok', name: 'm.onnx', uploadId: 'g1' });
    expect(xhr.body).toBe(file);
    xhr.upload.onprogress?.({ loaded: 4 });
    xhr.upload.onprogress?.({ loaded: 10 });
    xhr.respond(200, JSON.stringify({ ok: true, value: { uploadId: 'g1', fileName: 'm.onnx', bytes: 10 } }));
    await expect(done).resolves.toEqual({ uploadId: 'g1', fileName: 'm.onnx', bytes: 10 });
    expect(seen).toEqual([4, 10]);
  });

  it('passes the host’s error on with its code', async () => {
    const { xhr, done } = start();
    xhr.respond(413, JSON.stringify({ ok: false, error: { code: 'TOO_LARGE', message: 'too big', hint: 'use the desktop app' } }));
    await expect(done).rejects.toMatchObject({ code: 'TOO_LARGE', message: 'too big', hint: 'use the desktop app' });
  });

  it('an answer that is not ours is IO_ERROR with the HTTP status', async () => {
    const { xhr, done } = start();
    xhr.respond(502, '<html>Bad gateway</html>');
    await expect(done).rejects.toMatchObject({ code: 'IO_ERROR', message: 'Uploading m.onnx failed (HTTP 502).' });
  });

  it('no answer at all is IO_ERROR that says to check the host', async () => {
    const { xhr, done } = start();
    xhr.onerror?.();
    await expect(done).rejects.toMatchObject({ code: 'IO_ERROR', hint: expect.stringContaining('modelcrate studio --web') });
  });

  it('aborting the signal aborts the request and rejects with CANCELLED', async () => {
    const controller = new AbortController();
    const { xhr, done } = start({ signal: controller.signal });
    controller.abort();
    expect(xhr.aborted).toBe(true);
    await expect(done).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('an already aborted signal sends nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const { xhr, done } = start({ signal: controller.signal });
    await expect(done).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(xhr.method).toBe('');
  });
});
