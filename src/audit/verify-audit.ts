import type { KeyObject } from 'node:crypto';
import type { AuditRecord } from '../domain/audit/audit-record';
import { type SignedCheckpoint, verifyCheckpoints } from '../domain/audit/checkpoint';
import { CHAIN_START, type ChainPoint, type ChainVerdict, ChainWalker } from '../domain/audit/verify-chain';
import type { AuditAnchor } from '../ports/store';

/** What verification reads; SqliteAuditSource is one, streaming. */
export interface AuditSource {
  records(afterSequence: number): Iterable<AuditRecord>;
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
};

/** Checkpoints first (signatures, links), then the chain against them, from the start or a trusted point. */
export function verifyAudit(options: VerifyAuditOptions): AuditVerdict {
  const { source, checkpoints, publicKey } = options;
  const warnings: string[] = [];
  const done = (verdict: ChainVerdict, startedAfter: number): AuditVerdict => ({ ...verdict, startedAfter, checkpoints: checkpoints.length, warnings });

  if (checkpoints.length > 0) {
    if (!publicKey) throw new Error('there are signed checkpoints but no public key to check them with');
    const signed = verifyCheckpoints(checkpoints, publicKey);
    if (!signed.ok) return done({ intact: false, sequence: signed.sequence, damage: 'forged-checkpoint', detail: signed.detail }, 0);
  } else {
    warnings.push('no signed checkpoints: a cut tail or a chain re-sealed end to end cannot be detected');
  }
  const vouched: ChainPoint[] = checkpoints.map((c) => ({ sequence: c.sequence, hash: c.headHash }));

  let start: ChainPoint = CHAIN_START;
  const anchor = source.anchor();
  if (anchor) {
    if (!vouched.some((c) => c.sequence === anchor.sequence && c.hash === anchor.hash)) {
      return done(
        { intact: false, sequence: 1, damage: 'deleted', detail: `records 1 to ${anchor.sequence} are gone and no signed checkpoint vouches for the archive anchor` },
        0,
      );
    }
    start = { sequence: anchor.sequence, hash: anchor.hash };
  }
  const newest = vouched[vouched.length - 1];
  if (options.fromLastCheckpoint && newest && newest.sequence > start.sequence) start = newest;

  const walker = new ChainWalker(start, vouched);
  for (const record of source.records(start.sequence)) if (!walker.push(record)) break;
  const question = walker.question;
  return done(walker.finish(question !== undefined && source.hashExists(question)), start.sequence);
}
