// A progress line on stderr, redrawn in place, for a person watching; nothing when stderr is not a
// terminal, so piped stderr stays clean for logs.
export interface StatusLine {
  show(text: string): void;
  /** Erases the line; call it however the work ends, before the result or the error line. */
  clear(): void;
}

export function statusLine(): StatusLine {
  const tty = process.stderr.isTTY === true;
  return {
    show: (text) => void (tty && process.stderr.write(`\r\x1b[K${text}`)),
    clear: () => void (tty && process.stderr.write('\r\x1b[K')),
  };
}
