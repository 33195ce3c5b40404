import type { KeyObject } from 'node:crypto';
import type { AuditRecord } from '../domain/audit/audit-record';
import { type SignedCheckpoint, verifyCheckpoints } from '../domain/audit/checkpoint';
import { CHAIN_START, type ChainPoint, type ChainVerdict, ChainWalker } from '../domain/audit/verify-chain';
import type { AuditAnchor } from '../ports/store';

/** What verification reads; SqliteAuditSource is one, streaming. */
export interface AuditSource {
  /** Records after `afterSequence`, in order, up to and including `upTo` when given. */
  records(afterSequence: number, upTo?: number): Iterable<AuditRecord>;
  hashExists(hash: string): boolean;
  anchor(): AuditAnchor | undefined;
}

export interface VerifyAuditOptions {
  source: AuditSource;
  checkpoints: readonly SignedCheckpoint[];
  /** Needed whenever there are checkpoints: the verifier holds only the public key. */
  publicKey: KeyObject | undefined;
  /** Start at the newest checkpoint instead of the beginning (or the archive anchor). */
  fromLastCheckpoint?: boolean;
}

export type AuditVerdict = ChainVerdict & {
  /** Sequence the walk started after (0, the archive anchor, or a checkpoint). */
  startedAfter: number;
  checkpoints: number;
  warnings: string[];
  /** Worker threads whose walks gave the verdict (1: the single-threaded walk). */
  threads: number;
};

/** Where a walk starts and what vouches for it, or the verdict already reached from the checkpoints alone. */
export type VerifyPlan =
  | { verdict: AuditVerdict }
  | { start: ChainPoint; vouched: ChainPoint[]; finish: (verdict: ChainVerdict, threads?: number) => AuditVerdict };

/** Checkpoint signatures and links, the archive anchor, and the starting point; shared by the serial and parallel walks. */
export function planVerify(options: Omit<VerifyAuditOptions, 'source'>, anchor: AuditAnchor | undefined): VerifyPlan {
  const { checkpoints, publicKey } = options;
  const warnings: string[] = [];
  const done =
    (startedAfter: number) =>
    (verdict: ChainVerdict, threads = 1): AuditVerdict => ({ ...verdict, startedAfter, checkpoints: checkpoints.length, warnings, threads });

  if (checkpoints.length > 0) {
    if (!publicKey) throw new Error('there are signed checkpoints but no public key to check them with');
    const signed = verifyCheckpoints(checkpoints, publicKey);
    if (!signed.ok) return { verdict: done(0)({ intact: false, sequence: signed.sequence, damage: 'forged-checkpoint', detail: signed.detail }) };
  } else {
    warnings.push('no signed checkpoints: a cut tail or a chain re-sealed end to end cannot be detected');
  }
  const vouched: ChainPoint[] = checkpoints.map((c) => ({ sequence: c.sequence, hash: c.headHash }));

  let start: ChainPoint = CHAIN_START;
  if (anchor) {
    if (!vouched.some((c) => c.sequence === anchor.sequence && c.hash === anchor.hash)) {
      return {
        verdict: done(0)({
          intact: false,
          sequence: 1,
          damage: 'deleted',
          detail: `records 1 to ${anchor.sequence} are gone and no signed checkpoint vouches for the archive anchor`,
        }),
      };
    }
    start = { sequence: anchor.sequence, hash: anchor.hash };
  }
  const newest = vouched[vouched.length - 1];
  if (options.fromLastCheckpoint && newest && newest.sequence > start.sequence) start = newest;
  return { start, vouched, finish: done(start.sequence) };
}

/** Checkpoints first (signatures, links), then the chain against them, from the start or a trusted point. */
export function verifyAudit(options: VerifyAuditOptions): AuditVerdict {
  const { source } = options;
  const plan = planVerify(options, source.anchor());
  if ('verdict' in plan) return plan.verdict;
  return plan.finish(walkChain(source, plan.start, plan.vouched));
}

/** One walker over the records after `start` (up to `upTo` when given); stops at the first damage. */
export function walkChain(source: AuditSource, start: ChainPoint, vouched: readonly ChainPoint[], upTo?: number): ChainVerdict {
  const walker = new ChainWalker(start, vouched);
  for (const record of source.records(start.sequence, upTo)) if (!walker.push(record)) break;
  const question = walker.question;
  return walker.finish(question !== undefined && source.hashExists(question));
}
