import type { KeyObject } from 'node:crypto';
import { type SignedCheckpoint, signCheckpoint } from '../domain/audit/checkpoint';
import { ChainWalker } from '../domain/audit/verify-chain';
import type { Store } from '../ports/store';
import type { CheckpointDirectory } from './checkpoint-directory';

export interface CheckpointSignerDeps {
  /** Read access is all the signer needs from the store. */
  store: Pick<Store, 'queryAudit' | 'auditAnchor'>;
  directory: CheckpointDirectory;
  signingKey: KeyObject;
  every: number;
  intervalMs: number;
  now?: () => Date;
}

/**
 * Signs the head of the chain every N records or every T, also when idle (so a cut tail is caught and
 * the signer is seen to be alive). Runs as its own process with the private key; the bot never holds it.
 */
export class CheckpointSigner {
  private readonly now: () => Date;
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(private readonly deps: CheckpointSignerDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Signs when due; returns the new checkpoint, or undefined when none was due. */
  async tick(options: { force?: boolean } = {}): Promise<SignedCheckpoint | undefined> {
    const [head] = await this.deps.store.queryAudit({ limit: 1, newestFirst: true });
    const anchor = await this.deps.store.auditAnchor();
    const top = head ?? anchor;
    if (!top) return undefined;
    const last = this.deps.directory.list().at(-1);
    const time = this.now();
    const due =
      options.force ||
      !last ||
      top.sequence - last.sequence >= this.deps.every ||
      time.getTime() - Date.parse(last.time) >= this.deps.intervalMs;
    if (!due) return undefined;
    if (last) await this.assertExtends(last, top.sequence);
    const checkpoint = signCheckpoint(
      { sequence: top.sequence, headHash: top.hash, previousSignature: last?.signature ?? null, time: time.toISOString() },
      this.deps.signingKey,
    );
    this.deps.directory.append(checkpoint);
    return checkpoint;
  }

  // Never vouch for a chain that does not continue the last checkpoint: walk what was added since.
  private async assertExtends(last: SignedCheckpoint, headSequence: number): Promise<void> {
    if (headSequence < last.sequence) {
      throw new Error(`refusing to sign: the audit log ends at ${headSequence}, below checkpoint ${last.sequence}`);
    }
    const walker = new ChainWalker({ sequence: last.sequence, hash: last.headHash });
    let after = last.sequence;
    for (;;) {
      const page = await this.deps.store.queryAudit({ afterSequence: after, limit: 1000 });
      for (const record of page) if (!walker.push(record)) break;
      if (page.length < 1000 || walker.broken) break;
      after = page[page.length - 1].sequence;
    }
    const verdict = walker.finish();
    if (!verdict.intact) {
      throw new Error(`refusing to sign: record ${verdict.sequence} ${verdict.damage} since the last checkpoint (${verdict.detail})`);
    }
  }

  /** Polls at `pollMs`; errors go to onError and the next poll tries again. */
  start(pollMs: number, onError: (error: unknown) => void): void {
    this.running = true;
    const next = () => {
      if (this.running) this.timer = setTimeout(poll, pollMs);
    };
    const poll = () => {
      this.tick().then(next, (error) => {
        onError(error);
        next();
      });
    };
    poll();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
