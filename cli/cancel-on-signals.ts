// Ctrl-C (SIGINT) or SIGTERM aborts a long command's signal, so the service stops its work and
// cleans up (temp files, containers, runtime) instead of the process dying mid-write. dispose()
// hands the signals back once the command is done.
export function cancelOnSignals(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const cancel = () => controller.abort();
  process.once('SIGINT', cancel);
  process.once('SIGTERM', cancel);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', cancel);
      process.off('SIGTERM', cancel);
    },
  };
}
