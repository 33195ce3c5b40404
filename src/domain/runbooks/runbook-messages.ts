import type { ArgumentSpec } from '../parser/command-syntax';

/**
 * Every sentence the runbooks say, in one place (they move to the message catalogs as a whole). Each is a complete
 * sentence with named values, never assembled from fragments.
 */
export const RUNBOOK_MESSAGES = {
  unknownRunbook: (name: string, known: string) => `There is no runbook "${name}". The runbooks are: ${known}.`,
  unknownStep: (runbook: string, step: string, known: string) => `The runbook ${runbook} has no step "${step}". Its steps are: ${known}.`,
  notStarted: (runbook: string) => `The runbook ${runbook} has not been started yet. Type runbook ${runbook} to start it.`,
  notManualBot: (runbook: string, step: string) =>
    `Step ${step} of ${runbook} is run by the bot, so it cannot be ticked: type runbook run ${runbook} ${step} to ask for it.`,
  notManualCheck: (runbook: string, step: string) =>
    `Step ${step} of ${runbook} is verified by a check, so it cannot be ticked: type runbook verify ${runbook} to check it again.`,
  notBotManual: (runbook: string, step: string) =>
    `Step ${step} of ${runbook} is done outside the bot: tick it when it is done with runbook tick ${runbook} ${step} <reason>.`,
  notBotCheck: (runbook: string, step: string) => `Step ${step} of ${runbook} is a check: type runbook verify ${runbook} to run it.`,
  reasonRequired: (runbook: string, step: string) =>
    `Say why step ${step} is done, for the audit trail: runbook tick ${runbook} ${step} <reason>.`,
  tooManyValues: (usage: string) => `Too many values for this step. Usage: ${usage}.`,
  missingValue: (label: string, usage: string) => `This step needs ${label}. Usage: ${usage}.`,
  missingRunbookParameter: (runbook: string, step: string, names: string, assignments: string) =>
    `Step ${step} of ${runbook} needs the runbook parameter ${names}. Set it with runbook ${runbook} ${assignments}, then run the step again.`,
  parameterRequired: (arg: ArgumentSpec) => `${arg.label.charAt(0).toUpperCase()}${arg.label.slice(1)} is required.`,
  checkNeeds: (names: string, runbook: string) => `Needs the runbook parameter ${names} to be checked (runbook ${runbook} ${names}=…).`,
  checkFailed: (reason: string) => `The check could not run: ${reason}`,
  requestFiled: (id: number) => `Request #${id} filed, waiting for approval.`,
  requestVerified: (id: number) => `Request #${id} ran and its read-back verified it.`,
  requestSucceeded: (id: number, message: string) => `Request #${id} ran: ${message}`,
  requestFailed: (id: number, state: string, message: string) => `Request #${id} ${state}: ${message}`,
  requestClosed: (id: number, state: string) => `Request #${id} was ${state}; nothing ran. Run the step again when ready.`,
  alreadyInPlace: 'Already in place when asked; no request was needed.',
  foundInPlace: 'Found in place by the read-back.',
  auditUnavailable: 'I could not write the audit record for this runbook step, so I did not record it. Nothing was changed; an administrator has been told.',
  tickText: (runbook: string, step: string) => `runbook tick ${runbook} ${step} <reason>`,
  verifyText: (runbook: string) => `runbook verify ${runbook}`,
} as const;
