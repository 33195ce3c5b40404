import { factsCard } from '../cards/facts-view';
import { msg } from '../i18n/message';
import type { CommandHandler, Turn } from '../bot/turn';
import type { CommandSyntax } from '../domain/parser/command-syntax';
import { type LicenseSource, voiceLicenseVerdict } from '../domain/checks/license-check';
import { factValue, licenseFact, type ReadinessFact, readinessText } from '../domain/checks/user-readiness';
import { isUserError, UserError } from '../domain/errors';
import type { Operation, StateRow } from '../domain/operations/operation';
import type { RequestService } from '../domain/requests/request-service';

export const CHECK_LICENSE: CommandSyntax = {
  name: 'check-license',
  phrase: 'check license',
  aliases: ['check licence'],
  args: [{ name: 'user', type: 'upn', required: true, label: 'the user (their UPN)' }],
  summary: "Check that a user's licences include Phone System (Teams Phone) or E5 (read-only, Microsoft Graph).",
  example: 'check license alice@contoso.com',
};

export const CHECK_USER: CommandSyntax = {
  name: 'check-user',
  phrase: 'check user',
  args: [{ name: 'user', type: 'upn', required: true, label: 'the user (their UPN)' }],
  summary: "One user's voice readiness in one card: licence, voice, voicemail, policy, number, site, international calling.",
  example: 'check user alice@contoso.com',
};

async function replyFacts(turn: Turn, title: string, text: string, facts: ReadinessFact[], footnote: string): Promise<void> {
  await turn.reply(text, factsCard(title, facts.map((f) => ({ name: f.name, value: factValue(f) })), footnote, text));
}

/** `check license <upn>`: read-only, answered at once, nothing filed. */
export function checkLicenseCommand(licenses: LicenseSource): CommandHandler {
  return async (turn, values) => {
    const user = String(values.user);
    const verdict = voiceLicenseVerdict(await readLicenses(licenses, user));
    const fact = licenseFact(verdict);
    const text = `${verdict.ok ? `${user} has a voice licence` : `${user} has no voice licence`}: ${verdict.reason}. Licences: ${verdict.skus.join(', ') || '(none)'}.`;
    await replyFacts(turn, `Licences of ${user}`, text, [fact], 'Asked Microsoft Graph (licenseDetails) just now.');
  };
}

/** An outage of the licence directory is the user's answer too, in plain words, without an incident id. */
async function readLicenses(licenses: LicenseSource, user: string) {
  try {
    return await licenses.licenseDetails(user);
  } catch (error) {
    if (isUserError(error)) throw error;
    throw new UserError('DIRECTORY_UNAVAILABLE', msg('error.licencesUnavailable', { user }));
  }
}

/** The read-only catalog operations `check user` reads, and how each of their rows reads on the card. */
export interface UserFacetSources {
  voice: Operation;
  site?: Operation;
  international?: Operation;
}

const VOICE_FACTS: Record<string, { name: string; ok?: (v: string) => boolean }> = {
  EnterpriseVoiceEnabled: { name: 'Voice enabled', ok: (v) => v === 'True' },
  HostedVoiceMail: { name: 'Voicemail', ok: (v) => v === 'True' },
  VoicePolicy: { name: 'Voice policy' },
  LineURI: { name: 'Number', ok: (v) => v !== '(none)' },
};

/**
 * `check user <upn>`: the licence from Graph and the voice settings, site and routing policy from the tenant.
 * A part that cannot be read says so on its line; it does not hide the rest of the card.
 */
export function checkUserCommand(deps: { requests: RequestService; licenses: LicenseSource; facets: UserFacetSources }): CommandHandler {
  return async (turn, values) => {
    const user = String(values.user);
    // The voice record comes first: an unknown user is answered as such, not as a card of errors.
    const voiceRows = await deps.requests.check(turn.actor, deps.facets.voice, { user });
    const facts: ReadinessFact[] = [await licenseLine(deps.licenses, user)];
    for (const row of voiceRows) {
      const known = VOICE_FACTS[row.property];
      if (known) facts.push({ name: known.name, value: row.current, ok: known.ok?.(row.current) });
    }
    if (deps.facets.site) facts.push(...(await optionalRows(turn, deps, deps.facets.site, user, 'Site')));
    if (deps.facets.international) {
      const rows = await optionalRows(turn, deps, deps.facets.international, user, 'International calling');
      facts.push(...rows.map((f) => (f.ok === false ? f : { ...f, value: internationalMeaning(f.value) })));
    }
    await replyFacts(turn, `Voice readiness of ${user}`, readinessText(user, facts), facts, 'Read from Microsoft Graph and the tenant just now; nothing was changed.');
  };
}

async function licenseLine(licenses: LicenseSource, user: string): Promise<ReadinessFact> {
  try {
    return licenseFact(voiceLicenseVerdict(await licenses.licenseDetails(user)));
  } catch (error) {
    return { name: 'Licence', value: `could not be read (${readFailure(error)})`, ok: false };
  }
}

async function optionalRows(turn: Turn, deps: { requests: RequestService }, operation: Operation, user: string, name: string): Promise<ReadinessFact[]> {
  try {
    const rows: StateRow[] = await deps.requests.check(turn.actor, operation, { user });
    return rows.map((row) => ({ name, value: row.current }));
  } catch (error) {
    return [{ name, value: `could not be read (${readFailure(error)})`, ok: false }];
  }
}

/** The routing policy names the bot grants, in the words of the question asked. */
function internationalMeaning(policy: string): string {
  if (policy === 'InternationalCallsAllowed') return `allowed (${policy})`;
  if (policy === 'InternationalCallsDisallowed') return `blocked (${policy})`;
  if (policy === '(global)') return 'the tenant default (global policy)';
  return `set by policy ${policy}`;
}

function readFailure(error: unknown): string {
  if (isUserError(error)) return error.message;
  return 'the service did not answer';
}
