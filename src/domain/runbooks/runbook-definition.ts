import type { OperationParameters } from '../operations/operation';
import type { ArgumentSpec } from '../parser/command-syntax';

/** The read-only checks a runbook step can be verified with. */
export type RunbookCheck = 'dns' | 'license' | 'oauth';

/**
 * One step of a procedure. `manual` steps are ticked by an admin; `bot` steps are requests of a catalog operation
 * (approval rules apply) whose read-back also verifies them; `check` steps are verified by a read-only check.
 */
export interface RunbookStepDefinition {
  id: string;
  /** Where the step is in domain.md's procedure, e.g. "A5". */
  procedureStep: string;
  title: string;
  how: 'manual' | 'bot' | 'check';
  /** A step the procedure allows skipping; it does not hold the runbook back. */
  optional?: boolean;
  /** bot steps: the catalog operation the request is filed with. */
  operation?: string;
  /** bot steps: the operation's parameters from the runbook's parameters and any values typed for this step (unset ones are left out). */
  parameters?(runbook: Record<string, string>, typed: OperationParameters): Record<string, string | number | undefined>;
  /** bot steps: values the runbook does not hold, typed after `runbook run <runbook> <step>`. */
  typedArgs?: ArgumentSpec[];
  /** check steps: which check verifies it. */
  check?: RunbookCheck;
}

export interface RunbookDefinition {
  name: string;
  title: string;
  /** Asked when the runbook starts (a form if a required one is missing); any of them can be set again later. */
  parameters: ArgumentSpec[];
  /** Fills in defaults the procedure names (the peer destination edge is ap.<domain>, for one). */
  withDefaults(parameters: Record<string, string>): Record<string, string>;
  steps: RunbookStepDefinition[];
}

/** The step, or undefined when the runbook has none of that id. */
export function stepOf(definition: RunbookDefinition, id: string): RunbookStepDefinition | undefined {
  return definition.steps.find((s) => s.id === id.toLowerCase());
}
