import { ATTACHMENT_TEXT, type FileFetcher, type MessageAttachment, TEAMS_FILE_DOWNLOAD_INFO } from '../../bot/file-attachment';
import { UserError } from '../../domain/errors';

export interface HttpFileFetcherOptions {
  maxBytes: number;
  timeoutMs: number;
  /** Production takes https links only; dev mode and tests also take http on the loopback interface. */
  allowLoopbackHttp: boolean;
}

/**
 * Downloads a Teams file attachment (content.downloadUrl is a short-lived pre-authenticated link, no token needed)
 * or reads an inline text/csv attachment. Reads at most maxBytes: a bigger file is refused, not truncated.
 */
export class HttpFileFetcher implements FileFetcher {
  constructor(private readonly options: HttpFileFetcherOptions) {}

  async fetchText(attachment: MessageAttachment): Promise<string> {
    if (attachment.contentType !== TEAMS_FILE_DOWNLOAD_INFO && typeof attachment.content === 'string') {
      if (Buffer.byteLength(attachment.content) > this.options.maxBytes) throw new UserError('INVALID_VALUE', ATTACHMENT_TEXT.tooLarge(this.options.maxBytes));
      return attachment.content;
    }
    const content = attachment.content as { downloadUrl?: unknown; fileType?: unknown } | undefined;
    const url = this.allowedUrl(String(content?.downloadUrl ?? attachment.contentUrl ?? ''));
    const response = await fetch(url, { signal: AbortSignal.timeout(this.options.timeoutMs), redirect: 'error' }).catch((error: unknown) => {
      throw new UserError('INVALID_VALUE', ATTACHMENT_TEXT.downloadFailed(error instanceof Error ? error.name : 'network error'));
    });
    if (!response.ok || !response.body) throw new UserError('INVALID_VALUE', ATTACHMENT_TEXT.downloadFailed(`HTTP ${response.status}`));
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > this.options.maxBytes) {
      await response.body.cancel();
      throw new UserError('INVALID_VALUE', ATTACHMENT_TEXT.tooLarge(this.options.maxBytes));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > this.options.maxBytes) {
        await reader.cancel();
        throw new UserError('INVALID_VALUE', ATTACHMENT_TEXT.tooLarge(this.options.maxBytes));
      }
      chunks.push(Buffer.from(value));
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  private allowedUrl(raw: string): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new UserError('INVALID_VALUE', ATTACHMENT_TEXT.notAllowed);
    }
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    if (url.protocol === 'https:' || (this.options.allowLoopbackHttp && url.protocol === 'http:' && loopback)) return url;
    throw new UserError('INVALID_VALUE', ATTACHMENT_TEXT.notAllowed);
  }
}
