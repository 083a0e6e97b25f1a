// Envelope of the WebSocket transport (browser mode). The same calls as IPC; responses carry the
// request id, events carry no id.
import { z } from 'zod';
import type { Result } from './errors';
import type { EventName, Events } from './contract';

export const wsRequestSchema = z.object({
  id: z.number().int().nonnegative(),
  call: z.string().max(64),
  input: z.unknown(),
});
export type WsRequest = z.infer<typeof wsRequestSchema>;

export type WsResponse = { id: number; result: Result<unknown> };
export type WsEvent<E extends EventName = EventName> = { event: E; payload: Events[E] };
export type WsServerMessage = WsResponse | WsEvent;

/**
 * Browser-mode uploads (a browser cannot hand us a path): the client POSTs each dropped file's bytes
 *   POST /api/upload?token=T&name=<fileName>[&uploadId=<id>]   body = the file
 * → 200 JSON Result<UploadReceipt>, or 4xx/5xx JSON Result with an error. The first file of a group
 * omits uploadId and gets one back; the others (external-data files) pass it so they land in the
 * same folder as the model. Then the client calls model.openUpload({ uploadId, fileName }).
 */
export interface UploadReceipt {
  uploadId: string;
  fileName: string;
  bytes: number;
}

/** Query parameter and header names shared by the host and the browser client. */
export const TOKEN_PARAM = 'token';
export const UPLOAD_PATH = '/api/upload';
export const WS_PATH = '/ws';
/** GET /api/download/<fileId>: a file the studio wrote (SavedModel.fileId), as an attachment. */
export const DOWNLOAD_PATH = '/api/download/';
/**
 * Largest WebSocket message the host accepts. Test-step requests carry whole tensors: float32 and
 * other plain numeric ones as binary frames (shared/wire-frame.ts: a 1×3×224×224 image is 600 KB),
 * int64 beyond 2^53, float16 and strings as JSON (several times larger); 256 MiB leaves room for a
 * large batch while still bounding what one message can make the host buffer and parse. The
 * client checks its requests against the same bound (ws-client.ts) so an oversized one fails with
 * TOO_LARGE instead of the host dropping the connection (close code 1009).
 */
export const MAX_WS_MESSAGE_BYTES = 256 * 1024 * 1024;
