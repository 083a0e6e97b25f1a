import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { EventName, Events } from '../../shared/contract';
import type { Result } from '../../shared/errors';
import { dispatch } from '../../core/dispatch';
import type { Handlers } from '../../core/studio';
import { CALL_CHANNEL, EVENT_CHANNEL_PREFIX, isAppUrl } from './channels';

/** Only our own renderer, served from app://studio, may call the services. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean {
  return isAppUrl(event.senderFrame?.url);
}

/** Registers the single call channel; validation and error mapping live in dispatch(). */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, handlers: Handlers): void {
  ipcMain.handle(CALL_CHANNEL, async (event, name: unknown, input: unknown): Promise<Result<unknown>> => {
    if (!isTrustedSender(event)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'Calls are accepted from the studio window only.' } };
    }
    return dispatch(handlers, name, input);
  });
}

export function sendEvent<E extends EventName>(contents: WebContents, event: E, payload: Events[E]): void {
  if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL_PREFIX + event, payload);
}
