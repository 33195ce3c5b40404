import { dynamicKey, msg, type Message, type MessageParam } from '../../i18n/message';

/**
 * Every sentence the runbooks say, as catalog messages (runbook.* in locales/), rendered in the reader's language
 * where shown. Each is a complete sentence with named values, never assembled from fragments. The typed commands
 * (tickText, verifyText) stay English, like every command word.
 */
export const RUNBOOK_MESSAGES = {
  unknownRunbook: (name: string, known: string): Message => msg('runbook.unknownRunbook', { name, known }),
  unknownStep: (runbook: string, step: string, known: string): Message => msg('runbook.unknownStep', { runbook, step, known }),
  notStarted: (runbook: string): Message => msg('runbook.notStarted', { runbook }),
  notManualBot: (runbook: string, step: string): Message => msg('runbook.notManualBot', { runbook, step }),
  notManualCheck: (runbook: string, step: string): Message => msg('runbook.notManualCheck', { runbook, step }),
  notBotManual: (runbook: string, step: string): Message => msg('runbook.notBotManual', { runbook, step }),
  notBotCheck: (runbook: string, step: string): Message => msg('runbook.notBotCheck', { runbook, step }),
  reasonRequired: (runbook: string, step: string): Message => msg('runbook.reasonRequired', { runbook, step }),
  tooManyValues: (usage: string): Message => msg('runbook.tooManyValues', { usage }),
  missingValue: (label: MessageParam, usage: string): Message => msg('runbook.missingValue', { label, usage }),
  missingRunbookParameter: (runbook: string, step: string, names: string, assignments: string): Message =>
    msg('runbook.missingRunbookParameter', { runbook, step, names, assignments }),
  checkNeeds: (names: string, runbook: string): Message => msg('runbook.checkNeeds', { names, runbook }),
  checkFailed: (reason: string): Message => msg('runbook.checkFailed', { reason }),
  requestFiled: (id: number): Message => msg('runbook.requestFiled', { id: String(id) }),
  requestVerified: (id: number): Message => msg('runbook.requestVerified', { id: String(id) }),
  requestSucceeded: (id: number, message: Message | string): Message => msg('runbook.requestSucceeded', { id: String(id), message }),
  requestFailed: (id: number, state: string, message: Message | string): Message =>
    msg('runbook.requestFailed', { id: String(id), state, message }),
  requestClosed: (id: number, state: string): Message => msg('runbook.requestClosed', { id: String(id), state }),
  alreadyInPlace: msg('runbook.alreadyInPlace'),
  foundInPlace: msg('runbook.foundInPlace'),
  noLongerInPlace: msg('runbook.noLongerInPlace'),
  auditUnavailable: msg('runbook.auditUnavailable'),
  tickText: (runbook: string, step: string) => `runbook tick ${runbook} ${step} <reason>`,
  verifyText: (runbook: string) => `runbook verify ${runbook}`,
} as const;

/** A runbook's title in the reader's language (the definition's English title is the reference). */
export function runbookTitle(name: string): Message {
  return msg(dynamicKey(`runbook.${name}.title`));
}

/** A step's title in the reader's language. */
export function runbookStepTitle(runbook: string, step: string): Message {
  return msg(dynamicKey(`runbook.${runbook}.step.${step}`));
}
