import { UserError } from '../errors';

/** The kinds of value a command argument can hold; each validates and normalises one token. */
export type ValueType = 'upn' | 'e164' | 'requestNumber' | 'domain' | 'text';

// Local part: the characters Entra ID accepts in a UPN; domain: DNS labels with a dot.
const UPN = /^[A-Za-z0-9][A-Za-z0-9._'!#^~+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const E164 = /^\+[1-9]\d{6,14}$/;
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
  }
}

/** Shows control and invisible characters as escapes so an error message cannot hide them. */
export function printable(value: string, max = 80): string {
  const shown = value.length > max ? `${value.slice(0, max)}…` : value;
  return shown.replace(/[\u0000-\u001f\u007f-\u009f\u00a0\u2028\u2029\u200b-\u200f\ufeff]/gu, (c) =>
    `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
