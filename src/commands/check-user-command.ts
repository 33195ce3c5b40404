import { factsCard } from '../cards/facts-view';
import { msg, type MessageKey } from '../i18n/message';
import type { Translator } from '../i18n/translator';
import { stateValue } from '../cards/request-view';
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
    const { t } = turn;
    const fact = licenseFact(t, verdict);
    const skus = verdict.skus.join(', ') || t.t('value.none');
    const text = t.t(verdict.ok ? 'license.has' : 'license.hasNot', { user, reason: verdict.why, skus });
    await replyFacts(turn, t.t('license.title', { user }), text, [fact], t.t('license.footnote'));
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

const VOICE_FACTS: Record<string, { name: MessageKey; ok?: (v: string) => boolean }> = {
  EnterpriseVoiceEnabled: { name: 'readiness.voiceEnabled', ok: (v) => v === 'True' },
  HostedVoiceMail: { name: 'readiness.voicemail', ok: (v) => v === 'True' },
  VoicePolicy: { name: 'readiness.voicePolicy' },
  LineURI: { name: 'readiness.number', ok: (v) => v !== '(none)' },
};

/**
 * `check user <upn>`: the licence from Graph and the voice settings, site and routing policy from the tenant.
 * A part that cannot be read says so on its line; it does not hide the rest of the card.
 */
export function checkUserCommand(deps: { requests: RequestService; licenses: LicenseSource; facets: UserFacetSources }): CommandHandler {
  return async (turn, values) => {
    const user = String(values.user);
    const { t } = turn;
    // The voice record comes first: an unknown user is answered as such, not as a card of errors.
    const voiceRows = await deps.requests.check(turn.actor, deps.facets.voice, { user });
    const facts: ReadinessFact[] = [await licenseLine(t, deps.licenses, user)];
    for (const row of voiceRows) {
      const known = VOICE_FACTS[row.property];
      if (known) facts.push({ name: t.t(known.name), value: stateValue(t, row.current), ok: known.ok?.(row.current) });
    }
    if (deps.facets.site) facts.push(...(await optionalRows(turn, deps, deps.facets.site, user, t.t('readiness.site'))));
    if (deps.facets.international) {
      const rows = await optionalRows(turn, deps, deps.facets.international, user, t.t('readiness.international'));
      facts.push(...rows.map((f) => (f.ok === false ? f : { ...f, value: internationalMeaning(t, f.value) })));
    }
    await replyFacts(turn, t.t('readiness.title', { user }), readinessText(t, user, facts), facts, t.t('readiness.footnote'));
  };
}

async function licenseLine(t: Translator, licenses: LicenseSource, user: string): Promise<ReadinessFact> {
  try {
    return licenseFact(t, voiceLicenseVerdict(await licenses.licenseDetails(user)));
  } catch (error) {
    return { name: t.t('readiness.licence'), value: t.t('readiness.unreadable', { reason: readFailure(t, error) }), ok: false };
  }
}

async function optionalRows(turn: Turn, deps: { requests: RequestService }, operation: Operation, user: string, name: string): Promise<ReadinessFact[]> {
  try {
    const rows: StateRow[] = await deps.requests.check(turn.actor, operation, { user });
    return rows.map((row) => ({ name, value: stateValue(turn.t, row.current) }));
  } catch (error) {
    return [{ name, value: turn.t.t('readiness.unreadable', { reason: readFailure(turn.t, error) }), ok: false }];
  }
}

/** The routing policy names the bot grants, in the words of the question asked. */
function internationalMeaning(t: Translator, policy: string): string {
  if (policy === 'InternationalCallsAllowed') return t.t('readiness.internationalAllowed', { policy });
  if (policy === 'InternationalCallsDisallowed') return t.t('readiness.internationalBlocked', { policy });
  if (policy === '(global)') return t.t('readiness.internationalGlobal');
  return t.t('readiness.internationalPolicy', { policy });
}

function readFailure(t: Translator, error: unknown): string {
  if (isUserError(error)) return t.text(error.text);
  return t.t('readiness.noAnswer');
}
