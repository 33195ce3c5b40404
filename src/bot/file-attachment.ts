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

export const ATTACHMENT_TEXT = {
  tooLarge: (maxBytes: number) => `The file is larger than ${Math.round(maxBytes / 1024)} KB, the most one bulk request takes. Split it into smaller files.`,
  notAllowed: 'I can only download files Teams shares with me (an https link from Teams); this link is not one.',
  downloadFailed: (status: string) => `I could not download the file (${status}). Upload it again, or paste its lines after bulk.`,
  notCsv: (name: string) => `"${name}" is not a CSV file. Upload a .csv file with the columns upn,number,site,international.`,
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
