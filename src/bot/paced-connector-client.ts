import { type CompatResponse, type RequestPolicy, toCompatResponse, type WebResourceLike } from '@azure/core-http-compat';
import { createDefaultHttpClient, createHttpHeaders, createPipelineRequest, type HttpClient } from '@azure/core-rest-pipeline';
import type { Logger } from '../logging/logger';
import type { Clock } from '../security/clock';
import type { SendPacer } from './send-pacer';

/**
 * Teams asks bots to retry these (learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit), and 503, which
 * says the service is briefly unavailable. Any other error status is thrown to the caller (ConnectorRefusal).
 */
export const RETRIED_STATUSES = new Set([429, 412, 502, 503, 504]);

export interface BackoffOptions {
  /** Attempts per request, the first included. */
  attempts: number;
  minDelayMs: number;
  maxDelayMs: number;
  /** Random spread, as a fraction of the delay (0.2 = ±20%), so retries from many sends don't collide. */
  jitter: number;
}

/** Microsoft's example for Teams bots: exponential backoff from 2 s up to 20 s with jitter. */
export const TEAMS_BACKOFF: BackoffOptions = { attempts: 8, minDelayMs: 2_000, maxDelayMs: 20_000, jitter: 0.2 };

/**
 * The HTTP client under every botbuilder ConnectorClient (turn replies, proactive sends, card updates): each
 * attempt takes a slot from the pacer for its conversation, and 429/412/502/503/504 are retried with exponential
 * backoff (or after the server's Retry-After, when it sends one). It sits below botbuilder's pipeline, so the request
 * arrives already signed; it never logs headers.
 */
export class PacedConnectorClient implements RequestPolicy {
  private readonly transport: HttpClient;

  constructor(
    private readonly deps: {
      /** Absent only when pacing is switched off (dev-mode load benchmarks); retries still apply. */
      pacer?: SendPacer;
      clock: Clock;
      logger: Logger;
      backoff?: BackoffOptions;
      random?: () => number;
      transport?: HttpClient;
    },
  ) {
    this.transport = deps.transport ?? createDefaultHttpClient();
  }

  async sendRequest(resource: WebResourceLike): Promise<CompatResponse> {
    const backoff = this.deps.backoff ?? TEAMS_BACKOFF;
    const conversation = conversationOf(resource.url);
    for (let attempt = 1; ; attempt++) {
      const release = this.deps.pacer ? await this.deps.pacer.acquire(conversation) : () => undefined;
      const request = createPipelineRequest({
        url: resource.url,
        method: resource.method,
        headers: createHttpHeaders(resource.headers.rawHeaders()),
        body: resource.body,
        timeout: resource.timeout,
        abortSignal: resource.abortSignal,
        withCredentials: resource.withCredentials,
        // The bot's token rides on this request: plain http only to this machine (the tests' local connector).
        allowInsecureConnection: isLoopback(resource.url),
      });
      const response = await this.transport.sendRequest(request).finally(release);
      if (!RETRIED_STATUSES.has(response.status) || attempt >= backoff.attempts) {
        if (response.status >= 400) throw ConnectorRefusal.of(resource, response.status, response.bodyAsText);
        return toCompatResponse(response);
      }
      const delay = this.delayMs(attempt, backoff, response.headers.get('retry-after'));
      this.deps.logger.warn('connector asked us to back off', { status: response.status, attempt, delayMs: delay });
      await this.deps.clock.sleep(delay);
    }
  }

  private delayMs(attempt: number, backoff: BackoffOptions, retryAfter: string | undefined): number {
    const exponential = Math.min(backoff.maxDelayMs, backoff.minDelayMs * 2 ** (attempt - 1));
    const spread = 1 + backoff.jitter * (2 * (this.deps.random ?? Math.random)() - 1);
    const jittered = Math.round(exponential * spread);
    const asked = retryAfterMs(retryAfter, this.deps.clock.now());
    return asked === undefined ? jittered : Math.min(backoff.maxDelayMs, Math.max(asked, 0));
  }
}

/**
 * The Bot Connector refused a call for good (after any retries). botbuilder's compat ConnectorClient would hand the
 * error body back as if it were the result, so a refused send looked delivered; it is thrown instead. The message
 * names the method, the path without its query and Teams' error code, never headers.
 */
export class ConnectorRefusal extends Error {
  constructor(
    message: string,
    readonly statusCode: number,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'ConnectorRefusal';
  }

  static of(resource: WebResourceLike, status: number, body: string | null | undefined): ConnectorRefusal {
    let code: string | undefined;
    let detail: string | undefined;
    try {
      const parsed = JSON.parse(body ?? '') as { error?: { code?: unknown; message?: unknown } };
      code = typeof parsed.error?.code === 'string' ? parsed.error.code : undefined;
      detail = typeof parsed.error?.message === 'string' ? parsed.error.message.slice(0, 200) : undefined;
    } catch {
      // not JSON: the status says enough
    }
    const path = new URL(resource.url).pathname;
    const because = [code, detail].filter(Boolean).join(': ');
    return new ConnectorRefusal(`the Bot Connector answered ${status} to ${resource.method} ${path}${because ? ` (${because})` : ''}`, status, code);
  }
}

/** `/v3/conversations/{id}/...` → id; other connector calls share one key. */
export function conversationOf(url: string): string {
  const match = /\/v3\/conversations\/([^/?]+)/.exec(new URL(url).pathname);
  return match ? decodeURIComponent(match[1]) : '(no conversation)';
}

function isLoopback(url: string): boolean {
  return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);
}

function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : date - now;
}
