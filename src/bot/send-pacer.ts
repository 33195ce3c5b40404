import type { Clock } from '../security/clock';

export interface RateWindow {
  ms: number;
  max: number;
}

/**
 * Teams' documented per-bot per-conversation limits for "send to conversation"
 * (learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit): 7 per second, 8 per 2 seconds,
 * 60 per 30 seconds, 1800 per hour.
 */
export const TEAMS_CONVERSATION_WINDOWS: RateWindow[] = [
  { ms: 1_000, max: 7 },
  { ms: 2_000, max: 8 },
  { ms: 30_000, max: 60 },
  { ms: 3_600_000, max: 1800 },
];

/** The documented global limit per app per tenant (the page has said 30 and 50 requests/second; we keep to 30). */
export const TEAMS_APP_WINDOWS: RateWindow[] = [{ ms: 1_000, max: 30 }];

/**
 * Reserves send slots so that no sliding window is ever exceeded, per conversation and for the whole app.
 * Within a conversation requests go one at a time in call order; across conversations nobody waits behind
 * another conversation's queue. A safety margin widens each window against clock and timer jitter.
 */
export class SendPacer {
  private readonly sent = new Map<string, number[]>();
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly clock: Clock,
    private readonly conversationWindows: RateWindow[] = TEAMS_CONVERSATION_WINDOWS,
    private readonly appWindows: RateWindow[] = TEAMS_APP_WINDOWS,
    private readonly marginMs = 100,
  ) {}

  /**
   * Waits for, and takes, the next slot for one request to `conversationId`; call the returned release when the
   * response is back. One request per conversation is in flight at a time (Teams asks bots not to send to one
   * conversation in parallel), and its slot is moved to when its response came back: that is no earlier than
   * when Teams counted it, so the windows hold where Teams measures them, whatever the network delay.
   */
  async acquire(conversationId: string): Promise<() => void> {
    const key = `c:${conversationId}`;
    const previous = this.inFlight.get(key) ?? Promise.resolve();
    let done!: () => void;
    const mine = previous.then(() => new Promise<void>((resolve) => (done = resolve)));
    this.inFlight.set(key, mine);
    await previous;

    const conversation = this.history(key);
    const app = this.history('app');
    const now = this.clock.now();
    let at = Math.max(now, last(conversation));
    for (let moved = true; moved; ) {
      const next = this.earliestFitting(app, this.appWindows, this.earliestAfter(conversation, this.conversationWindows, at));
      moved = next !== at;
      at = next;
    }
    conversation.push(at);
    insertSorted(app, at);
    this.prune(now);
    if (at > now) await this.clock.sleep(at - now);
    return () => {
      const times = this.history(key);
      if (times[times.length - 1] === at) times[times.length - 1] = Math.max(at, this.clock.now());
      if (this.inFlight.get(key) === mine) this.inFlight.delete(key);
      done();
    };
  }

  /** For a list whose slots are all at or before `from`: the first time at or after it that no window forbids. */
  private earliestAfter(times: number[], windows: RateWindow[], from: number): number {
    let at = from;
    for (let moved = true; moved; ) {
      moved = false;
      for (const { ms, max } of windows) {
        const span = ms + this.marginMs;
        const inWindow = times.filter((t) => t > at - span);
        if (inWindow.length >= max) {
          at = inWindow[inWindow.length - max] + span;
          moved = true;
        }
      }
    }
    return at;
  }

  /** For a list that may hold later slots too: the first time at or after `from` that keeps every window. */
  private earliestFitting(times: number[], windows: RateWindow[], from: number): number {
    const candidates = [from, ...windows.flatMap(({ ms }) => times.map((t) => t + ms + this.marginMs))]
      .filter((c) => c >= from)
      .sort((x, y) => x - y);
    return candidates.find((c) => windows.every((w) => this.fits(times, w, c))) ?? from;
  }

  // Every window of this length that would contain `at` holds at most max - 1 other slots.
  private fits(times: number[], { ms, max }: RateWindow, at: number): boolean {
    const span = ms + this.marginMs;
    const near = times.filter((t) => t > at - span && t < at + span);
    const starts = [at, ...near.filter((t) => t <= at)];
    return starts.every((start) => near.filter((t) => t >= start && t < start + span).length < max);
  }

  private history(key: string): number[] {
    let times = this.sent.get(key);
    if (!times) this.sent.set(key, (times = []));
    return times;
  }

  private prune(now: number): void {
    const horizon = Math.max(...this.conversationWindows.map((w) => w.ms), ...this.appWindows.map((w) => w.ms)) + this.marginMs;
    for (const [key, times] of this.sent) {
      const keep = times.filter((t) => t > now - horizon);
      if (keep.length === 0) this.sent.delete(key);
      else if (keep.length !== times.length) this.sent.set(key, keep);
    }
  }
}

function insertSorted(times: number[], at: number): void {
  let i = times.length;
  while (i > 0 && times[i - 1] > at) i--;
  times.splice(i, 0, at);
}

function last(times: number[]): number {
  return times.length > 0 ? times[times.length - 1] : 0;
}
