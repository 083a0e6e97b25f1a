import type { DesktopBridge, StudioApi } from '../../shared/api';
import type { CallInput, CallName, CallOutput, EventName, Events } from '../../shared/contract';
import { AppError } from '../../shared/errors';

/**
 * The desktop transport: wraps the preload's bridge, whose calls resolve to Result data (an Error
 * crossing contextBridge would lose its code), and turns failures back into AppErrors.
 */
export class IpcClient implements StudioApi {
  readonly transport = 'ipc' as const;

  constructor(private readonly bridge: DesktopBridge) {}

  async call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
    let result;
    try {
      result = await this.bridge.invoke(name, input);
    } catch (err) {
      // Electron prefixes "Error invoking remote method 'call': "; the user needs none of it.
      const message = (err instanceof Error ? err.message : String(err)).replace(/^Error invoking remote method '[^']*': (Error: )?/, '');
      throw new AppError('INTERNAL', `The app failed to run ${name}: ${message}`, 'This is a bug in Modelcrate Studio; please report it.');
    }
    if (result.ok) return result.value as CallOutput<N>;
    throw AppError.fromData(result.error);
  }

  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    return this.bridge.on(event, listener);
  }

  /** The path of a dropped or picked file; '' when it has none (e.g. dragged from a web page). */
  pathForFile(file: File): string {
    return this.bridge.pathForFile(file);
  }
}
