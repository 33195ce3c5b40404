import { msg, type MessageParam } from '../i18n/message';

/** A file the user attached to a message, as plain data (no Bot Framework types past the bot glue). */
export interface MessageAttachment {
  contentType: string;
  name?: string;
  /** Inline content (text/csv attachments carry the text itself). */
  content?: unknown;
  contentUrl?: string;
}

/** What Teams sends to a bot for a file uploaded in the chat (personal scope, supportsFiles in the manifest). */
export const TEAMS_FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

/** Why a file is refused (bulk.attachment.* in the catalogs), as messages rendered in the reader's language. */
export const ATTACHMENT_TEXT = {
  tooLarge: (maxBytes: number) => msg('bulk.attachment.tooLarge', { kb: Math.round(maxBytes / 1024) }),
  notAllowed: msg('bulk.attachment.notAllowed'),
  downloadFailed: (status: string) => msg('bulk.attachment.downloadFailed', { status }),
  notCsv: (name: MessageParam) => msg('bulk.attachment.notCsv', { name }),
};

/** Fetches an attached file's text over HTTP with a size cap and a time limit. */
export interface FileFetcher {
  fetchText(attachment: MessageAttachment): Promise<string>;
}

/** The CSV file of a message, if it has one: a Teams file upload or an inline text/csv attachment. */
export function csvAttachmentOf(attachments: readonly MessageAttachment[]): MessageAttachment | undefined {
  return attachments.find((a) => a.contentType === 'text/csv' || (a.contentType === TEAMS_FILE_DOWNLOAD_INFO && isCsvName(a)));
}

/** A file uploaded through Teams that is not a CSV file (a spreadsheet, say), so it can be named in the refusal. */
export function otherFileOf(attachments: readonly MessageAttachment[]): MessageAttachment | undefined {
  return attachments.find((a) => a.contentType === TEAMS_FILE_DOWNLOAD_INFO && !isCsvName(a));
}

function isCsvName(attachment: MessageAttachment): boolean {
  const fileType = (attachment.content as { fileType?: unknown } | undefined)?.fileType;
  return String(fileType ?? '').toLowerCase() === 'csv' || /\.csv$/i.test(attachment.name ?? '');
}
