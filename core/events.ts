// How services tell the renderer something happened (job progress, a model opened by the OS):
// through an EventSink injected into createStudio, so services never know the transport. Electron
// main sends to the window's webContents; the web host broadcasts over its WebSockets.
import type { EventName, Events } from '../shared/contract';

export interface EventSink {
  emit<E extends EventName>(event: E, payload: Events[E]): void;
}

/** Fans events out to whoever subscribed (the web host subscribes when it starts). */
export class EventHub implements EventSink {
  private readonly sinks = new Set<EventSink>();

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const sink of this.sinks) {
      try {
        sink.emit(event, payload);
      } catch {
        // One closed window or socket must not keep the event from the others.
      }
    }
  }

  subscribe(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => void this.sinks.delete(sink);
  }
}
