import type { PowerShellArgument } from '../../ports/executor';
import type { CommandSyntax } from '../parser/command-syntax';

/** Risk tiers decide how many approvals a request needs (see the policy file). */
export type Risk = 'read' | 'user-change' | 'tenant-change';

export type OperationParameters = Record<string, string | number>;

/** One property of tenant state as a card shows it: what it is now and what the change makes it. */
export interface StateRow {
  property: string;
  current: string;
  proposed: string;
}

export interface PowerShellCall {
  command: string;
  arguments: Record<string, PowerShellArgument>;
}

export interface Verification {
  verified: boolean;
  /** Properties whose read-back differs from what the change should have produced. */
  mismatches: string[];
}

/**
 * One operation of the catalog, declared in one place: chat syntax, risk, the fixed PowerShell it runs,
 * how its state is read, and how the read-back proves the change landed.
 */
export interface Operation {
  name: string;
  syntax: CommandSyntax;
  risk: Risk;
  /** Executor target: which workers may run it. */
  target: 'teams' | 'exchange';
  /** The fixed PowerShell functions this operation calls; together they form the executor's allow-list. */
  functions: readonly string[];
  /** The user the operation acts on; that user never counts as an approver of it. */
  targetUser(params: OperationParameters): string | undefined;
  /** Reads the current state (read-only; safe to retry). */
  readState(params: OperationParameters): PowerShellCall;
  /** The change itself, absent for read-only operations. */
  change?(params: OperationParameters): PowerShellCall;
  /** The cmdlet line the change amounts to, shown for reading only; never executed. */
  preview(params: OperationParameters): string;
  /** Rows of current versus proposed state, from a state read by readState. */
  compare(state: unknown, params: OperationParameters): StateRow[];
  verify(state: unknown, params: OperationParameters): Verification;
}

/** Quotes a validated value the way PowerShell shows a literal string, for display only. */
export function psLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
