/** The voiceops command line: every subcommand is a CliCommand registered in src/cli/commands/index.ts. */

/** Exit codes, the same for every subcommand (documented in docs/operations.md and `voiceops --help`). */
export const EXIT = {
  /** It did what was asked. */
  OK: 0,
  /** Configuration, I/O or start-up error: the message says what to fix. */
  ERROR: 1,
  /** Unknown command, missing or extra argument. */
  USAGE: 2,
  /** The thing checked is not valid (a policy file, the audit chain): the message names every problem. */
  CHECK_FAILED: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** What a command may touch: output streams and the environment, passed in so tests run commands in-process. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** The environment with `.env` applied (the environment wins). */
  env(): NodeJS.ProcessEnv;
}

/** A long-running command (start, worker) returns this; the entry point stops it on SIGINT/SIGTERM. */
export interface Running {
  stop(): Promise<void>;
}

export interface CliCommand {
  /** One or two words: `start`, `audit verify`. */
  name: string;
  /** Arguments after the name, as shown in usage: `<file>`, `[out]`. */
  args: string;
  summary: string;
  /** Longer help: what it does, what it needs. */
  description: string;
  /** Shell lines shown under --help and in docs/operations.md. */
  examples: string[];
  run(args: string[], io: CliIo): Promise<ExitCode | Running>;
}

/** For commands to report a usage problem from inside run(). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
