import { englishText } from '../i18n/translator';
import type { Message } from '../i18n/message';

/** Failures a user can cause: each has a code and a message written for the person who caused it. */
export type UserErrorCode =
  | 'UNKNOWN_COMMAND'
  | 'MISSING_ARGUMENT'
  | 'TOO_MANY_ARGUMENTS'
  | 'INVALID_UPN'
  | 'INVALID_PHONE_NUMBER'
  | 'INVALID_DOMAIN'
  | 'INVALID_REQUEST_NUMBER'
  | 'INVALID_VALUE'
  | 'NOT_AUTHORIZED'
  | 'SELF_APPROVAL'
  | 'TARGET_APPROVAL'
  | 'NOT_APPROVER'
  | 'ALREADY_VOTED'
  | 'REQUEST_NOT_FOUND'
  | 'REQUEST_NOT_PENDING'
  | 'STALE_CARD'
  | 'TENANT_USER_NOT_FOUND'
  | 'TENANT_UNAVAILABLE'
  | 'AUDIT_UNAVAILABLE'
  | 'NOT_UNDOABLE'
  | 'TARGET_STATE_INVALID'
  | 'REQUEST_EXPIRED'
  | 'REQUEST_CHANGED'
  | 'NOT_REQUESTER'
  | 'NOT_ALLOWED_TO_STOP'
  | 'DIRECTORY_UNAVAILABLE';

/**
 * The text is a catalog message (key + params), rendered in the reader's language at the edge (Translator);
 * Error.message holds its English rendering for logs and the audit trail. A plain string is text not yet in the
 * catalogs (shown as written, in English; docs/localisation.md lists where).
 */
export class UserError extends Error {
  constructor(
    readonly code: UserErrorCode,
    readonly text: Message | string,
    readonly suggestion?: string,
  ) {
    super(typeof text === 'string' ? text : englishText(text));
    this.name = 'UserError';
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
