import { UserError } from '../errors';
import { msg, type MessageParam } from '../../i18n/message';

/** The kinds of value a command argument can hold; each validates and normalises one token. */
export type ValueType =
  | 'upn' | 'e164' | 'requestNumber' | 'domain' | 'text' | 'fqdn' | 'fqdnOrNone' | 'siteName' | 'displayName' | 'boolean' | 'oauthParts' | 'thumbprint';

/**
 * What `exchange oauth remove` can take back, in the order it runs: procedure B's last step first (the current
 * certificate's key), with the keys of certificates that have ended beside it.
 */
export const OAUTH_PARTS = ['key', 'expired', 'partner', 'userrole', 'archiverole', 'hide', 'account'] as const;
export type OAuthPart = (typeof OAUTH_PARTS)[number];
const OAUTH_PART_GROUPS: Record<string, readonly OAuthPart[]> = { roles: ['userrole', 'archiverole'], all: OAUTH_PARTS };

/** The parts named, each once, in the order the removal runs: how a request holds them, typed or filed by undo. */
export function inRemovalOrder(named: readonly string[]): OAuthPart[] {
  return OAUTH_PARTS.filter((part) => named.includes(part));
}

// Local part: the characters Entra ID accepts in a UPN; domain: DNS labels with a dot.
const UPN = /^[A-Za-z0-9][A-Za-z0-9._'!#^~+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const E164 = /^\+[1-9]\d{6,14}$/;
// DNS host names with at least one dot and a letters-only top-level label; PowerShell re-checks with the same rule.
const FQDN = /^(?=.{4,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
const SITE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const DISPLAY_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;
// A certificate thumbprint: SHA-1, 40 hex digits, as Exchange shows it.
const THUMBPRINT = /^[0-9A-Fa-f]{40}$/;
// A DNS name of two or more labels (an FQDN or a domain), no trailing dot.
const DOMAIN = /^(?=.{4,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

// A number as directories print it: "+1 (425) 555-0100". ASCII separators only: a dash look-alike is refused, not guessed.
const PRINTED_NUMBER = /^\+[0-9 ().-]+$/;

/** A number with the spaces, dots, dashes and brackets people paste it with, as the digits E.164 has. */
function readableNumber(raw: string): string {
  return PRINTED_NUMBER.test(raw) ? raw.replace(/[ ().-]/g, '') : raw;
}

/** A word that can continue a phone number typed with spaces ("+1 425 555 0100"): digits and separators only. */
export function continuesNumber(word: string): boolean {
  return /^[0-9().-]+$/.test(word);
}

/** Returns the normalised value or throws a UserError naming the bad value and the expected form. */
export function validateValue(type: ValueType, raw: string, label: MessageParam): string | number {
  switch (type) {
    case 'upn': {
      if (raw.length > 113 || !UPN.test(raw) || raw.includes('..')) {
        throw new UserError(
          'INVALID_UPN', msg('value.invalidUpn', { value: printable(raw), label }),
        );
      }
      return raw.toLowerCase();
    }
    case 'e164': {
      const withoutTel = readableNumber(raw.toLowerCase().startsWith('tel:') ? raw.slice(4) : raw);
      if (!E164.test(withoutTel)) {
        throw new UserError(
          'INVALID_PHONE_NUMBER', msg('value.invalidPhone', { value: printable(raw), label }),
        );
      }
      return withoutTel;
    }
    case 'requestNumber': {
      const digits = raw.startsWith('#') ? raw.slice(1) : raw;
      if (!/^[1-9]\d{0,9}$/.test(digits)) {
        throw new UserError(
          'INVALID_REQUEST_NUMBER', msg('value.invalidRequestNumber', { value: printable(raw) }),
        );
      }
      return Number(digits);
    }
    case 'domain': {
      if (!DOMAIN.test(raw) || /^\d+(\.\d+)*$/.test(raw)) {
        throw new UserError(
          'INVALID_DOMAIN', msg('value.invalidDomain', { value: printable(raw), label }),
        );
      }
      return raw.toLowerCase();
    }
    case 'text':
      return raw;
    case 'fqdn':
    case 'fqdnOrNone': {
      if (type === 'fqdnOrNone' && raw.toLowerCase() === 'none') return 'none';
      if (!FQDN.test(raw)) {
        throw new UserError(
          'INVALID_VALUE', msg('value.invalidFqdn', { value: printable(raw), label }),
        );
      }
      return raw.toLowerCase();
    }
    case 'siteName': {
      if (!SITE_NAME.test(raw)) {
        throw new UserError(
          'INVALID_VALUE', msg('value.invalidSiteName', { value: printable(raw), label }),
        );
      }
      return raw;
    }
    case 'displayName': {
      if (!DISPLAY_NAME.test(raw)) {
        throw new UserError(
          'INVALID_VALUE', msg('value.invalidDisplayName', { value: printable(raw), label }),
        );
      }
      return raw;
    }
    case 'oauthParts':
      return oauthPartsOf(raw, label);
    case 'thumbprint': {
      if (!THUMBPRINT.test(raw)) {
        throw new UserError('INVALID_VALUE', msg('value.invalidThumbprint', { value: printable(raw), label }));
      }
      return raw.toUpperCase();
    }
    case 'boolean': {
      const lowered = raw.toLowerCase();
      if (['true', 'yes', 'on'].includes(lowered)) return 'true';
      if (['false', 'no', 'off'].includes(lowered)) return 'false';
      throw new UserError('INVALID_VALUE', msg('value.invalidBoolean', { value: printable(raw), label }));
    }
  }
}

/** `roles,partner` → `partner,userrole,archiverole`: each part once, in the order the removal runs. */
function oauthPartsOf(raw: string, label: MessageParam): string {
  const parts = raw
    .toLowerCase()
    .split(',')
    .flatMap((word) => {
      const group = OAUTH_PART_GROUPS[word.trim()] ?? inRemovalOrder([word.trim()]);
      if (group.length === 0) {
        throw new UserError('INVALID_VALUE', msg('value.invalidOAuthParts', { value: printable(raw), label, parts: [...OAUTH_PARTS, ...Object.keys(OAUTH_PART_GROUPS)].join(', ') }));
      }
      return group;
    });
  return inRemovalOrder(parts).join(',');
}

/** Shows control and invisible characters as escapes so an error message cannot hide them. */
export function printable(value: string, max = 80): string {
  const shown = value.length > max ? `${value.slice(0, max)}…` : value;
  return shown.replace(/[\u0000-\u001f\u007f-\u009f\u00a0\u2028\u2029\u200b-\u200f\ufeff]/gu, (c) =>
    `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
