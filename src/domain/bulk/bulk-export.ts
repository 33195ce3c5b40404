import type { PowerShellCall, VoicePath } from '../operations/operation';
import { asList, asRecord } from '../operations/operation';
import { asPstnSiteState } from '../operations/pstn-site-state';
import { asVoiceState, lineUriNumber } from '../operations/voice-state';
import { validateValue } from '../parser/value-types';
import { NONE } from './bulk-rows';
import { INTERNATIONAL_OPERATIONS, stepsOf } from './bulk-steps';
import { csvText } from './outcomes-csv';

/** The read-only function behind `bulk export`, outside the catalog: the bot's pool allows it by name. */
export const INVENTORY_FUNCTION = 'Get-VoiceOpsVoiceInventory';

/** The read-only call behind `bulk export`: every user, each setting in the shape its single-user read returns. */
export function inventoryCall(voicePath: VoicePath): PowerShellCall {
  return { command: INVENTORY_FUNCTION, arguments: { VoicePath: voicePath } };
}

/**
 * Every user as a row of a bulk file. A cell holds a value only when the user is already exactly at it, judged by
 * the verify of the steps that value would run (`stepsOf`, as a run would); otherwise it is empty ("leave it"). So
 * the file sent back unchanged changes nobody, and only the cells an admin edits become changes.
 */
export function inventoryCsv(output: unknown, voicePath: VoicePath): string {
  const rows = asList(asRecord(output, INVENTORY_FUNCTION).Users)
    .map((entry) => {
      const u = asRecord(entry, INVENTORY_FUNCTION);
      const user = asVoiceState(u.Voice).UserPrincipalName.toLowerCase();
      const cell = (column: 'number' | 'site' | 'international', state: unknown, candidates: ReadonlyArray<string | undefined>) =>
        candidates.find(
          (value) => value && stepsOf({ row: 0, user, [column]: value }, voicePath).every(({ operation, params }) => operation.verify(state, params).verified),
        ) ?? '';
      const siteName = asPstnSiteState(u.Site).HybridPSTNSite;
      return [
        user,
        cell('number', u.Voice, [lineUriNumber(asVoiceState(u.Voice).LineURI), NONE]),
        cell('site', u.Site, [isSiteName(siteName) ? siteName : undefined, NONE]),
        cell('international', u.Routing, Object.keys(INTERNATIONAL_OPERATIONS)),
      ];
    })
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return csvText([['upn', 'number', 'site', 'international'], ...rows]);
}

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
