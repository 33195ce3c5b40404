import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Download links for bulk files: the outcomes of a request, /bulk/outcomes/<request>.<expiry>.<HMAC>.csv, and the
 * `bulk export` file, /bulk/export/<expiry>.<HMAC>.csv. Unguessable (256-bit HMAC), expiring, and nothing to store.
 * The bot signs with a key derived from the audit HMAC key (`linkKeyFrom`), which every replica of a deployment
 * shares: a link one replica hands out works on any other, and after a restart.
 */
/** The links' own key, derived from a shared secret (HKDF-SHA256), so the secret itself signs nothing else here. */
export function linkKeyFrom(secret: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'voiceops bulk download links', 32));
}

export class BulkOutcomeLinks {
  constructor(
    private readonly deps: { baseUrl: () => string; ttlMs: number; now: () => number; key?: Buffer },
    private readonly key: Buffer = deps.key ?? randomBytes(32),
  ) {}

  linkFor(requestId: number): string {
    const expires = Math.floor((this.deps.now() + this.deps.ttlMs) / 1000);
    return `${this.deps.baseUrl()}/bulk/outcomes/${requestId}.${expires}.${this.sign(requestId, expires)}.csv`;
  }

  /** The request a token names, or undefined when the token is forged, malformed or expired. */
  requestOf(token: string): number | undefined {
    const match = /^([1-9]\d{0,9})\.(\d{1,12})\.([0-9a-f]{64})(?:\.csv)?$/.exec(token);
    if (!match) return undefined;
    const [requestId, expires] = [Number(match[1]), Number(match[2])];
    const expected = Buffer.from(this.sign(requestId, expires), 'hex');
    if (!timingSafeEqual(expected, Buffer.from(match[3], 'hex'))) return undefined;
    return expires * 1000 > this.deps.now() ? requestId : undefined;
  }

  /** How long an export link works: at most an hour, since opening it reads the whole tenant again. */
  get exportTtlMs(): number {
    return Math.min(this.deps.ttlMs, 3_600_000);
  }

  exportLink(): { url: string; expiresAt: string } {
    const expires = Math.floor((this.deps.now() + this.exportTtlMs) / 1000);
    return { url: `${this.deps.baseUrl()}/bulk/export/${expires}.${this.signExport(expires)}.csv`, expiresAt: new Date(expires * 1000).toISOString() };
  }

  /** Whether a token is a valid, unexpired `bulk export` link. */
  exportAllowed(token: string): boolean {
    const match = /^(\d{1,12})\.([0-9a-f]{64})(?:\.csv)?$/.exec(token);
    if (!match) return false;
    const expires = Number(match[1]);
    const expected = Buffer.from(this.signExport(expires), 'hex');
    return timingSafeEqual(expected, Buffer.from(match[2], 'hex')) && expires * 1000 > this.deps.now();
  }

  private sign(requestId: number, expires: number): string {
    return createHmac('sha256', this.key).update(`bulk-outcomes:${requestId}:${expires}`).digest('hex');
  }

  private signExport(expires: number): string {
    return createHmac('sha256', this.key).update(`bulk-export:${expires}`).digest('hex');
  }
}
