import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { CHECK_OAUTH } from '../../../src/commands/check-oauth-command';
import { RUNBOOK_RUN, RUNBOOK_STATUS, RUNBOOK_TICK, RUNBOOK_VERIFY, runbookSyntax } from '../../../src/commands/runbook-commands';
import { RUNBOOKS } from '../../../src/domain/runbooks/runbooks';
import { APPROVE, CANCEL, CHECK_DNS, HELP, HISTORY, MY_REQUESTS, PENDING, REJECT, STATUS } from '../../../src/commands/bot-commands';
import { AUDIT } from '../../../src/commands/audit-command';
import { CHECK_LICENSE, CHECK_USER } from '../../../src/commands/check-user-command';
import { UNDO } from '../../../src/commands/undo-command';
import { BULK_EXPORT } from '../../../src/commands/bulk-export-command';
import { COMPOSITE_OPERATIONS, OPERATIONS } from '../../../src/domain/operations/catalog';
import { VOICE_PROPERTIES } from '../../../src/domain/operations/voice-state';
import { CATALOGS } from '../../../src/i18n/catalogs';
import type { Locale } from '../../../src/i18n/locale';

/** Every string a card shows a reader: texts, fact names and values, button titles, input labels and hints. */
export function visibleCardStrings(card: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    const type = String(o.type ?? '');
    if (type === 'TextBlock' || type === 'TextRun') found.push(String(o.text ?? ''));
    if (type === 'FactSet') for (const f of (o.facts ?? []) as { title: string; value: string }[]) found.push(f.title, f.value);
    if (type.startsWith('Action.')) found.push(String(o.title ?? ''));
    if (type.startsWith('Input.')) found.push(...['label', 'placeholder', 'errorMessage'].map((k) => String(o[k] ?? '')));
    if (type === 'Input.ChoiceSet') for (const c of (o.choices ?? []) as { title: string }[]) found.push(c.title);
    if (type === 'AdaptiveCard') found.push(String(o.fallbackText ?? ''));
    for (const [key, value] of Object.entries(o)) if (key !== 'data') walk(value);
  };
  walk(card);
  return found.filter((s) => s.trim() !== '');
}

const SYNTAXES = [HELP, STATUS, MY_REQUESTS, APPROVE, REJECT, CANCEL, PENDING, HISTORY, CHECK_DNS, UNDO, AUDIT, CHECK_LICENSE, CHECK_USER, ...OPERATIONS.map((o) => o.syntax), ...COMPOSITE_OPERATIONS.map((o) => o.syntax), CHECK_OAUTH, ...RUNBOOKS.map(runbookSyntax), RUNBOOK_RUN, RUNBOOK_TICK, RUNBOOK_VERIFY, RUNBOOK_STATUS, BULK_EXPORT];

/**
 * Words that stay as they are in every language, and why:
 * - command words: what is typed (`enable voice`, `status`, `approve`), with their argument names (`<user>`);
 * - tenant property names and values shown as the tenant has them (EnterpriseVoiceEnabled = True, HybridVoice);
 * - people's names (the personas of config/policy.dev.json);
 * - product and protocol names Microsoft itself leaves untranslated (Microsoft Graph, Entra, Teams, UPN, PSTN, E.164);
 * - the time-zone and day-period abbreviations Intl.DateTimeFormat itself writes for the locale (UTC, GMT, PM).
 * UPNs, domain names, cmdlet names and parameters, and tel: URIs are removed before words are counted.
 */
export const ALLOWED_WORDS = new Set(
  [
    ...SYNTAXES.flatMap((s) => [s.phrase, ...(s.aliases ?? []), ...s.args.map((a) => a.name), s.example].join(' ').split(/[^A-Za-z]+/)),
    ...VOICE_PROPERTIES,
    'True', 'False', 'HybridVoice', 'BusinessVoice',
    // Voice routing policy names and the tenant's "(global)" value, as a bulk row's current → proposed shows them.
    'VoiceRoutingPolicy', 'InternationalCallsAllowed', 'InternationalCallsDisallowed', 'global',
    // The hash algorithm named beside a bulk request's row-set hash.
    'SHA',
    // IPv4, the protocol an A record's addresses are in (check dns).
    'IPv',
    'Megan', 'Bowen', 'Adele', 'Vance', 'Diego', 'Siciliani', 'Lee', 'Gu',
    'voiceops', 'Microsoft', 'Graph', 'Entra', 'Teams', 'Exchange', 'OAuth', 'UPN', 'PSTN', 'SIP', 'DNS', 'SRV', 'FQDN', 'CSV', 'ID', 'E',
    // Exchange role and account names of Procedure B, typed into PowerShell as they are.
    'UserApplication', 'ArchiveApplication', 'SfBOnline', 'ApplicationAccount',
    // Runbook step names, typed after runbook tick / runbook run like argument values.
    ...RUNBOOKS.flatMap((r) => r.steps.flatMap((s) => s.id.split('-'))),
    // Product and protocol names of the Cloud Connector procedure Microsoft leaves untranslated.
    'Access', 'Edge', 'Online', 'Phone', 'System', 'TLS',
    // The Microsoft Graph API a licence check reads.
    'licenseDetails',
    'UTC', 'GMT', 'PM', 'AM',
  ]
    .filter(Boolean)
    .map((w) => w.toLowerCase()),
);

/** The words of a catalog's messages: literal text only, not argument names or ICU keywords. */
function catalogWords(locale: Locale): Set<string> {
  const words = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const e of elements) {
      if (e.type === TYPE.literal) for (const w of e.value.match(/[A-Za-z]+/g) ?? []) words.add(w.toLowerCase());
      if (e.type === TYPE.plural || e.type === TYPE.select) for (const option of Object.values(e.options)) walk(option.value);
    }
  };
  for (const source of Object.values(CATALOGS[locale])) walk(parse(source, { ignoreTag: true }));
  return words;
}

const ENGLISH_WORDS = catalogWords('en');

/** Text with the values that legitimately stay as typed removed: UPNs, host names, cmdlets and their parameters, tel: URIs. */
function withoutValues(text: string, typed: readonly string[]): string {
  let rest = text;
  // What the person typed is quoted back as typed ("enabel voice", "alice-at-contoso").
  for (const value of typed) rest = rest.split(value).join(' ');
  return rest
    .replace(/Skype for Business Online|Skype Online|Teams Phone/g, ' ') // product names (商務用 Skype Online, 비즈니스용 Skype Online)
    .replace(/https?:\/\/\S+/g, ' ') // links (the bulk outcomes download)
    .replace(/\S+@\S+/g, ' ')
    .replace(/\b[0-9a-f]{64}\b/g, ' ') // SHA-256 hashes (a bulk request's row set)
    .replace(/\b[0-9A-F]{40}\b/g, ' ') // certificate thumbprints
    .replace(/\bCN=[^,;\n]*/g, ' ') // certificate subjects, as Exchange has them
    .replace(/tel:\+?\d+/g, ' ')
    .replace(/\b[A-Z][a-z]+-[A-Za-z]+\b/g, ' ') // Set-CsUser, Get-CsOnlineUser
    .replace(/(^|\s)-[A-Za-z]+/g, ' ') // -Identity, -EnterpriseVoiceEnabled
    .replace(/\$(true|false)/g, ' ')
    .replace(/\b[A-Z][A-Z0-9_]{5,}\b/g, ' ') // licence SKU part numbers (ENTERPRISEPREMIUM)
    .replace(/\b[\w-]+(\.[\w-]+)+\b/g, ' '); // contoso.com, docs/operations.md, E.164
}

/**
 * English words in text meant for `locale`: for Chinese and Korean, any Latin word not on the allow-list; for
 * French, a word of the English catalog that the French catalog itself never uses (so shared words such as
 * "type" or "date" are not counted), not on the allow-list.
 */
export function englishLeftovers(text: string, locale: Locale, typed: readonly string[] = []): string[] {
  const localWords = locale === 'fr' ? catalogWords('fr') : new Set<string>();
  const words = withoutValues(text, typed).match(/[A-Za-z]{2,}/g) ?? [];
  return [
    ...new Set(
      words.filter((word) => {
        const w = word.toLowerCase();
        if (ALLOWED_WORDS.has(w)) return false;
        if (locale === 'fr') return ENGLISH_WORDS.has(w) && !localWords.has(w);
        return true;
      }),
    ),
  ];
}

/** Each text that has English leftovers, with them: `[]` when every text is clean (a failure shows where). */
export function textsWithEnglishLeftovers(texts: readonly string[], locale: Locale, typed: readonly string[] = []): { text: string; words: string[] }[] {
  return texts.map((text) => ({ text, words: englishLeftovers(text, locale, typed) })).filter((found) => found.words.length > 0);
}
