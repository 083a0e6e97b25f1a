// How every `modelcrate` command ends: its exit code, its one error line, and Ctrl-C. A command
// states what it does inside runCommand(); the runner owns the rest.
//
// Exit codes (a contract: scripts and CI gates test them):
//   0  done; for a command that judges something, a good verdict
//   1  a negative verdict the command reports as its result (`diff`: a breaking change)
//   2  it could not do it: one `error[CODE]: message hint` line on stderr (shared/errors.ts
//      errorLine). A cancel (Ctrl-C, SIGTERM) is one too; so is a usage mistake (cli/index.ts).
//   3  no verdict could be reached though the command ran: `diff` compared the models but no
//      sample ran on both, so the outputs are unverified (shared/diff/types.ts Verdict).
// Not the policy, kept as the commands had it (the README says nothing else):
// - an INTERNAL error (a bug) exits 1, unless the command says `bugExit: 2`: diff (1 is its
//   verdict: a crash must never read as "breaking"), predict and profile (the README promises 2
//   on any failure), verify and serve (every failure of theirs exits 2);
// - verify reports a failed check as an error (exit 2), not as a verdict of 1: its help says so;
// - studio has no runner: a missing UI build exits 1, and what it throws reaches index.ts's last
//   catch (error[INTERNAL], exit 1).
import { errorLine, toErrorData, type ErrorData } from '../shared/errors';

export const EXIT = { OK: 0, VERDICT: 1, FAILED: 2, UNVERIFIED: 3 } as const;
type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface RunOptions {
  /**
   * Ctrl-C (SIGINT) or SIGTERM abort the work's signal, so the services stop their work and clean
   * up (temp files, containers, runtime) instead of the process dying mid-write. A string also
   * says what was cancelled: `error[CANCELLED]: <it>` replaces whatever the aborted work threw.
   * Without it the signals keep their default (the process ends) and the signal never fires.
   */
  cancel?: true | string;
  /** The exit code of an INTERNAL error (see above). Default 1. */
  bugExit?: 1 | 2;
}

/** Returns nothing when done (0) or its verdict (0, 1, or 3 unverified); throws when it cannot do it. */
export type CommandWork = (signal: AbortSignal) => Promise<void | 0 | 1 | 3>;

/** Runs one command, prints its error line if it fails, and sets process.exitCode. */
export function runCommand(work: CommandWork): Promise<void>;
export function runCommand(opts: RunOptions, work: CommandWork): Promise<void>;
export async function runCommand(a: RunOptions | CommandWork, b?: CommandWork): Promise<void> {
  const [opts, work] = typeof a === 'function' ? [{}, a] : [a, b!];
  const cancel = opts.cancel ? cancelOnSignals() : undefined;
  const signal = cancel?.signal ?? new AbortController().signal;
  let code: ExitCode;
  try {
    code = (await work(signal)) ?? EXIT.OK;
  } catch (err) {
    const data: ErrorData =
      signal.aborted && typeof opts.cancel === 'string' ? { code: 'CANCELLED', message: opts.cancel } : toErrorData(err);
    process.stderr.write(`${errorLine(data)}\n`);
    code = data.code === 'INTERNAL' ? (opts.bugExit ?? 1) : EXIT.FAILED;
  } finally {
    cancel?.dispose();
  }
  process.exitCode = code;
}

/** dispose() hands the signals back once the command is done. */
function cancelOnSignals(): { signal: AbortSignal; dispose(): void } {
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
