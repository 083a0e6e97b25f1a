// A file the studio wrote, streamed to the browser as an attachment (browser mode only).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { toErrorData } from '../shared/errors';

export async function sendDownload(file: string, res: ServerResponse): Promise<void> {
  let size: number;
  try {
    const s = await stat(file);
    if (!s.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR', path: file });
    size = s.size;
  } catch (err) {
    res.writeHead(404, { 'Content-Type': 'application/json; charset=utf-8' });
    return void res.end(JSON.stringify({ ok: false, error: toErrorData(err) }));
  }
  const name = path.basename(file);
  // RFC 6266: an ASCII fallback plus the exact UTF-8 name.
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  res.writeHead(200, {
    'Content-Type': 'application/octet-stream',
    'Content-Length': String(size),
    'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  await pipeline(createReadStream(file), res).catch(() => res.destroy());
}
