import type { Clock } from './clock';

export interface BucketLimit {
  /** Tokens available at once (the burst). */
  capacity: number;
  /** Tokens added back per minute. */
  perMinute: number;
}

/** Token buckets keyed by name (a user, a tenant); a key costs memory only while its bucket is not full. */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: BucketLimit,
    private readonly clock: Pick<Clock, 'now'>,
  ) {}

  /** The tokens `key` would have now, without taking one. */
  available(key: string): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return this.limit.capacity;
    const refilled = ((this.clock.now() - bucket.at) / 60_000) * this.limit.perMinute;
    return Math.min(this.limit.capacity, bucket.tokens + refilled);
  }

  /** Takes one token if there is one. */
  tryTake(key: string): boolean {
    const tokens = this.available(key);
    if (tokens < 1) return false;
    this.buckets.set(key, { tokens: tokens - 1, at: this.clock.now() });
    this.forgetFullBuckets();
    return true;
  }

  /** Milliseconds until `key` has a whole token again. */
  waitMs(key: string): number {
    const missing = 1 - this.available(key);
    return missing <= 0 ? 0 : Math.ceil((missing / this.limit.perMinute) * 60_000);
  }

  private forgetFullBuckets(): void {
    if (this.buckets.size < 10_000) return;
    for (const key of [...this.buckets.keys()]) if (this.available(key) >= this.limit.capacity) this.buckets.delete(key);
  }
}
