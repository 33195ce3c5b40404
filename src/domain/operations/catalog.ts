import { bulkChange } from '../bulk/bulk-change';
import { allowInternational } from './allow-international';
import { assignSite } from './assign-site';
import { blockInternational } from './block-international';
import { checkNumber } from './check-number';
import { checkVoice } from './check-voice';
import { clearSite } from './clear-site';
import { configureHybrid } from './configure-hybrid';
import { disableVoice } from './disable-voice';
import { enableVoice } from './enable-voice';
import { EXCHANGE_OAUTH_OPERATIONS } from './exchange-oauth-steps';
import { listSites } from './list-sites';
import type { Operation } from './operation';
import { registerMediationServer } from './register-mediation-server';
import { resetInternational } from './reset-international';
import { restoreHybrid } from './restore-hybrid';
import { showHybrid } from './show-hybrid';
import { showSite } from './show-site';

/** Every operation the bot knows. Adding one means adding its file and listing it here. */
export const OPERATIONS: readonly Operation[] = [
  enableVoice,
  checkVoice,
  checkNumber,
  disableVoice,
  blockInternational,
  allowInternational,
  resetInternational,
  assignSite,
  clearSite,
  showSite,
  listSites,
  configureHybrid,
  restoreHybrid,
  showHybrid,
  registerMediationServer,
  ...EXCHANGE_OAUTH_OPERATIONS,
];

/** Requests that are not one operation but run catalog operations per row (bulk); found by name like the others. */
export const COMPOSITE_OPERATIONS: readonly Operation[] = [bulkChange];

export function findOperation(name: string): Operation | undefined {
  return OPERATIONS.find((op) => op.name === name) ?? COMPOSITE_OPERATIONS.find((op) => op.name === name);
}

/** The PowerShell functions the executor may call: exactly those the catalog names. */
export function allowedCommands(operations: readonly Operation[] = OPERATIONS): string[] {
  return [...new Set(operations.flatMap((op) => op.functions))];
}
