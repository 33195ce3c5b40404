import { UserError } from '../errors';

/** The kinds of value a command argument can hold; each validates and normalises one token. */
export type ValueType = 'upn' | 'e164' | 'requestNumber' | 'domain' | 'text' | 'fqdn' | 'fqdnOrNone' | 'siteName' | 'displayName' | 'boolean';

// Local part: the characters Entra ID accepts in a UPN; domain: DNS labels with a dot.
const UPN = /^[A-Za-z0-9][A-Za-z0-9._'!#^~+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const E164 = /^\+[1-9]\d{6,14}$/;
// DNS host names with at least one dot and a letters-only top-level label; PowerShell re-checks with the same rule.
const FQDN = /^(?=.{4,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
const SITE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const DISPLAY_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;
// A DNS name of two or more labels (an FQDN or a domain), no trailing dot.
const DOMAIN = /^(?=.{4,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** Returns the normalised value or throws a UserError naming the bad value and the expected form. */
export function validateValue(type: ValueType, raw: string, label: string): string | number {
  switch (type) {
    case 'upn': {
      if (raw.length > 113 || !UPN.test(raw) || raw.includes('..')) {
        throw new UserError(
          'INVALID_UPN',
          `"${printable(raw)}" is not a valid user principal name for ${label}. Expected the form name@domain, for example alice@contoso.com.`,
        );
      }
      return raw.toLowerCase();
    }
    case 'e164': {
      const withoutTel = raw.toLowerCase().startsWith('tel:') ? raw.slice(4) : raw;
      if (!E164.test(withoutTel)) {
        throw new UserError(
          'INVALID_PHONE_NUMBER',
          `"${printable(raw)}" is not a valid phone number for ${label}. Expected E.164: + then the country code and number, 8 to 15 digits, no spaces, for example +14255550100.`,
        );
      }
      return withoutTel;
    }
    case 'requestNumber': {
      const digits = raw.startsWith('#') ? raw.slice(1) : raw;
      if (!/^[1-9]\d{0,9}$/.test(digits)) {
        throw new UserError(
          'INVALID_REQUEST_NUMBER',
          `"${printable(raw)}" is not a request number. Expected a whole number such as 42 (as in status 42).`,
        );
      }
      return Number(digits);
    }
    case 'domain': {
      if (!DOMAIN.test(raw) || /^\d+(\.\d+)*$/.test(raw)) {
        throw new UserError(
          'INVALID_DOMAIN',
          `"${printable(raw)}" is not a valid DNS name for ${label}. Expected a name such as contoso.com or sip.contoso.com.`,
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
          'INVALID_VALUE',
          `"${printable(raw)}" is not a fully qualified domain name for ${label}. Expected a host name such as sip.contoso.com.`,
        );
      }
      return raw.toLowerCase();
    }
    case 'siteName': {
      if (!SITE_NAME.test(raw)) {
        throw new UserError(
          'INVALID_VALUE',
          `"${printable(raw)}" is not a PSTN site name for ${label}. Expected letters, digits, - and _, for example SeattlePSTN.`,
        );
      }
      return raw;
    }
    case 'displayName': {
      if (!DISPLAY_NAME.test(raw)) {
        throw new UserError(
          'INVALID_VALUE',
          `"${printable(raw)}" is not a display name for ${label}. Expected letters, digits, spaces, . - and _, for example MediationServer1.`,
        );
      }
      return raw;
    }
    case 'boolean': {
      const lowered = raw.toLowerCase();
      if (['true', 'yes', 'on'].includes(lowered)) return 'true';
      if (['false', 'no', 'off'].includes(lowered)) return 'false';
      throw new UserError('INVALID_VALUE', `"${printable(raw)}" is not true or false for ${label}.`);
    }
  }
}

/** Shows control and invisible characters as escapes so an error message cannot hide them. */
export function printable(value: string, max = 80): string {
  const shown = value.length > max ? `${value.slice(0, max)}…` : value;
  return shown.replace(/[\u0000-\u001f\u007f-\u009f\u00a0\u2028\u2029\u200b-\u200f\ufeff]/gu, (c) =>
    `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
