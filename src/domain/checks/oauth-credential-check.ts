import type { Executor, PowerShellInvocation } from '../../ports/executor';
import { UserError } from '../errors';
import { msg, type Message, type MessageParam } from '../../i18n/message';
import { englishText } from '../../i18n/translator';
import type { VoicePath } from '../operations/operation';

/** The fixed read-only function `check oauth` runs; the executor's allow-list must name it. */
export const OAUTH_CHECK_FUNCTION = 'Get-VoiceOpsOAuthCredentialCheck';

/** How long before the certificate or the key ends the check starts warning. */
export const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** What Get-VoiceOpsOAuthCredentialCheck reads: Exchange's auth certificate and SfB Online's Verify keys. */
export interface OAuthCredentialState {
  certificateThumbprint: string;
  certificateFound: boolean;
  certificateSubject: string;
  certificateNotBefore: string;
  certificateNotAfter: string;
  keys: { keyId: string; startDate: string; endDate: string }[];
}

export type OAuthCheckOutcome = 'ok' | 'expiring' | 'expired' | 'no-certificate' | 'certificate-not-found' | 'no-key' | 'dates-differ';

export interface OAuthCheckVerdict {
  outcome: OAuthCheckOutcome;
  /** OAuth works now; an `expiring` verdict is ok but warns. */
  ok: boolean;
  /** One or two sentences, complete, for the chat and the card: rendered in the reader's language. */
  text: Message;
  /** The same in English, for logs. */
  message: string;
  /** Whole days until the certificate ends (negative once it has). */
  daysLeft?: number;
  /** Keys whose end has passed: left behind by a renewal, they verify nothing (`exchange oauth remove expired`). */
  expiredKeys: number;
}

/** Every sentence `check oauth` can say, as catalog messages (oauth.* in locales/); dates in the reader's locale and zone. */
export const OAUTH_CHECK_MESSAGES = {
  ok: (days: number, end: MessageParam): Message => msg('oauth.ok', { days, end }),
  expiring: (days: number, end: MessageParam): Message => msg('oauth.expiring', { days, end }),
  expired: (end: MessageParam): Message => msg('oauth.expired', { end }),
  noCertificate: (): Message => msg('oauth.noCertificate'),
  certificateNotFound: (thumbprint: string): Message => msg('oauth.certificateNotFound', { thumbprint }),
  noKey: (): Message => msg('oauth.noKey'),
  datesDiffer: (notBefore: MessageParam, notAfter: MessageParam, keys: MessageParam): Message => msg('oauth.datesDiffer', { notBefore, notAfter, keys }),
  unreadable: (reason: string): Message => msg('oauth.unreadable', { reason }),
} as const;

export function oauthCheckInvocation(params: { dc?: string; voicePath: VoicePath }): PowerShellInvocation {
  return {
    command: OAUTH_CHECK_FUNCTION,
    arguments: { ...(params.dc ? { DomainController: params.dc } : {}), VoicePath: params.voicePath },
  };
}

/** The check's record from PowerShell's output, or an error naming what was wrong with it. */
export function asOAuthCredentialState(output: unknown): OAuthCredentialState {
  if (!output || typeof output !== 'object' || Array.isArray(output)) throw new Error(`${OAUTH_CHECK_FUNCTION} returned no record`);
  const record = output as Record<string, unknown>;
  const keys = Array.isArray(record.Keys) ? record.Keys : record.Keys ? [record.Keys] : [];
  return {
    certificateThumbprint: String(record.CertificateThumbprint ?? ''),
    certificateFound: record.CertificateFound === true,
    certificateSubject: String(record.CertificateSubject ?? ''),
    certificateNotBefore: String(record.CertificateNotBefore ?? ''),
    certificateNotAfter: String(record.CertificateNotAfter ?? ''),
    keys: keys.map((k: Record<string, unknown>) => ({ keyId: String(k.KeyId ?? ''), startDate: String(k.StartDate ?? ''), endDate: String(k.EndDate ?? '') })),
  };
}

/**
 * Step 6 of the Exchange OAuth procedure as a health check: a certificate exists, a key with exactly its start and
 * end dates exists, and neither ends within the warning window. The first failing condition is the answer.
 */
export function oauthCheckVerdict(state: OAuthCredentialState, now: Date): OAuthCheckVerdict {
  const expiredKeys = state.keys.filter((k) => instant(k.endDate) < now.getTime()).length;
  return { ...credentialVerdict(state, now), expiredKeys };
}

function credentialVerdict(state: OAuthCredentialState, now: Date): Omit<OAuthCheckVerdict, 'expiredKeys'> {
  if (!state.certificateThumbprint) return { outcome: 'no-certificate', ok: false, ...said(OAUTH_CHECK_MESSAGES.noCertificate()) };
  if (!state.certificateFound) {
    return { outcome: 'certificate-not-found', ok: false, ...said(OAUTH_CHECK_MESSAGES.certificateNotFound(state.certificateThumbprint)) };
  }
  const end = instant(state.certificateNotAfter);
  const daysLeft = Math.floor((end - now.getTime()) / DAY_MS);
  const endText = dayOf(state.certificateNotAfter);
  if (end <= now.getTime()) return { outcome: 'expired', ok: false, ...said(OAUTH_CHECK_MESSAGES.expired(endText)), daysLeft };
  if (state.keys.length === 0) return { outcome: 'no-key', ok: false, ...said(OAUTH_CHECK_MESSAGES.noKey()), daysLeft };
  const start = instant(state.certificateNotBefore);
  const matching = state.keys.some((k) => instant(k.startDate) === start && instant(k.endDate) === end);
  if (!matching) {
    // Ranges joined by the reader's list separator: each link of the chain is a nested message.
    const keys = state.keys.reduceRight<MessageParam>((rest, k, i) => {
      const range = msg('oauth.keyRange', { start: dayOf(k.startDate), end: dayOf(k.endDate) });
      return i === state.keys.length - 1 ? range : msg('oauth.keyList', { first: range, rest });
    }, '');
    return {
      outcome: 'dates-differ',
      ok: false,
      ...said(OAUTH_CHECK_MESSAGES.datesDiffer(dayOf(state.certificateNotBefore), endText, keys)),
      daysLeft,
    };
  }
  if (end - now.getTime() <= EXPIRY_WARNING_DAYS * DAY_MS) {
    return { outcome: 'expiring', ok: true, ...said(OAUTH_CHECK_MESSAGES.expiring(daysLeft, endText)), daysLeft };
  }
  return { outcome: 'ok', ok: true, ...said(OAUTH_CHECK_MESSAGES.ok(daysLeft, endText)), daysLeft };
}

/** A verdict's sentence, kept as a catalog message and in English. */
function said(text: Message): { text: Message; message: string } {
  return { text, message: englishText(text) };
}

function instant(value: string): number {
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? NaN : parsed;
}

/**
 * A date for a sentence: an instant each reader sees in their locale and time zone; "(none)" in the reader's words
 * when the tenant gave none; the tenant's text as it is when that is not a date.
 */
function dayOf(value: string): MessageParam {
  const parsed = Date.parse(value);
  if (!Number.isNaN(parsed)) return { dateTime: new Date(parsed).toISOString() };
  return value.trim() === '' ? msg('value.none') : value;
}

export interface OAuthCheckReader {
  read(params: { dc?: string }): Promise<{ state: OAuthCredentialState; verdict: OAuthCheckVerdict }>;
}

/** Runs the fixed read-only script and judges its answer at `now`; shared by `check oauth` and the runbook's verification. */
export function oauthCheckReader(deps: { executor: Executor; voicePath: VoicePath; now: () => Date }): OAuthCheckReader {
  return {
    async read(params) {
      const outcome = await deps.executor.invoke(oauthCheckInvocation({ dc: params.dc, voicePath: deps.voicePath }));
      if (!outcome.ok) throw new UserError('TENANT_UNAVAILABLE', OAUTH_CHECK_MESSAGES.unreadable(outcome.error.message));
      const state = asOAuthCredentialState(outcome.output);
      return { state, verdict: oauthCheckVerdict(state, deps.now()) };
    },
  };
}
