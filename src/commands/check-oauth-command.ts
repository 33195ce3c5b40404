import { factsCard } from '../cards/facts-view';
import type { CommandHandler } from '../bot/turn';
import type { CommandSyntax } from '../domain/parser/command-syntax';
import type { OAuthCheckReader } from '../domain/checks/oauth-credential-check';

export const CHECK_OAUTH: CommandSyntax = {
  name: 'check-oauth',
  phrase: 'check oauth',
  args: [{ name: 'dc', type: 'fqdn', required: false, label: 'the domain controller FQDN' }],
  summary: "Check that Exchange's auth certificate and Skype for Business Online's key exist with the same dates, and warn 30 days before they expire (read-only).",
  example: 'check oauth dc01.contoso.com',
};

/** The words of the card, in one place. */
const TEXT = {
  title: 'Exchange OAuth with Skype for Business Online',
  footnote: 'Read from Exchange (Get-AuthConfig, Get-ExchangeCertificate) and the service principal just now; nothing was changed.',
  certificate: 'Auth certificate',
  validity: 'Certificate valid',
  keys: 'Service principal keys',
  verdict: 'Result',
  none: '(none)',
  notFound: (thumbprint: string) => `${thumbprint} (not in the certificate store)`,
};

/** `check oauth [<dc>]`: read-only, answered at once, nothing filed. */
export function checkOAuthCommand(reader: OAuthCheckReader): CommandHandler {
  return async (turn, values) => {
    const { state, verdict } = await reader.read({ dc: values.dc === undefined ? undefined : String(values.dc) });
    const mark = verdict.outcome === 'ok' ? '✓' : verdict.outcome === 'expiring' ? '⚠' : '✗';
    const facts = [
      {
        name: TEXT.certificate,
        value: !state.certificateThumbprint ? TEXT.none : state.certificateFound ? `${state.certificateThumbprint} ${state.certificateSubject}`.trim() : TEXT.notFound(state.certificateThumbprint),
      },
      ...(state.certificateFound ? [{ name: TEXT.validity, value: `${state.certificateNotBefore} – ${state.certificateNotAfter}` }] : []),
      { name: TEXT.keys, value: state.keys.map((k) => `${k.startDate} – ${k.endDate}`).join('; ') || TEXT.none },
      { name: TEXT.verdict, value: `${mark} ${verdict.message}` },
    ];
    await turn.reply(verdict.message, factsCard(TEXT.title, facts, TEXT.footnote, verdict.message));
  };
}
