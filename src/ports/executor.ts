/** What the domain needs from PowerShell: run one allow-listed function with data arguments. */

/** Argument values are plain data; they travel as base64-encoded JSON and are splatted, never parsed as source. */
export type PowerShellArgument = string | number | boolean | null;

export interface PowerShellInvocation {
  /** Name of a fixed operation function on the allow-list, e.g. `Enable-VoiceOpsVoice`. */
  command: string;
  /** Validated arguments, splatted onto the function by name. */
  arguments: Record<string, PowerShellArgument>;
  /** Kill the session and fail the call after this long. */
  timeoutMs?: number;
}

export type PowerShellErrorKind =
  | 'NotFound'
  | 'InvalidArgument'
  | 'Throttled'
  | 'Timeout'
  | 'Crashed'
  | 'Rejected'
  | 'Failed';

export type PowerShellOutcome =
  | { ok: true; output: unknown; durationMs: number }
  | { ok: false; error: { kind: PowerShellErrorKind; message: string }; durationMs: number };

export interface Executor {
  /** Runs one invocation in a warm session; never throws for PowerShell-side failures. */
  invoke(invocation: PowerShellInvocation): Promise<PowerShellOutcome>;
  /** Starts the sessions so the first request does not pay the start-up cost. */
  warm(): Promise<void>;
  close(): Promise<void>;
}
