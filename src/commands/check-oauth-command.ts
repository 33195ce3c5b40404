import { factsCard } from '../cards/facts-view';
import type { CommandHandler } from '../bot/turn';
import type { CommandSyntax } from '../domain/parser/command-syntax';
import type { OAuthCheckReader } from '../domain/checks/oauth-credential-check';
import type { Translator } from '../i18n/translator';

export const CHECK_OAUTH: CommandSyntax = {
  name: 'check-oauth',
  phrase: 'check oauth',
  args: [{ name: 'dc', type: 'fqdn', required: false, label: 'the domain controller FQDN' }],
  summary: "Check that Exchange's auth certificate and Skype for Business Online's key exist with the same dates, and warn 30 days before they expire (read-only).",
  example: 'check oauth dc01.contoso.com',
};


/** `check oauth [<dc>]`: read-only, answered at once, nothing filed. */
export function checkOAuthCommand(reader: OAuthCheckReader): CommandHandler {
  return async (turn, values) => {
    const { state, verdict } = await reader.read({ dc: values.dc === undefined ? undefined : String(values.dc) });
    const mark = verdict.outcome === 'ok' ? '✓' : verdict.outcome === 'expiring' ? '⚠' : '✗';
    const t = turn.t;
    const none = t.t('oauth.card.none');
    const verdictText = t.render(verdict.text);
    // Only while OAuth works: otherwise the answer is to renew or upload, and an ended key is part of that story.
    const expired = verdict.ok && verdict.expiredKeys > 0 ? t.t('oauth.card.expiredKeysValue', { count: verdict.expiredKeys }) : '';
    const text = expired ? `${verdictText} ${expired}` : verdictText;
    const facts = [
      {
        name: t.t('oauth.card.certificate'),
        value: !state.certificateThumbprint
          ? none
          : state.certificateFound
            ? `${state.certificateThumbprint} ${state.certificateSubject}`.trim()
            : t.t('oauth.card.notFound', { thumbprint: state.certificateThumbprint }),
      },
      ...(state.certificateFound ? [{ name: t.t('oauth.card.validity'), value: `${day(t, state.certificateNotBefore)} – ${day(t, state.certificateNotAfter)}` }] : []),
      { name: t.t('oauth.card.keys'), value: state.keys.map((k) => `${day(t, k.startDate)} – ${day(t, k.endDate)}`).join('; ') || none },
      ...(expired ? [{ name: t.t('oauth.card.expiredKeys'), value: expired }] : []),
      { name: t.t('oauth.card.verdict'), value: `${mark} ${verdictText}` },
    ];
    await turn.reply(text, factsCard(t.t('oauth.card.title'), facts, t.t('oauth.card.footnote'), text));
  };
}

/** A date PowerShell returned, in the reader's locale and zone; "(none)" in their words when empty; else as given. */
function day(t: Translator, value: string): string {
  return value.trim() === '' ? t.t('value.none') : t.dateTime(value);
}
