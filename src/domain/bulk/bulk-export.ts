import { allowInternational } from '../operations/allow-international';
import { assignSite } from '../operations/assign-site';
import { blockInternational } from '../operations/block-international';
import { clearSite } from '../operations/clear-site';
import { disableVoice } from '../operations/disable-voice';
import { enableVoice } from '../operations/enable-voice';
import type { Operation, OperationParameters, PowerShellCall, VoicePath } from '../operations/operation';
import { asRecord } from '../operations/operation';
import { asPstnSiteState } from '../operations/pstn-site-state';
import { resetInternational } from '../operations/reset-international';
import { asVoiceState, lineUriNumber } from '../operations/voice-state';
import { validateValue } from '../parser/value-types';
import { NONE } from './bulk-rows';
import { csvText } from './outcomes-csv';

/** The read-only function behind `bulk export`, outside the catalog: the bot's pool allows it by name. */
export const INVENTORY_FUNCTION = 'Get-VoiceOpsVoiceInventory';

/** The read-only call behind `bulk export`: every user, each setting in the shape its single-user read returns. */
export function inventoryCall(voicePath: VoicePath): PowerShellCall {
  return { command: INVENTORY_FUNCTION, arguments: { VoicePath: voicePath } };
}

/**
 * Every user as a row of a bulk file. A cell holds a value only when the user is already exactly at it, judged by
 * the verify of the operation that value would run; otherwise it is empty ("leave it"). So the file sent back
 * unchanged changes nobody, and only the cells an admin edits become changes.
 */
export function inventoryCsv(output: unknown, voicePath: VoicePath): string {
  const users = asRecord(output, 'Get-VoiceOpsVoiceInventory').Users;
  const list = (Array.isArray(users) ? users : users ? [users] : []).map((u) => asRecord(u, 'Get-VoiceOpsVoiceInventory'));
  const rows = list
    .map((u) => {
      const user = asVoiceState(u.Voice).UserPrincipalName.toLowerCase();
      const at = (operation: Operation, state: unknown, params: OperationParameters) => operation.verify(state, { user, voicePath, ...params }).verified;
      const number = lineUriNumber(asVoiceState(u.Voice).LineURI);
      const voice = number && at(enableVoice, u.Voice, { number }) ? number : at(disableVoice, u.Voice, {}) ? NONE : '';
      const siteName = asPstnSiteState(u.Site).HybridPSTNSite;
      const site = at(clearSite, u.Site, {}) ? NONE : isSiteName(siteName) && at(assignSite, u.Site, { site: siteName }) ? siteName : '';
      const international = INTERNATIONAL.find(([, operation]) => at(operation, u.Routing, {}))?.[0] ?? '';
      return [user, voice, site, international];
    })
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return csvText([['upn', 'number', 'site', 'international'], ...rows]);
}

const INTERNATIONAL: ReadonlyArray<readonly [string, Operation]> = [
  ['block', blockInternational],
  ['allow', allowInternational],
  ['reset', resetInternational],
];

// A site the bulk parser would refuse (or read as the word none) is left empty rather than exported unusable.
function isSiteName(site: string): boolean {
  if (site === '' || site.toLowerCase() === NONE) return false;
  try {
    validateValue('siteName', site, 'site');
    return true;
  } catch {
    return false;
  }
}
