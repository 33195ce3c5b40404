import type { PowerShellArgument } from '../../ports/executor';
import type { Message } from '../../i18n/message';
import type { CommandSyntax } from '../parser/command-syntax';

/** Risk tiers decide how many approvals a request needs (see the policy file). */
export type Risk = 'read' | 'user-change' | 'tenant-change';

export type OperationParameters = Record<string, string | number>;

/** One property of tenant state as a card shows it: what it is now and what the change makes it. */
export interface StateRow {
  property: string;
  /** A label of the bot's own (a bulk row, a count) as a catalog message, shown in the reader's language. */
  label?: Message;
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
  /** The users an operation with many targets acts on (a bulk request's rows); absent for one or none. */
  targetUsers?(params: OperationParameters): string[];
  /** Reads the current state (read-only; safe to retry). */
  readState(params: OperationParameters): PowerShellCall;
  /**
   * The read when a request is filed (or a bulk row checked), when validate needs more than readState gives (who else
   * holds a number); the reads at run time and after it stay readState's. Defaults to readState.
   */
  filingRead?(params: OperationParameters): PowerShellCall;
  /** The change itself, absent for read-only operations. */
  change?(params: OperationParameters): PowerShellCall;
  /** The cmdlet line the change amounts to, shown for reading only; never executed. */
  preview(params: OperationParameters): string;
  /** Rows of current versus proposed state, from a state read by readState. */
  compare(state: unknown, params: OperationParameters): StateRow[];
  verify(state: unknown, params: OperationParameters): Verification;
  /** What the result is about, for replies: the user, or a tenant-wide name. Defaults to targetUser. */
  subject?(params: OperationParameters): string;
  /** The same as a catalog message, for cards rendered in the reader's language (when subject is the bot's words). */
  subjectText?(params: OperationParameters): Message;
  /**
   * What follows the command in a request's title when it has no target user ("3 users" after "bulk"); without it,
   * the values of the required arguments as typed ("sip.contoso.com" after "configure hybrid").
   */
  headlineText?(params: OperationParameters): Message;
  /**
   * The preview's lines, with the bot's own comment lines as catalog messages (shown as `# …` in the reader's
   * language) and cmdlet lines as they are; preview is their English rendering.
   */
  previewLines?(params: OperationParameters): Array<string | Message>;
  /**
   * Refuses a request the current state shows cannot work (an unknown site, say), before anyone is asked to approve.
   * Always a catalog message, rendered in the reader's language (the English rendering goes to the audit trail).
   */
  validate?(state: unknown, params: OperationParameters): Message | undefined;
  /** Whether the request carries the tenant's voice path (legacy Cloud Connector cmdlets or modern Direct Routing). */
  usesVoicePath?: boolean;
  /**
   * For reversible changes: the request that restores the state read just before the change ran, or undefined
   * when that state cannot be restored through the bot's own commands.
   */
  undo?(prior: unknown, params: OperationParameters): UndoPlan | undefined;
}

/** A request of a catalog operation that puts back what an earlier change replaced. */
export interface UndoPlan {
  operation: string;
  parameters: OperationParameters;
}

export type VoicePath = 'legacy' | 'modern';

/**
 * The parameters with the tenant settings the operation depends on (the voice path), as a request records them:
 * the request hash, its preview and its read-back all see the same values.
 */
export function withTenantSettings(operation: Pick<Operation, 'usesVoicePath'>, params: OperationParameters, voicePath: VoicePath = 'legacy'): OperationParameters {
  return operation.usesVoicePath ? { ...params, voicePath } : params;
}

/** The voice path a request was filed under (requests filed before the setting existed are legacy). */
export function voicePathOf(params: OperationParameters): VoicePath {
  return params.voicePath === 'modern' ? 'modern' : 'legacy';
}

/** Rows of named properties, current against proposed, for flat state records. */
export function propertyRows(current: Record<string, unknown>, proposed: Record<string, unknown>, properties: readonly string[]): StateRow[] {
  return properties.map((property) => ({
    property,
    current: showValue(current[property]),
    proposed: showValue(property in proposed ? proposed[property] : current[property]),
  }));
}

/** Which of the wanted properties the state does not have. */
export function mismatchesOf(state: Record<string, unknown>, wanted: Record<string, unknown>): string[] {
  return Object.keys(wanted).filter((property) => (state[property] ?? '') !== (wanted[property] ?? ''));
}

export function showValue(value: unknown): string {
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === '' || value === null || value === undefined) return '(none)';
  return String(value);
}

/** A state record as a plain object, or a clear error when PowerShell returned something else. */
export function asRecord(output: unknown, what: string): Record<string, unknown> {
  if (!output || typeof output !== 'object' || Array.isArray(output)) throw new Error(`${what} returned no record`);
  return output as Record<string, unknown>;
}

/** A collection PowerShell returned: ConvertTo-Json writes a one-item collection as the item alone, and none as null. */
export function asList(output: unknown): unknown[] {
  return Array.isArray(output) ? output : output ? [output] : [];
}

/** Quotes a validated value the way PowerShell shows a literal string, for display only. */
export function psLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
